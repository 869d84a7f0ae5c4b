/**
 * The one Train tab trains a CNN built with the mouse as it trains the spiral: a folder of photos
 * (copied from the shared data into the test's own folder, never into the repository), the same
 * settings, figures and charts, the weights back as one undo step, and a prediction that changes.
 */
import { readFile } from 'node:fs/promises';
import { photo } from '../scripts/test-photos.ts';
import { expect, test, type Page } from './fixtures.ts';
import {
  buildSmallCnn,
  featureMaps,
  nodes,
  selectNode,
  typeCell,
  useDownloadFallback,
} from './helpers.ts';
import { firstPhotos, petFolder } from './pet-folder.ts';

const CAT = photo('Cat', '1.jpg');
// Into test output: a test run never changes the repository (docs/screenshots holds copies).
const screenshot = (name: string) => `test-results/screenshots/${name}.png`;

const number = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).replace('%', ''));

/** The class probabilities the picture panel shows, in percent (to 0.1). */
const probabilities = (page: Page) =>
  page
    .getByTestId('class-probability')
    .getByRole('meter')
    .evaluateAll((meters) => meters.map((m) => Number(m.getAttribute('aria-valuenow'))));

async function choosePhoto(page: Page, path: string) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose picture…' }).click();
  await (await chooser).setFiles(path);
  await expect(page.getByLabel('Prediction')).toContainText('1.jpg');
  await expect(page.getByTestId('prediction')).toHaveAttribute('aria-busy', 'false', {
    timeout: 20_000,
  });
}

/** Chooses a folder in the Train tab and waits until its pictures are decoded. */
async function chooseFolder(page: Page, folder: string, pictures: number) {
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('folder-summary')).toContainText(`${pictures} pictures`, {
    timeout: 30_000,
  });
}

async function setNumber(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByLabel(label, { exact: true }).press('Enter');
}

/** Saves through the download fallback and returns the saved model. */
async function saveAs(page: Page, path: string) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save As…' }).click();
  await (await download).saveAs(path);
  return JSON.parse(await readFile(path, 'utf8'));
}

test('a CNN built with the mouse trains one epoch on a folder in the Train tab and predicts a photo', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const folder = await petFolder(testInfo.outputPath('pets'), {
    Cat: firstPhotos('Cat', 20),
    Dog: firstPhotos('Dog', 20),
  });
  await buildSmallCnn(page);

  // The untrained network's answer for a photo.
  await choosePhoto(page, CAT);
  const before = await probabilities(page);
  expect(before).toHaveLength(2);

  // One kernel value edited: the conv's feature maps change, and so may the answer.
  const conv = (await nodes(page)).find((n) => n.kind === 'conv2d')!;
  await selectNode(page, conv.id);
  const maps = await featureMaps(page);
  await typeCell(page, 'k-1-1', '5');
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute(
    'title',
    'Undo Set kernel weight',
  );
  await expect.poll(() => featureMaps(page)).not.toBe(maps);
  await expect(page.getByTestId('prediction')).toHaveAttribute('aria-busy', 'false');
  const untrained = await probabilities(page);

  // The Train tab offers a folder and the picture defaults: SGD, float32, cross-entropy.
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByLabel('Optimizer')).toHaveValue('sgd');
  await expect(page.getByLabel('Precision')).toHaveValue('float32');
  await expect(page.getByLabel('Loss')).toHaveValue('categorical-crossentropy');
  await chooseFolder(page, folder, 40);
  await setNumber(page, 'Epochs', '1');
  await setNumber(page, 'Batch size', '8');
  await setNumber(page, 'Learning rate', '0.01');
  await page.getByRole('button', { name: 'Train', exact: true }).click();

  // Every step is reported as it is trained; the epoch ends with validation and the weights.
  await expect.poll(() => number(page, 'train-step'), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect(page.getByTestId('train-status')).toHaveText('finished', { timeout: 90_000 });
  await expect(page.getByTestId('train-epoch')).toHaveText('1');
  await expect(page.getByTestId('train-loss')).toHaveText(/^\d+\.\d{4}$/);
  await expect(page.getByTestId('train-validation')).toHaveText(/^\d+\.\d%$/);
  await expect(page.getByTestId('train-time')).toContainText('per epoch');
  await expect(page.getByTestId('chart-loss')).toBeVisible();
  await expect(page.getByTestId('confusion').locator('thead th')).toHaveText([
    'true ↓ predicted →',
    'Cat',
    'Dog',
  ]);
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo Train');
  await expect(page.getByTestId('file-name')).toHaveText(/^● /);
  await page.screenshot({ path: screenshot('train-tab-cnn') });

  // The trained weights answer otherwise, with the folder's class names.
  await expect.poll(() => probabilities(page)).not.toEqual(untrained);
  await expect(page.getByTestId('prediction')).toHaveText(/^(Cat|Dog) /);
  await page.getByLabel('Prediction').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshot('train-tab-cnn-prediction') });

  // One Undo returns to the untrained network and its answer.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => probabilities(page)).toEqual(untrained);
});

test('a CNN trains with mean squared error and a dense network in float32; the records say so', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await useDownloadFallback(page);
  const folder = await petFolder(testInfo.outputPath('few-pets'), {
    Cat: firstPhotos('Cat', 8),
    Dog: firstPhotos('Dog', 8),
  });
  await buildSmallCnn(page);
  await page.getByRole('tab', { name: 'Train' }).click();
  await chooseFolder(page, folder, 16);
  // A rate left at SGD's default follows the optimizer, as the CLI's defaults do.
  const rate = page.getByLabel('Learning rate', { exact: true });
  await expect(rate).toHaveValue('0.1');
  await page.getByLabel('Optimizer').selectOption('adam');
  await expect(rate).toHaveValue('0.003');
  await page.getByLabel('Optimizer').selectOption('sgd');
  await expect(rate).toHaveValue('0.1');
  await page.getByLabel('Loss').selectOption('mse');
  await setNumber(page, 'Epochs', '1');
  await setNumber(page, 'Batch size', '8');
  await setNumber(page, 'Learning rate', '0.01');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toHaveText('finished', { timeout: 90_000 });
  const cnn = await saveAs(page, testInfo.outputPath('cnn.wcmodel'));
  expect(cnn.training.settings).toMatchObject({ loss: 'mse', precision: 'float32', epochs: 1 });
  expect(cnn.training.classNames).toEqual(['Cat', 'Dog']);
  expect(cnn.training.data.training + cnn.training.data.validation).toBe(16);

  // The spiral lesson starts from the feature defaults; float32 is one choice away.
  await page.getByLabel('Lesson').selectOption({ label: 'Train: spiral, 2-64-3' });
  await expect(page.getByLabel('Precision')).toHaveValue('float64');
  await expect(page.getByLabel('Optimizer')).toHaveValue('adam');
  await page.getByLabel('Precision').selectOption('float32');
  await setNumber(page, 'Epochs', '50');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-status')).toHaveText('finished', { timeout: 30_000 });
  await expect(page.getByTestId('train-step')).toHaveText('50');
  const dense = await saveAs(page, testInfo.outputPath('spiral.wcmodel'));
  expect(dense.training.settings).toMatchObject({
    precision: 'float32',
    loss: 'categorical-crossentropy',
    epochs: 50,
  });
  expect(dense.training.final.steps).toBe(50);
});
