/**
 * The desktop end-to-end tests drive the real app (out/main, built by `electron-vite build`)
 * with Playwright's Electron support. They run only where Electron's binary is installed
 * (playwright.config.ts leaves the project out elsewhere, and `npm test` says so). Each test gets
 * a fresh app with its own settings folder, and fails on any console error, uncaught exception
 * or CSP violation in its window, as the web tests do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  _electron,
  test as base,
  expect,
  type ConsoleMessage,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { electronBinary } from '../../scripts/electron-binary.js';

export { expect };
export type { Page };

const root = join(import.meta.dirname, '..', '..');

interface DesktopFixtures {
  /** Files named on the app's command line (opened at start). */
  launchFiles: string[];
  app: ElectronApplication;
  window: Page;
  problems: string[];
}

export const test = base.extend<DesktopFixtures>({
  launchFiles: [[], { option: true }],

  app: async ({ launchFiles }, use) => {
    const home = await mkdtemp(join(tmpdir(), 'weightcraft-desktop-'));
    const executablePath = electronBinary();
    if (!executablePath)
      throw new Error("Electron's binary is not installed (npm start fetches it)");
    const app = await _electron.launch({
      executablePath,
      args: [join(root, 'out', 'main', 'index.js'), ...launchFiles],
      cwd: root,
      // Its own settings, recent files and recovery: nothing from the user's real app.
      env: { ...process.env, XDG_CONFIG_HOME: home, HOME: home },
    });
    await use(app);
    await app.close();
    await rm(home, { recursive: true, force: true });
  },

  problems: async ({ app }, use) => {
    const problems: string[] = [];
    app.on('window', (page) => {
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      page.on('worker', (worker) =>
        worker.on('console', (message) => {
          if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
        }),
      );
    });
    await use(problems);
    expect(problems, 'console errors, uncaught exceptions and CSP violations').toEqual([]);
  },

  window: async ({ app, problems }, use) => {
    void problems; // listening before the first window opens
    const window = await app.firstWindow();
    await window.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`securitypolicyviolation: ${event.effectiveDirective} ${event.blockedURI}`),
      ),
    );
    await use(window);
  },
});
