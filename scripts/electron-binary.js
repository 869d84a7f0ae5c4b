// Where Electron's binary is, if it is installed: `npm start` fetches it on first use, and the
// desktop end-to-end tests run only where it is there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const electronDir = join(import.meta.dirname, '..', 'node_modules', 'electron');

/** Electron's own installer, which downloads the binary for this platform into dist/. */
export const electronInstaller = join(electronDir, 'install.js');

/** The binary's path, or null when it is not installed. */
export function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}
