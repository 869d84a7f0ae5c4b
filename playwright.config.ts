import { createServer } from 'node:net';
import { defineConfig } from '@playwright/test';
import { electronBinary } from './scripts/electron-binary.js';

/** A port no one listens on now: other checkouts on this machine may be running their tests. */
async function freePort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return String(port);
}

// The config is read again in each worker process: they inherit the port through the variable.
process.env['WEIGHTCRAFT_E2E_PORT'] ??= await freePort();
const port = process.env['WEIGHTCRAFT_E2E_PORT'];

/**
 * Two projects. "web": the web build (`vite preview`, which sends the desktop app's security
 * headers) in Debian's Chromium, no browser download needed. "desktop": the real Electron app
 * (e2e/desktop), only where Electron's binary is installed; elsewhere the project is left out,
 * and `npm test` reports that it did not run and why.
 */
export const DESKTOP_PROJECT = electronBinary() ? 'desktop' : null;

export default defineConfig({
  testDir: 'e2e',
  projects: [
    { name: 'web', testIgnore: 'desktop/**' },
    ...(DESKTOP_PROJECT ? [{ name: DESKTOP_PROJECT, testDir: 'e2e/desktop', workers: 1 }] : []),
  ],
  outputDir: 'test-results/e2e',
  // Upper bounds, not waits: this 2-core machine is shared, and under a load of 20 a training
  // test can take twice its quiet time.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 2,
  retries: 0,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --config vite.web.config.ts --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
