/**
 * Training that cannot learn, and lessons that bring their own data, as a learner meets them:
 * a learning rate far outside its range asks first and the run says why it stopped; a run stuck
 * at chance says so with a setting to try; the 784-128-10 lesson trains on its drawn digits; an
 * untrained picture template names its classes from the folder it is given.
 */
import { photo } from '../scripts/test-photos.ts';
import { expect, test, type Page } from './fixtures.ts';
import { firstPhotos, petFolder } from './pet-folder.ts';

const screenshot = (name: string) => `test-results/screenshots/${name}.png`;

const number = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).replace('%', ''));

async function setLearningRate(page: Page, value: string) {
  await page.getByLabel('Learning rate').fill(value);
  await page.getByLabel('Learning rate').press('Tab');
}

test('a learning rate of 1e6 asks first; trained anyway, the run stops naming the cause and a rate to try', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Train: spiral, 2-64-3' });
  await setLearningRate(page, '1e6');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const question = page.getByRole('alertdialog');
  await expect(question).toContainText(
    'Train with learning rate 1e6? The usual range for Adam is 1e-4..0.1; 0.001 is a good start.',
  );
  // Cancel: nothing starts.
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByTestId('train-status')).toHaveText('idle');
  expect(await number(page, 'train-step')).toBe(0);

  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await question.getByRole('button', { name: 'Train anyway' }).click();
  const stop = page.getByRole('alert').filter({ hasText: 'the loss ran away' });
  await expect(stop).toContainText(
    'learning rate 1e6 is far above the usual 1e-4..0.1 for Adam; try 0.001',
    { timeout: 20_000 },
  );
  await expect(page.getByTestId('train-status')).toHaveText('failed');
  // Stopped within the divergence watch's first windows, not thousands of epochs later.
  expect(await number(page, 'train-step')).toBeLessThan(100);
  await page.screenshot({ path: screenshot('train-lr-1e6-stopped') });
});

test('a run stuck at chance says it is not learning, why, and what to try', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Train: spiral, 2-64-3' });
  await setLearningRate(page, '1e-9');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('alertdialog')).toContainText(
    'Train with learning rate 1e-9? The usual range for Adam is 1e-4..0.1',
  );
  await page.getByRole('button', { name: 'Train anyway' }).click();
  const hint = page.locator('[data-testid="train-hint"][data-kind="stagnant"]');
  await expect(hint).toContainText(
    'Not learning: the loss has stayed at 1.099 for 100 steps, what guessing gives (ln 3 = 1.099)',
    { timeout: 30_000 },
  );
  await expect(hint).toContainText(
    'Likely cause: learning rate 1e-9 is far below the usual 1e-4..0.1 for Adam; try 0.001.',
  );
  // The run goes on (it is not broken, only stuck) until the learner stops it.
  await expect(page.getByTestId('train-status')).toHaveText('running');
  await page.screenshot({ path: screenshot('train-not-learning-hint') });
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();

  // The loss chart's help explains Adam's spikes.
  await page.getByText('Why does the loss jump?').click();
  await expect(page.getByTestId('loss-help')).toContainText('With Adam, short spikes are normal');
});

test('the 784-128-10 lesson replaces the spiral with its drawn digits and trains on them', async ({
  page,
}) => {
  test.setTimeout(90_000); // 20 epochs of a 100,000-weight network on a shared machine
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Train: spiral, 2-64-3' });
  await expect(page.getByTestId('dataset-name')).toContainText('spiral 3×100');
  await page.getByLabel('Lesson').selectOption({ label: 'A 28×28 image: 784-128-10' });
  await expect(page.getByTestId('dataset-name')).toContainText(
    'digits 10×50: 500 samples, 784 features, 10 classes',
  );
  // The generator's form names the set the tab holds, so Generate redraws digits, not a spiral.
  await expect(page.getByLabel('Data set kind')).toHaveValue('digits');
  await expect(page.getByLabel('Classes', { exact: true })).toHaveValue('10');
  await expect(page.getByLabel('Learning rate')).toHaveValue('0.002');
  // The spiral's regions are gone with its data.
  await expect(page.getByTestId('decision-regions')).toHaveCount(0);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page.getByTestId('train-status')).toHaveText('finished', { timeout: 80_000 });
  // A fifth of the digits were held out: most of those are recognised too.
  expect(await number(page, 'train-validation')).toBeGreaterThan(70);
  expect(await number(page, 'train-accuracy')).toBeGreaterThan(80);
  await expect(page.locator('[data-testid="train-hint"]')).toHaveCount(0);
  await expect(page.getByTestId('confusion').locator('thead th')).toHaveText([
    'true ↓ predicted →',
    ...'0123456789',
  ]);
  await page.screenshot({ path: screenshot('train-digits-784') });

  // A lesson without data leaves none behind (the trained digits are not kept).
  await page.getByLabel('Lesson').selectOption({ index: 1 });
  await page.getByRole('button', { name: "Don't save" }).click();
  await expect(page.getByTestId('dataset-name')).toHaveCount(0);
});

test('an untrained picture template names its classes from the folder, with no mirror note', async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  const folder = await petFolder(testInfo.outputPath('pets'), {
    Cat: firstPhotos('Cat', 4),
    Dog: firstPhotos('Dog', 4),
  });
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Dense only — the notebook’s way' });
  await expect(page.getByTestId('caption')).toContainText('Dense only');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose picture…' }).click();
  await (await chooser).setFiles(photo('Cat', '1.jpg'));
  const panel = page.getByLabel('Prediction');
  await expect(page.getByTestId('prediction')).toHaveAttribute('aria-busy', 'false', {
    timeout: 20_000,
  });
  // No data yet: the classes have no names, and it says where they come from.
  await expect(page.getByTestId('unnamed-classes')).toBeVisible();
  await expect(panel.getByTestId('class-probability').locator('.label')).toHaveText(['0', '1']);

  await page.getByRole('tab', { name: 'Train' }).click();
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('folder-summary')).toContainText('8 pictures', { timeout: 30_000 });
  await expect(panel.getByTestId('class-probability').locator('.label')).toHaveText(['Cat', 'Dog']);
  await expect(page.getByTestId('prediction')).toHaveText(/^(Cat|Dog) /);
  await expect(page.getByTestId('unnamed-classes')).toHaveCount(0);
  // Untrained, it was never scored with mirror images: no note says it was.
  await expect(panel).not.toContainText('mirror');
  await page.screenshot({ path: screenshot('template-class-names') });
});
