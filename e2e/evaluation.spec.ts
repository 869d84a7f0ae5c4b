/**
 * Evaluating the shipped cats-vs-dogs model on a folder chosen through the folder input: a few
 * real photos per class (never copied into the repository, only into the test's own folder) and
 * a text file that must be reported as skipped.
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures.ts';
import { photo } from '../scripts/test-photos.ts';
import { featureMaps, locate, nodes, useDownloadFallback } from './helpers.ts';
import { petFolder } from './pet-folder.ts';

const MODEL = 'resources/models/cats-vs-dogs.json';

test.beforeEach(async ({ page }) => {
  await useDownloadFallback(page);
});

async function openModel(page: Page): Promise<void> {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles(MODEL);
  await expect(page.getByTestId('file-name')).toHaveText('cats-vs-dogs.json', { timeout: 20_000 });
}

test('evaluating on a folder shows accuracy, the confusion matrix and its pictures', async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const folder = await petFolder(testInfo.outputPath('pets'), {
    Cat: ['0.jpg', '1.jpg', '2.jpg', '3.jpg', '4.jpg'],
    Dog: ['0.jpg', '2.jpg', '3.jpg', '4.jpg', '5.jpg'],
  });
  await writeFile(join(folder, 'Cat', 'notes.txt'), 'not a picture');
  await openModel(page);
  await page.getByRole('tab', { name: 'Evaluate' }).click();

  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('folder-summary')).toHaveText(
    'pets: 10 pictures, 2 classes (Cat, Dog), 64×64×3',
    { timeout: 30_000 },
  );
  const skipped = page.getByTestId('skipped');
  await expect(skipped.locator('summary')).toHaveText('Skipped 1 file that is not a picture');
  await skipped.locator('summary').click();
  await expect(skipped).toContainText('Cat/notes.txt: not a picture the browser can read');

  await expect(page.getByTestId('evaluation-accuracy')).toHaveText(/^\d+\.\d\d%$/, {
    timeout: 60_000,
  });
  const matrix = page.getByTestId('evaluation-confusion');
  await expect(matrix.locator('thead th')).toHaveText(['true class', 'Cat', 'Dog']);
  const cells = matrix.locator('tbody td button');
  const counts = (await cells.allInnerTexts()).map(Number);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(10);

  // The cell with the most pictures: its thumbnails, file names and confidences appear.
  const fullest = counts.indexOf(Math.max(...counts));
  await cells.nth(fullest).click();
  const truth = fullest < 2 ? 'Cat' : 'Dog';
  const called = fullest % 2 === 0 ? 'Cat' : 'Dog';
  const pictures = page.getByRole('list', { name: `${truth} predicted ${called}` });
  await expect(pictures.getByRole('listitem')).toHaveCount(counts[fullest]!);
  await expect(pictures.getByRole('listitem').first()).toContainText(
    new RegExp(`\\d\\.jpg\\s*${called} \\d+\\.\\d\\d%`),
  );
  await page.screenshot({ path: 'test-results/screenshots/evaluation.png' });

  // Clicking a thumbnail puts that photo on the network: its name and its prediction show, and
  // the document stays saved (showing a photo is not an edit).
  const thumbnail = pictures.getByRole('button', { name: /^Show .+ on the network$/ }).first();
  const file = (await thumbnail.getAttribute('aria-label'))!.slice(
    'Show '.length,
    -' on the network'.length,
  );
  await thumbnail.click();
  await expect(page.getByLabel('Prediction')).toContainText(file);
  const prediction = page.getByTestId('prediction');
  await expect(prediction).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
  await expect(prediction).toHaveText(/^(Cat|Dog) /);
  await expect(page.getByTestId('file-name')).toHaveText('cats-vs-dogs.json');

  // The same folder again is taken from the session's cache, not decoded again.
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('folder-summary')).toContainText(
    '(already decoded in this session)',
  );
});

test("clicking a mistake's thumbnail puts that photo on the network: its prediction and feature maps", async ({
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  // Labels swapped on purpose, so the mistakes list is never empty: dogs (photos the model calls
  // Dog confidently) filed under Cat, and cats under Dog.
  const folder = testInfo.outputPath('swapped');
  const filed = { Cat: ['Dog', ['4.jpg', '11.jpg']], Dog: ['Cat', ['1.jpg', '7.jpg']] } as const;
  for (const [as, [truly, files]] of Object.entries(filed)) {
    await mkdir(join(folder, as), { recursive: true });
    for (const file of files) await copyFile(photo(truly, file), join(folder, as, file));
  }
  await openModel(page);
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('evaluation-accuracy')).toHaveText(/^\d+\.\d\d%$/, {
    timeout: 60_000,
  });
  const mistakes = page.getByRole('list', { name: 'Most confident mistakes' });
  await expect(mistakes.getByRole('listitem')).not.toHaveCount(0);
  const conv = (await nodes(page)).find((n) => n.kind === 'conv2d')!;

  /** Clicks mistake `n`'s thumbnail, then the conv layer's card to see its feature maps. */
  async function showMistake(n: number): Promise<void> {
    await page.getByRole('tab', { name: 'Evaluate' }).click();
    const item = mistakes.getByRole('listitem').nth(n);
    const verdict = (await item.locator('.verdict').innerText()).split(' ')[0]!;
    expect(verdict).toMatch(/^(Cat|Dog)$/);
    const thumbnail = item.getByRole('button', { name: /^Show .+ on the network$/ });
    const file = (await thumbnail.getAttribute('aria-label'))!.slice(
      'Show '.length,
      -' on the network'.length,
    );
    await thumbnail.click();
    // The photo is on the network: named in the Prediction panel with the answer the mistakes
    // list gave it, and the conv layer's feature maps are that photo's.
    await expect(page.getByLabel('Prediction')).toContainText(file);
    const prediction = page.getByTestId('prediction');
    await expect(prediction).toHaveAttribute('aria-busy', 'false', { timeout: 20_000 });
    await expect(prediction).toHaveText(new RegExp(`^${verdict} `));
    await page.getByRole('tab', { name: 'Inspect' }).click();
    const card = await locate(page, conv.id, 'card');
    await page.mouse.click(card.x, card.y);
    await expect(page.getByTestId('feature-maps')).toHaveAttribute(
      'aria-label',
      /16 feature maps of 64×64 pixels/,
      { timeout: 20_000 },
    );
  }

  await showMistake(0);
  const first = await featureMaps(page);
  await page.screenshot({ path: 'test-results/screenshots/evaluation-mistake-on-network.png' });
  await showMistake(1);
  await expect.poll(() => featureMaps(page)).not.toBe(first);
  // Showing a photo is not an edit.
  await expect(page.getByTestId('file-name')).toHaveText('cats-vs-dogs.json');
});

test('a folder with one class gets a message and nothing is evaluated', async ({
  page,
}, testInfo) => {
  const folder = await petFolder(testInfo.outputPath('cats'), { Cat: ['0.jpg', '1.jpg'] });
  await openModel(page);
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByRole('alert')).toHaveText(
    'cats: only one class (Cat): a classifier needs at least two.',
  );
  await expect(page.getByTestId('evaluation-accuracy')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Evaluate', exact: true })).toBeDisabled();
});

test('training the image model on a folder puts the weights back as one undo step', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const folder = await petFolder(testInfo.outputPath('few-pets'), {
    Cat: ['0.jpg', '1.jpg', '2.jpg', '3.jpg'],
    Dog: ['0.jpg', '2.jpg', '3.jpg', '4.jpg'],
  });
  await openModel(page);
  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('folder-summary')).toContainText('8 pictures', { timeout: 30_000 });
  await page.getByLabel('Epochs').fill('1');
  await page.getByLabel('Batch size').fill('4');
  await page.getByLabel('Learning rate').fill('0.001');
  await page.getByLabel('Learning rate').press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-loss')).toHaveText(/^\d+\.\d{4}$/, {
    timeout: 60_000,
  });
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo Train', {
    timeout: 60_000,
  });
  await expect(page.getByText('finished')).toBeVisible();
  await expect(page.getByTestId('file-name')).toHaveText('● cats-vs-dogs.json');
  await page.screenshot({ path: 'test-results/screenshots/image-training.png' });
  // The whole run is one step: one Undo returns to the model as it was opened.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});
