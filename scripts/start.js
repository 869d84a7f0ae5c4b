// `npm start`: the desktop app where Electron's binary is installed, else the web build.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const electronDir = join(import.meta.dirname, '..', 'node_modules', 'electron');

function electronInstalled() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return false;
  return existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

const run = (command) =>
  spawn(command, { stdio: 'inherit', shell: true }).on('exit', (code) => process.exit(code ?? 1));

if (electronInstalled()) {
  run('npx electron-vite preview');
} else {
  console.log(
    "Electron's binary is not installed on this machine (npm could not download it), so Weightcraft starts as a web app in your browser instead.",
  );
  run('npm run web');
}
