// `npm start` (and `npm run dev` with --dev): the desktop app, or the web build where Electron's
// binary cannot be had. `npm install` runs no install scripts (.npmrc), so the binary is fetched
// here, once, by Electron's own installer; without internet that fails in a second or two.
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary, electronInstaller } from './electron-binary.js';

const dev = process.argv.includes('--dev');

const run = (command) =>
  spawn(command, { stdio: 'inherit', shell: true }).on('exit', (code) => process.exit(code ?? 1));

/** Runs Electron's installer; returns why it failed (its error's first line), or null. */
function download() {
  const result = spawnSync(process.execPath, [electronInstaller], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 10 * 60_000,
  });
  if (result.status === 0) return null;
  const reason = result.stderr.split('\n').find((line) => line.trim() !== '');
  return reason?.trim() ?? result.error?.message ?? `its installer exited with ${result.status}`;
}

function whyNoElectron() {
  if (electronBinary()) return null;
  if (process.env['ELECTRON_SKIP_BINARY_DOWNLOAD']) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  return download() ?? (electronBinary() ? null : 'its installer left no binary');
}

const why = whyNoElectron();
if (why === null) {
  run(dev ? 'npx electron-vite dev' : 'npx electron-vite preview');
} else if (dev) {
  console.error(`npm run dev needs Electron's binary, which could not be downloaded (${why}).`);
  process.exit(1);
} else {
  console.log(
    `Electron's binary could not be downloaded (${why}), so Weightcraft starts as a web app in your browser instead.`,
  );
  run('npm run web');
}
