/**
 * A residual block built with the mouse from an empty document: the palette adds the layers, a
 * wire dragged from the Input to the Add joins the block's input to its output, the Add card gets
 * its outputs, and the Train tab trains the network, skip connection and all.
 */
import { expect, test, type Page } from './fixtures.ts';
import { canvasTexts, drag, locate, nodes } from './helpers.ts';

const number = async (page: Page, testId: string) =>
  Number((await page.getByTestId(testId).innerText()).replace('%', ''));

async function select(page: Page, id: string) {
  const card = await locate(page, id, 'card');
  await page.mouse.click(card.x, card.y);
}

async function setUnits(page: Page, id: string, label: string, units: number) {
  await select(page, id);
  await page.getByLabel(label).fill(String(units));
  await page.getByLabel(label).press('Enter');
  await expect(page.getByLabel(label)).toHaveValue(String(units));
}

test('a residual block built with the mouse computes its Add and trains', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  expect(await nodes(page)).toEqual([]);

  // The spiral data set's 2 features in, set before a Dense takes its weights' shape from them.
  await page.locator('.palette button[data-kind="input"]').click();
  const [input] = (await nodes(page)).map((n) => n.id);
  await setUnits(page, input!, 'Input features', 2);
  // Then Dense → ReLU → Dense → Add → Dense → Softmax, each click wired after the last.
  const kinds = ['dense', 'relu', 'dense', 'add', 'dense', 'softmax'];
  for (const kind of kinds) await page.locator(`.palette button[data-kind="${kind}"]`).click();
  const built = await nodes(page);
  expect(built.map((n) => n.kind)).toEqual(['input', ...kinds]);
  const [, , , inner, add] = built.map((n) => n.id);
  // The block gives 2 values back, to add to the 2 features.
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await setUnits(page, inner!, 'Dense neurons', 2);

  // One wire in: the Add asks for another.
  await expect(page.getByTestId('outputs-note')).toContainText(
    `The wire into Add ${add} is red, so the outputs stop before it: Add cannot take what Dense ${inner} gives: add takes two or more inputs, found 1 — wire another in`,
  );

  // The skip connection, by mouse: from the Input's output port to the Add's free input port.
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await drag(page, await locate(page, input!, 'out'), await locate(page, add!, 'in'));
  await expect
    .poll(() => page.evaluate(() => window.__weightcraft!.wires!()))
    .toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: input, to: add, port: 1, error: null }),
        expect.objectContaining({ from: inner, to: add, port: 0, error: null }),
      ]),
    );
  await expect(page.getByTestId('outputs-note')).toHaveCount(0);

  // The Add card shows its outputs: one sample of 2 values, drawn as its neurons.
  await expect
    .poll(() => page.evaluate(() => window.__weightcraft!.outputShapes!()))
    .toEqual(expect.objectContaining({ [add!]: [1, 2] }));
  expect(await canvasTexts(page)).toContain('Add (2)');
  await page.screenshot({ path: 'test-results/screenshots/residual-block.png' });

  // Trained on the spiral: fresh weights, then the loss falls.
  await page.getByRole('tab', { name: 'Train' }).click();
  await expect(page.getByTestId('dataset-name')).toContainText('2 features, 3 classes');
  await page.getByRole('button', { name: 'Reset weights' }).click();
  // A run short enough to end by itself: a Stop click could come after its end on a busy machine.
  await page.getByLabel('Epochs', { exact: true }).fill('400');
  await page.getByLabel('Epochs', { exact: true }).press('Enter');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect.poll(() => number(page, 'train-step')).toBe(400);
  await expect(page.getByRole('button', { name: 'Train', exact: true })).toBeVisible();
  // Reset weights (0.01·randn) start at uniform guesses, a loss of ln 3 ≈ 1.0986.
  expect(await number(page, 'train-loss')).toBeLessThan(Math.log(3) - 0.02);
  // The trained weights went back into the document.
  await expect(page.getByTestId('file-name')).toHaveText(/^● /);
});
