/**
 * Saving and opening in the web build. Headless Chromium cannot drive native file pickers, so
 * these tests hide the File System Access API and use the download/upload fallback, which
 * Playwright can drive; the same code paths then run as on browsers without that API.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Page } from './fixtures.ts';
import { canvasTexts, locate, nodes, typeCell, useDownloadFallback } from './helpers.ts';

test.beforeEach(async ({ page }) => {
  await useDownloadFallback(page);
});

async function saveAs(page: Page, path: string): Promise<void> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save As…' }).click();
  await (await download).saveAs(path);
}

async function openFile(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles(path);
}

async function editFirstInput(page: Page, value: string): Promise<void> {
  const [input] = await nodes(page);
  const card = await locate(page, input!.id, 'card');
  await page.mouse.click(card.x, card.y);
  await typeCell(page, 'x-0-0', value);
}

test('save, reload, open: the same network and the same outputs', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Two layers' });
  await editFirstInput(page, '7');
  const printed = page.getByTestId('layer-output');
  // The edit's forward pass lands a moment later: wait for it to change the numbers.
  await expect(printed.nth(1)).not.toContainText('0.5031');
  const outputs = await printed.allInnerTexts();
  await expect(page.getByTestId('file-name')).toHaveText('● Two layers');

  const path = testInfo.outputPath('two-layers.wcmodel');
  await saveAs(page, path);
  await expect(page.getByTestId('file-name')).toHaveText('Two layers.wcmodel');
  const saved = await readFile(path, 'utf8');
  expect(JSON.parse(saved)).toMatchObject({ format: 'weightcraft-model', version: 4 });

  await page.reload();
  await page
    .getByRole('button', { name: 'Discard' })
    .click({ timeout: 2000 })
    .catch(() => {});
  await openFile(page, path);
  await expect(page.getByTestId('file-name')).toHaveText('two-layers.wcmodel');
  await expect(printed).toHaveText(outputs);
  const reopened = await nodes(page);
  expect(reopened.map((n) => n.kind)).toEqual(['input', 'dense', 'dense']);
  await page.screenshot({ path: 'test-results/screenshots/reopened.png' });
});

test('a broken file gets a message and the current network stays', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect.poll(() => canvasTexts(page)).toContain('4.8');
  const path = testInfo.outputPath('broken.wcmodel');
  await writeFile(
    path,
    '{"format": "weightcraft-model", "version": 1, "layers": [{"type": "input", "units": 4}, {"type": "dense", "weights": [[1, 2, 3]], "biases": [0, 0]}]}',
  );
  await openFile(page, path);
  await expect(page.getByRole('alert')).toHaveText(
    'Could not open: broken.wcmodel: layers[1].weights: expected a matrix of 2 columns (n_inputs × n_neurons, one column per bias), found 1×3',
  );
  await expect(page.getByTestId('layer-output')).toHaveText('[4.8   1.21  2.385]');
  await page.screenshot({ path: 'test-results/screenshots/broken-file.png' });
});

test('unsaved changes are never dropped without asking', async ({ page }) => {
  await page.goto('/');
  await editFirstInput(page, '5');
  // New asks first; Cancel keeps the work.
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await expect(page.getByRole('alertdialog')).toContainText('Save the changes to');
  await page.getByRole('button', { name: 'Cancel' }).click();
  expect(await nodes(page)).toHaveLength(2);
  // Leaving the page asks too.
  let asked = '';
  page.once('dialog', (dialog) => {
    asked = dialog.type();
    void dialog.dismiss();
  });
  // Dismissed, the page stays and the reload never ends; the prompt is what we wait for.
  void page.reload().catch(() => {});
  await expect.poll(() => asked).toBe('beforeunload');
});

/** The web build's recovery record (IndexedDB weightcraft/bridge, key "recovery"): its text. */
function recoveryRecord(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open('weightcraft');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('bridge').objectStore('bridge').get('recovery');
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            db.close();
            resolve((read.result as { text?: string } | undefined)?.text ?? null);
          };
        };
      }),
  );
}

test('after a crash the unsaved network is offered back', async ({ page, context }) => {
  await page.goto('/');
  await editFirstInput(page, '9');
  await expect(page.getByTestId('layer-output')).toHaveText('[6.4   5.21  0.305]');
  // Wait for the recovery record to be written, then "crash": close without any unload prompt.
  await expect.poll(() => recoveryRecord(page), { timeout: 10_000 }).toContain('"version"');
  await page.close({ runBeforeUnload: false });
  const again = await context.newPage();
  await again.goto('/');
  await expect(again.getByRole('alertdialog', { name: 'Unsaved work found' })).toBeVisible();
  await again.getByRole('button', { name: 'Restore' }).click();
  await expect(again.getByTestId('layer-output')).toHaveText('[6.4   5.21  0.305]');
  await expect(again.getByTestId('file-name')).toHaveText(/^● /);
});

test('dropping a model file on the window opens it', async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'One neuron' });
  const path = testInfo.outputPath('one.wcmodel');
  await saveAs(page, path);
  await page.getByLabel('Lesson').selectOption({ label: 'Two layers' });
  const text = await readFile(path, 'utf8');
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.items.add(new File([content], 'dropped.wcmodel', { type: 'application/json' }));
    window.dispatchEvent(
      new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
    );
  }, text);
  await expect(page.getByTestId('file-name')).toHaveText('dropped.wcmodel');
  await expect(page.getByTestId('layer-output')).toHaveText('[2.3]');
});
