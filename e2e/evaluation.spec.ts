/**
 * Evaluating the shipped cats-vs-dogs model on a folder chosen through the folder input: a few
 * real photos per class (never copied into the repository, only into the test's own folder) and
 * a text file that must be reported as skipped.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures.ts';
import { useDownloadFallback } from './helpers.ts';
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
