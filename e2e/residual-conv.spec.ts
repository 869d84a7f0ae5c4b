/**
 * A convolutional residual block built with the mouse from an empty document, as in ResNet:
 * Image input → Conv2D → BatchNorm → ReLU → Conv2D → BatchNorm → Add (with a second wire from the
 * Image input) → ReLU → GlobalAvgPool → Dense(2) → Softmax. The Train tab trains it on a small
 * folder of cats and dogs, and the saved file holds the Add with both its wires.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from './fixtures.ts';
import { canvasTexts, drag, locate, nodes, selectNode, useDownloadFallback } from './helpers.ts';
import { firstPhotos, petFolder } from './pet-folder.ts';

const SHOT = 'test-results/screenshots/residual-conv.png';

/** Types a number into a labelled field and commits it with Enter. */
async function setNumber(page: Page, label: string, value: number) {
  await page.getByLabel(label, { exact: true }).fill(String(value));
  await page.getByLabel(label, { exact: true }).press('Enter');
  await expect(page.getByLabel(label, { exact: true })).toHaveValue(String(value));
}

test('a convolutional residual block built with the mouse trains on a folder and saves its Add', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await useDownloadFallback(page);
  const folder = await petFolder(testInfo.outputPath('pets'), {
    Cat: firstPhotos('Cat', 16),
    Dog: firstPhotos('Dog', 16),
  });
  await page.goto('/');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  expect(await nodes(page)).toEqual([]);

  // A small picture, set before the first Conv2D takes its kernels' shape from it.
  await page.locator('.palette button[data-kind="image-input"]').click();
  const [image] = (await nodes(page)).map((n) => n.id);
  await selectNode(page, image!);
  await setNumber(page, 'Image input height', 16);
  await setNumber(page, 'Image input width', 16);

  // The rest by clicking the palette: each is added after the last layer, wired to it.
  const kinds = [
    'conv2d',
    'batchnorm',
    'relu',
    'conv2d',
    'batchnorm',
    'add',
    'relu',
    'globalavgpool',
    'dense',
    'softmax',
  ];
  for (const kind of kinds) await page.locator(`.palette button[data-kind="${kind}"]`).click();
  const built = await nodes(page);
  expect(built.map((n) => n.kind)).toEqual(['image-input', ...kinds]);
  const [, conv1, , , conv2, bn2, add, , , dense] = built.map((n) => n.id);

  // Conv2D's defaults (3×3, stride 1, padding 1) keep 16×16; the block's last conv gives the
  // picture's 3 channels back, so the Add can take the picture itself.
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await selectNode(page, conv1!);
  await expect(page.getByLabel('Conv2D kernel size')).toHaveValue('3');
  await expect(page.getByLabel('Conv2D padding')).toHaveValue('1');
  await selectNode(page, conv2!);
  await setNumber(page, 'Conv2D filters', 3);
  await selectNode(page, dense!);
  await setNumber(page, 'Dense neurons', 2);

  // One wire in: the Add asks for another.
  await expect(page.getByTestId('outputs-note')).toContainText(
    `The wire into Add ${add} is red, so the outputs stop before it: Add cannot take what BatchNorm ${bn2} gives: add takes two or more inputs, found 1 — wire another in`,
  );

  // The skip connection, by mouse: from the Image input's output port to the Add's input port.
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await drag(page, await locate(page, image!, 'out'), await locate(page, add!, 'in'));
  await expect
    .poll(() => page.evaluate(() => window.__weightcraft!.wires!()))
    .toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: image, to: add, port: 1, error: null }),
        expect.objectContaining({ from: bn2, to: add, port: 0, error: null }),
      ]),
    );
  // No red wire anywhere, and the outputs reach the Softmax.
  const wires = await page.evaluate(() => window.__weightcraft!.wires!());
  expect(wires).toHaveLength(built.length);
  expect(wires.filter((w) => w.error !== null)).toEqual([]);
  await expect(page.getByTestId('outputs-note')).toHaveCount(0);
  // The skip wire goes over the cards it skips, above their titles, not hidden behind them.
  const skip = wires.find((w) => w.from === image && w.to === add)!;
  const middle = await page.evaluate((id) => window.__weightcraft!.locateWire!(id), skip.id);
  expect(middle!.y).toBeLessThan((await locate(page, conv2!, 'card')).y);

  // The Add card shows its outputs: one 16×16 picture of 3 channels, the block's sum.
  await expect
    .poll(() => page.evaluate(() => window.__weightcraft!.outputShapes!()))
    .toEqual(expect.objectContaining({ [add!]: [1, 16, 16, 3], [built.at(-1)!.id]: [1, 2] }));
  // Card by card: the two convs and their BatchNorms, then the Add's own title and shape.
  const texts = await canvasTexts(page);
  expect(texts).toEqual(
    expect.arrayContaining([
      '(16, 16, 8)\n224 params',
      '(16, 16, 8)\n16 params',
      '(16, 16, 3)\n219 params',
      '(16, 16, 3)\n6 params',
    ]),
  );
  expect(texts[texts.indexOf('Add') + 1]).toBe('(16, 16, 3)\n0 params');

  // Trained on 16 cats and 16 dogs for one epoch.
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('folder-summary')).toContainText('32 pictures', {
    timeout: 30_000,
  });
  await expect(page.getByLabel('Loss')).toHaveValue('categorical-crossentropy');
  await setNumber(page, 'Epochs', 1);
  await setNumber(page, 'Batch size', 8);
  await setNumber(page, 'Learning rate', 0.01);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toHaveText('finished', { timeout: 120_000 });
  await expect(page.getByTestId('train-epoch')).toHaveText('1');
  await expect(page.getByTestId('train-loss')).toHaveText(/^\d+\.\d{4}$/);
  await expect(page.getByTestId('train-accuracy')).toHaveText(/^\d+\.\d%$/);
  await expect(page.getByTestId('train-validation')).toHaveText(/^\d+\.\d%$/);
  await expect(page.getByTestId('confusion').locator('thead th')).toHaveText([
    'true ↓ predicted →',
    'Cat',
    'Dog',
  ]);
  // The trained weights went back into the document as one undo step.
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo Train');
  await expect(page.getByTestId('file-name')).toHaveText(/^● /);
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  // Into test output: a test run never changes the repository (docs/screenshots holds a copy).
  await page.screenshot({ path: SHOT });

  // Saved: the Add with both its wires, the trained BatchNorms, and the training record.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save As…' }).click();
  const path = testInfo.outputPath('residual-conv.wcmodel');
  await (await download).saveAs(path);
  const saved = JSON.parse(await readFile(path, 'utf8'));
  expect(saved.layers.map((l: { type: string }) => l.type)).toEqual(['image-input', ...kinds]);
  expect(saved.wires).toEqual(
    expect.arrayContaining([
      { from: bn2, to: add },
      { from: image, to: add },
    ]),
  );
  expect(saved.wires.filter((w: { to: string }) => w.to === add)).toHaveLength(2);
  expect(saved.training.settings).toMatchObject({ loss: 'categorical-crossentropy', epochs: 1 });
  expect(saved.training.classNames).toEqual(['Cat', 'Dog']);
  expect(saved.training.data.training + saved.training.data.validation).toBe(32);

  // Reopened, the block is whole again: both wires into the Add, none red, the same outputs.
  const validation = await page.getByTestId('train-validation').innerText();
  await page.reload();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles(path);
  await expect(page.getByTestId('file-name')).toHaveText('residual-conv.wcmodel');
  await expect
    .poll(() => page.evaluate(() => window.__weightcraft!.outputShapes!()))
    .toEqual(expect.objectContaining({ [add!]: [1, 16, 16, 3], [built.at(-1)!.id]: [1, 2] }));
  const reopened = await page.evaluate(() => window.__weightcraft!.wires!());
  expect(reopened.filter((w) => w.to === add).map((w) => [w.from, w.error])).toEqual([
    [bn2, null],
    [image, null],
  ]);
  expect(reopened.filter((w) => w.error !== null)).toEqual([]);
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('train-validation')).toHaveText(validation);
});
