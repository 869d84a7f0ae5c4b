/**
 * Pasting the notebook's matrices (issue 12, item 1): the notebook writes `weights` one row per
 * neuron, (n_neurons, n_inputs), and Weightcraft's W is (n_inputs, n_neurons). A paste never
 * changes a layer's size or orientation without saying so: it shows both shapes and asks.
 */
import { expect, test, type Page } from './fixtures.ts';
import { canvasTexts, locate, nodes } from './helpers.ts';

const WEIGHTS2 = '[[0.1, -0.14, 0.5],\n [-0.5, 0.12, -0.33],\n [-0.44, 0.73, -0.13]]';

async function select(page: Page, id: string) {
  const card = await locate(page, id, 'card');
  await page.mouse.click(card.x, card.y);
}

async function paste(page: Page, text: string, into: 'W' | 'b' = 'W') {
  await page.getByRole('button', { name: 'Paste…' }).click();
  if (into === 'b') await page.getByLabel(/into b/).check();
  await page.getByLabel(/Paste a matrix/).fill(text);
  await page.getByRole('button', { name: 'Apply' }).click();
}

test("the notebook's square weights2 is asked about, placed as chosen, and the choice is kept", async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Two layers' });
  const layer2Output = page.getByTestId('layer-output').nth(1);
  // The notebook's layer2_outputs, first row: [0.5031, -1.04185, -2.03875].
  await expect(layer2Output).toContainText('0.5031');
  const notebook = await layer2Output.innerText();
  const [, , layer2] = await nodes(page);
  await select(page, layer2!.id);
  await page.getByRole('button', { name: 'Zero' }).click();
  await expect(layer2Output).not.toHaveText(notebook);

  await paste(page, WEIGHTS2);
  const asked = page.getByRole('group', { name: 'Where the pasted matrix goes' });
  await expect(asked).toContainText(
    'The pasted matrix is (3, 3) and W is (3, 3) (inputs × neurons): it fits either way. Which layout is it?',
  );
  await expect(asked.getByRole('button')).toHaveText([
    'One row per neuron (as the notebook writes it, transposed for you)',
    'As W (inputs × neurons)',
    'Cancel',
  ]);
  await page.screenshot({ path: 'test-results/screenshots/paste-choice.png' });
  await asked.getByRole('button', { name: /One row per neuron/ }).click();
  await expect(layer2Output).toHaveText(notebook);

  // The next square paste in this document goes the same way, and says so.
  await page.getByRole('button', { name: 'Zero' }).click();
  await paste(page, WEIGHTS2);
  await expect(page.getByTestId('paste-note')).toHaveText(
    'The pasted matrix is (3, 3): pasted one row per neuron, transposed for you, as chosen before for this document.',
  );
  await expect(asked).toHaveCount(0);
  await expect(layer2Output).toHaveText(notebook);

  // The choice is this document's: opened again (its edits not saved), the lesson asks again.
  await page.getByLabel('Lesson').selectOption({ label: 'Two layers' });
  await page.getByRole('button', { name: "Don't save" }).click();
  await expect(layer2Output).toHaveText(notebook);
  const [, , reopened] = await nodes(page);
  await select(page, reopened!.id);
  await paste(page, WEIGHTS2);
  await expect(asked).toContainText('it fits either way. Which layout is it?');
  await expect(page.getByTestId('paste-note')).toHaveCount(0);
});

test('a paste that fits neither way is refused with both shapes; a resize is one undo step', async ({
  page,
}) => {
  await page.goto('/');
  await expect.poll(() => canvasTexts(page)).toContain('Dense (3)');
  const [input, dense] = await nodes(page);
  await select(page, dense!.id);
  const printed = page.getByTestId('layer-output');
  await expect(printed).toHaveText('[4.8   1.21  2.385]');

  // The notebook's (3, 4) weights into W (4, 3): asked, nothing changed until a choice.
  await paste(
    page,
    '[[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]',
  );
  const asked = page.getByRole('group', { name: 'Where the pasted matrix goes' });
  await expect(asked).toContainText(
    'The pasted matrix is (3, 4) and W is (4, 3) (inputs × neurons): it fits one row per neuron',
  );
  await expect(asked.locator('[data-choice="w"]')).toContainText(
    'resizing the layer to 4 neurons of 3 inputs',
  );
  expect(await canvasTexts(page)).toContain('Dense (3)');
  await asked.getByRole('button', { name: /One row per neuron/ }).click();
  await expect(printed).toHaveText('[4.8   1.21  2.385]');
  expect(await canvasTexts(page)).toContain('Dense (3)');

  // Five values fit neither (4, 3) nor (3, 4): refused, naming both shapes.
  await paste(page, '[1, 2, 3, 4, 5]');
  await expect(asked).toContainText(
    'The pasted matrix is (1, 5), but W is (4, 3) (inputs × neurons), or (3, 4) one row per neuron: it fits neither way.',
  );
  await asked.getByRole('button', { name: 'Cancel' }).click();
  expect(await canvasTexts(page)).toContain('Dense (3)');

  // Four biases for three neurons: a resize only when chosen, and one undo step.
  await paste(page, '[2, 3, 0.5, 7]', 'b');
  await expect(asked).toContainText(
    'The pasted biases are (1, 4), but b is (3,), one bias per neuron.',
  );
  await asked.getByRole('button', { name: 'Resize the layer to 4 neurons' }).click();
  await expect.poll(() => canvasTexts(page)).toContain('Dense (4)');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await expect.poll(() => canvasTexts(page)).toContain('Dense (3)');
  await expect(printed).toHaveText('[4.8   1.21  2.385]');

  // A sample pasted as a column is offered transposed into one row.
  await select(page, input!.id);
  await page.getByRole('button', { name: 'Paste / CSV…' }).click();
  await page.getByLabel(/Paste samples/).fill('2\n5\n-1\n2');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(asked).toContainText(
    'The pasted matrix is (4, 1), but X is (batch, 4): 4 features per sample',
  );
  await asked.getByRole('button', { name: /One column per sample/ }).click();
  // The notebook's second sample: [8.9, -1.81, 0.2].
  await expect(printed).toContainText('8.9');
  expect(await canvasTexts(page)).toContain('Input (4)');
});
