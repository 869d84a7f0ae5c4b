/**
 * The newcomer's trap: Dense → ReLU → Dense → Softmax built with the mouse starts at zero
 * weights (the notebook's rule), and trained as it is never leaves ln 3. Train asks first, names
 * the layer, and offers to randomise it in one undoable step.
 */
import { expect, test, type Page } from './fixtures.ts';
import { locate, nodes } from './helpers.ts';

const number = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).replace('%', ''));

async function setUnits(page: Page, id: string, label: string, units: number) {
  const card = await locate(page, id, 'card');
  await page.mouse.click(card.x, card.y);
  await page.getByLabel(label).fill(String(units));
  await page.getByLabel(label).press('Enter');
  await expect(page.getByLabel(label)).toHaveValue(String(units));
}

/** Trains until the run ends by itself (a Stop click could come after its end). */
async function trainToEnd(page: Page, steps: number) {
  await expect.poll(() => number(page, 'train-step'), { timeout: 30_000 }).toBe(steps);
  await expect(page.getByTestId('train-status')).toHaveText('finished');
}

test('zero weights from the palette: Train asks, Randomise and train learns, Undo brings the zeros back', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  await page.locator('.palette button[data-kind="input"]').click();
  const [input] = (await nodes(page)).map((n) => n.id);
  await setUnits(page, input!, 'Input features', 2);
  const kinds = ['dense', 'relu', 'dense', 'softmax'];
  for (const kind of kinds) await page.locator(`.palette button[data-kind="${kind}"]`).click();
  const built = await nodes(page);
  expect(built.map((n) => n.kind)).toEqual(['input', ...kinds]);
  const [, hidden, , last] = built.map((n) => n.id);
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await setUnits(page, hidden!, 'Dense neurons', 16);
  // The last Dense keeps its 3 neurons; its W, still (3, 3), is resized to the 16 arriving.
  await locate(page, last!, 'card').then((card) => page.mouse.click(card.x, card.y));
  await page.getByRole('button', { name: 'Resize W to fit the layer before' }).click();
  await expect(page.getByTestId('outputs-note')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('dataset-name')).toContainText('2 features, 3 classes');
  await page.getByLabel('Epochs', { exact: true }).fill('200');
  await page.getByLabel('Epochs', { exact: true }).press('Enter');

  // The hidden layer is named; the last one, zero too, learns from its first step and is not.
  const train = page.getByRole('button', { name: 'Train', exact: true });
  const question = page.getByRole('alertdialog');
  await train.click();
  await expect(question).toContainText('Train with weights that cannot learn?');
  await expect(question.getByRole('listitem')).toHaveText([
    `Dense ${hidden}: W is all zeros, so its 16 units would learn the same thing, and behind a ReLU nothing at all.`,
  ]);
  await expect(question).toContainText('0.1 · np.random.randn after np.random.seed(0)');
  await page.screenshot({ path: 'test-results/screenshots/train-zero-weights.png' });

  // Cancel: nothing starts.
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toHaveCount(0);
  await expect(page.getByTestId('train-status')).toHaveText('idle');

  // Train anyway: as before, the run sits at the class priors.
  await train.click();
  await question.getByRole('button', { name: 'Train anyway' }).click();
  await trainToEnd(page, 200);
  expect(await number(page, 'train-loss')).toBeCloseTo(Math.log(3), 3);
  // Its hint blames the zeros, not the learning rate.
  await expect(page.locator('[data-testid="train-hint"][data-kind="stagnant"]')).toContainText(
    `Likely cause: the W of Dense ${hidden} is all zeros, so its units learn nothing or all the same; give it random weights (Reset weights).`,
  );
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo Train');
  await page.getByRole('button', { name: 'Undo' }).click();

  // Randomise and train: one step in the history, then the run; the loss falls below ln 3.
  await train.click();
  await question.getByRole('button', { name: 'Randomise and train' }).click();
  await expect(question).toHaveCount(0);
  // The steps count on after the first run's curve.
  await trainToEnd(page, 400);
  expect(await number(page, 'train-loss')).toBeLessThan(Math.log(3) - 0.1);
  expect(await number(page, 'train-accuracy')).toBeGreaterThan(45);

  // Undo the run, then the randomising: the zeros are back, and so is the question.
  const undo = page.getByRole('button', { name: 'Undo' });
  await expect(undo).toHaveAttribute('title', 'Undo Train');
  await undo.click();
  await expect(undo).toHaveAttribute('title', 'Undo Randomise zero weights');
  await undo.click();
  await page.getByRole('tab', { name: 'Inspect' }).click();
  const card = await locate(page, hidden!, 'card');
  await page.mouse.click(card.x, card.y);
  for (const cell of ['w-0-0', 'w-1-1']) await expect(page.getByTestId(cell)).toHaveValue('0');
  await page.getByRole('tab', { name: 'Train' }).click();
  await train.click();
  await expect(question.getByRole('listitem')).toHaveCount(1);
  await question.getByRole('button', { name: 'Cancel' }).click();
});
