/**
 * The real desktop app: the editor's first screen from app://weightcraft under the shell's own
 * headers, a model saved through the main process and opened from the command line, and a photo
 * classified by the shipped model (WebAssembly in a worker, under the desktop CSP).
 */
import { readFile } from 'node:fs/promises';
import { SECURITY_HEADERS } from '../../src-main/csp.ts';
import { photo } from '../../scripts/test-photos.ts';
import { expect, test, type Page } from './fixtures.ts';

const canvasTexts = (page: Page) =>
  page.evaluate(() => window.__weightcraft?.canvasTexts?.() ?? []);

test('the editor opens from app://weightcraft with the desktop headers', async ({
  window: page,
}) => {
  await expect.poll(() => canvasTexts(page)).toContain('4.8');
  expect(page.url()).toMatch(/^app:\/\/weightcraft\//);
  const csp = await page.evaluate(() =>
    fetch(location.href).then((response) => response.headers.get('content-security-policy')),
  );
  expect(csp).toBe(SECURITY_HEADERS['Content-Security-Policy']);
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
    'undefined',
  );
});

test('Save As writes the model through the main process', async ({
  app,
  window: page,
}, testInfo) => {
  const path = testInfo.outputPath('two-layers.wcmodel');
  // The native dialog cannot be clicked: the main process's dialog answers with our path.
  await app.evaluate(({ dialog }, chosen) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: chosen })) as never;
  }, path);
  await page.getByLabel('Lesson').selectOption({ label: 'Two layers' });
  await page.getByRole('button', { name: 'Save As…' }).click();
  await expect(page.getByTestId('file-name')).toHaveText('two-layers.wcmodel');
  expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ format: 'weightcraft-model' });
});

test.describe('opened from the command line', () => {
  test.use({ launchFiles: ['resources/models/cats-vs-dogs.json'] });

  test('the shipped model classifies a dropped photo', async ({ window: page }) => {
    test.setTimeout(90_000);
    await expect(page.getByTestId('file-name')).toHaveText('cats-vs-dogs.json', {
      timeout: 30_000,
    });
    const bytes = await readFile(photo('Cat', '1.jpg'));
    await page.evaluate((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'Cat-1.jpg', { type: 'image/jpeg' }));
      window.dispatchEvent(
        new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
      );
    }, Array.from(bytes));
    const prediction = page.getByTestId('prediction');
    await expect(prediction).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
    await expect(prediction).toHaveText(/^Cat /);
  });
});
