/**
 * Frames per second while panning and zooming a 784-128-10 network in headless Chromium,
 * against the web build (run `npm run build:web` first). Printed, never asserted.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';

const PORT = 4175;
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * `vite preview` in its own process group, run by node directly (through npx, killing npx left
 * vite serving). Stopped by killing the group: in `finally`, and on exit or Ctrl-C as well.
 */
function startPreview(): { stop: () => void } {
  const vite = path.join(
    path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
    'bin/vite.js',
  );
  const server = spawn(
    process.execPath,
    [vite, 'preview', '--config', 'vite.web.config.ts', '--port', String(PORT), '--strictPort'],
    { stdio: 'ignore', detached: true },
  );
  let stopped = false;
  const stop = () => {
    if (stopped || server.pid === undefined) return;
    stopped = true;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    process.off('exit', stop);
    process.off('SIGINT', interrupted);
  };
  const interrupted = () => {
    stop();
    process.exit(130);
  };
  process.on('exit', stop);
  process.on('SIGINT', interrupted);
  return { stop };
}

async function waitForServer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not start`);
}

/** Frames drawn per second while `gesture` runs, counted with requestAnimationFrame. */
async function fpsDuring(page: Page, gesture: () => Promise<void>): Promise<number> {
  // Scripts as text: tsx's helpers (e.g. __name) do not exist inside the page.
  await page.evaluate(`(() => {
    window.frames_ = 0;
    window.counting_ = true;
    const tick = () => {
      window.frames_++;
      if (window.counting_) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  const start = performance.now();
  await gesture();
  const seconds = (performance.now() - start) / 1000;
  const frames = (await page.evaluate('window.counting_ = false, window.frames_')) as number;
  return frames / seconds;
}

export async function benchCanvas(): Promise<string[]> {
  if (!existsSync(executablePath)) return [`canvas: skipped, no Chromium at ${executablePath}`];
  if (!existsSync('out/web/index.html'))
    return ['canvas: skipped, build the web app first (npm run build:web)'];
  const server = startPreview();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const url = `http://127.0.0.1:${PORT}/`;
    await waitForServer(url);
    // The web build's CSP forbids eval, which waitForFunction's string predicates need.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await page.goto(url);
    await page.getByLabel('Lesson').selectOption('image-784-128-10');
    await page.waitForFunction("window.__weightcraft?.canvasTexts?.().includes('Dense (128)')");
    // The lesson's own forward pass has come back: its last layer gives 10 probabilities.
    await page.waitForFunction(
      'Object.values(window.__weightcraft?.outputShapes?.() ?? {}).some((s) => s[1] === 10)',
    );
    const box = (await page.getByTestId('network-canvas').boundingBox())!;
    const start = { x: box.x + 30, y: box.y + box.height - 30 };
    const pan = await fpsDuring(page, async () => {
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      for (let i = 0; i < 120; i++)
        await page.mouse.move(start.x + (i % 60) * 4, start.y - (i % 30) * 3);
      await page.mouse.up();
    });
    const zoom = await fpsDuring(page, async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 120; i++) await page.mouse.wheel(0, i % 40 < 20 ? -40 : 40);
    });
    return [
      `canvas 784-128-10, headless Chromium: panning ${pan.toFixed(1)} fps, zooming ${zoom.toFixed(1)} fps`,
    ];
  } finally {
    await browser?.close();
    server.stop();
  }
}
