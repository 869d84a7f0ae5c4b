import { expect, test } from './fixtures.ts';
import { useDownloadFallback } from './helpers.ts';

const number = async (page: import('@playwright/test').Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).replace('%', ''));

test('the spiral preset trains in the app: loss falls, accuracy rises, pause stops, regions drawn', async ({
  page,
}) => {
  test.setTimeout(60_000); // thousands of steps, on a machine that may be busy
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Train: spiral, 2-64-3' });
  await expect(page.getByTestId('dataset-name')).toContainText(
    'spiral 3×100: 300 samples, 2 features, 3 classes',
  );
  await page.getByRole('button', { name: 'Train', exact: true }).click();

  await expect.poll(() => number(page, 'train-step')).toBeGreaterThan(20);
  const early = await number(page, 'train-loss');
  await expect
    .poll(() => number(page, 'train-accuracy'), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(90);
  expect(await number(page, 'train-loss')).toBeLessThan(early);

  // Pause: the worker says so in its report after its last step, so the counter is final.
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  const pausedAt = await number(page, 'train-step');
  // Step: exactly one more batch each time; a run that had not stopped would be far ahead.
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => number(page, 'train-step')).toBe(pausedAt + 1);
  await page.getByRole('button', { name: 'Step' }).click();
  await expect.poll(() => number(page, 'train-step')).toBe(pausedAt + 2);
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  expect(await number(page, 'train-step')).toBe(pausedAt + 2);

  // Decision regions are painted behind the points: many colours, not a blank canvas.
  const colours = await page
    .getByTestId('decision-regions')
    .evaluate((canvas: HTMLCanvasElement) => {
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<string>();
      for (let k = 0; k < data.length; k += 4 * 97)
        seen.add(`${data[k]! >> 5},${data[k + 1]! >> 5},${data[k + 2]! >> 5}`);
      return seen.size;
    });
  expect(colours).toBeGreaterThan(3);
  await expect(page.getByTestId('confusion')).toBeVisible();
  await page.screenshot({ path: 'test-results/screenshots/training-spiral.png' });

  // The canvas weights moved with training: the document is dirty, and Stop ends the run.
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
  await expect(page.getByTestId('file-name')).toHaveText(/^● /);
});

test('a learning rate far too high stops training with a clear message', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Train: spiral, 2-64-3' });
  // Adam moves each weight by about the learning rate: 1e300 overflows the next forward pass.
  await page.getByLabel('Learning rate').fill('1e300');
  await page.getByLabel('Learning rate').press('Tab');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Train anyway' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'learning rate 1e300 is far above the usual' }),
  ).toBeVisible({ timeout: 20_000 });
});

test('a CSV data set imports with a preview, and mismatches are explained', async ({
  page,
}, testInfo) => {
  const { writeFile } = await import('node:fs/promises');
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Train: spiral, 2-64-3' });
  const good = testInfo.outputPath('blobs.csv');
  const rows = Array.from(
    { length: 40 },
    (_, i) => `${(i % 2 ? 2 : -2) + (i % 7) / 10},${(i % 5) / 10},${i % 2 ? 'dog' : 'cat'}`,
  );
  await writeFile(good, ['x,y,class', ...rows].join('\n'));
  await page.getByTestId('csv-file').setInputFiles(good);
  await expect(
    page.getByText('40 rows, 3 columns, read as comma-delimited, decimal point'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('dataset-name')).toHaveText(
    'blobs.csv (class): 40 samples, 2 features, 2 classes',
  );
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'The data has 2 classes, but the last layer puts out 3 values' }),
  ).toBeVisible();

  const bad = testInfo.outputPath('bad.csv');
  await writeFile(bad, 'x,y,class\n1,2,a\n3,oops,b\n');
  await page.getByTestId('csv-file').setInputFiles(bad);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'line 3' })).toContainText('oops');

  const semicolons = testInfo.outputPath('decimal-commas.csv');
  await writeFile(semicolons, 'x;y;class\n1,5;2,25;a\n3;4,5;b\n');
  await page.getByTestId('csv-file').setInputFiles(semicolons);
  await expect(page.getByTestId('csv-reading')).toHaveText(
    '2 rows, 3 columns, read as semicolon-delimited, decimal comma (1,5 is 1.5)',
  );
});

test('a trained model saves and reopens with its settings and curves', async ({
  page,
}, testInfo) => {
  await useDownloadFallback(page);
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Train: spiral, 2-64-3' });
  await page.getByLabel('Epochs').fill('400');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByText('finished')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('train-step')).toHaveText('400');
  const accuracy = await page.getByTestId('train-accuracy').innerText();

  // Train again: it goes on with the optimizer where it was, so the loss does not jump back up.
  const loss = Number(await page.getByTestId('train-loss').innerText());
  await page.getByLabel('Epochs').fill('10');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByTestId('train-step')).toHaveText('410', { timeout: 20_000 });
  await expect(page.getByText('finished')).toBeVisible();
  expect(Number(await page.getByTestId('train-loss').innerText())).toBeLessThanOrEqual(loss * 1.01);
  const trainedAccuracy = await page.getByTestId('train-accuracy').innerText();

  const path = testInfo.outputPath('spiral.wcmodel');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save As…' }).click();
  await (await download).saveAs(path);
  const saved = JSON.parse(await (await import('node:fs/promises')).readFile(path, 'utf8'));
  expect(saved.training.data.name).toBe('spiral:3x100');
  expect(saved.training.curves.step).toHaveLength(410);
  expect(saved.training.final.steps).toBe(410);
  expect(saved.training.settings).toMatchObject({
    optimizer: 'adam',
    epsilon: 1e-7,
    nesterov: false,
    // The record holds the runs' settings: the second went on for 10 more epochs.
    epochs: 410,
  });

  await page.reload();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open…' }).click();
  await (await chooser).setFiles(path);
  await expect(page.getByTestId('file-name')).toHaveText('spiral.wcmodel');
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('dataset-name')).toContainText('spiral 3×100');
  await expect(page.getByTestId('train-step')).toHaveText('410');
  await expect(page.getByTestId('train-accuracy')).toHaveText(trainedAccuracy);
  await expect(page.getByLabel('Epochs')).toHaveValue('410');
  expect(accuracy).toMatch(/%$/);

  // Reset weights starts over: nnfs's 0.01·randn, zero biases, no history.
  await page.getByRole('button', { name: 'Reset weights' }).click();
  await expect(page.getByTestId('train-step')).toHaveText('0');
});
