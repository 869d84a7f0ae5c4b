import { expect, test } from './fixtures.ts';
import { canvasBox, canvasTexts, drag, dropLayer, locate, nodes, typeCell } from './helpers.ts';

const shot = (name: string) => `test-results/screenshots/${name}.png`;

test('the first screen draws the notebook 4→3 example with its outputs', async ({ page }) => {
  await page.goto('/');
  await expect
    .poll(() => canvasTexts(page))
    .toEqual(expect.arrayContaining(['4.8', '1.21', '2.385']));
  expect(await canvasTexts(page)).toEqual(
    expect.arrayContaining(['Input (4)', 'Dense (3)', 'W (4, 3)\n15 params']),
  );
  await expect(page.getByTestId('layer-output')).toHaveText('[4.8   1.21  2.385]');
  await page.screenshot({ path: shot('first-screen') });
});

test('a learner builds the notebook layer by mouse and keyboard and sees its numbers', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  expect(await nodes(page)).toEqual([]);

  const box = await canvasBox(page);
  await dropLayer(page, 'input', { x: box.x + 200, y: box.y + 200 });
  await dropLayer(page, 'dense', { x: box.x + 650, y: box.y + 200 });
  const [input, dense] = await nodes(page);
  expect([input?.kind, dense?.kind]).toEqual(['input', 'dense']);

  // Four features for the notebook's inputs.
  await page.mouse.click(
    (await locate(page, input!.id, 'card')).x,
    (await locate(page, input!.id, 'card')).y,
  );
  await page.getByLabel('Input features').fill('4');
  await page.getByLabel('Input features').press('Enter');

  // Connect: drag from the Input's output port to the Dense layer's input port.
  await drag(page, await locate(page, input!.id, 'out'), await locate(page, dense!.id, 'in'));
  await expect.poll(() => canvasTexts(page)).toContain('W (4, 3)\n15 params');

  // Paste the notebook's weights as written, one row per neuron, and insist they are W: the
  // paste asks first, and taken as W (resizing the layer) the wire says why that fails.
  const denseCard = await locate(page, dense!.id, 'card');
  await page.mouse.click(denseCard.x, denseCard.y);
  await page.getByRole('button', { name: 'Paste…' }).click();
  await page
    .getByLabel(/Paste a matrix/)
    .fill('[[0.2, 0.8, -0.5, 1.0],\n [0.5, -0.91, 0.26, -0.5],\n [-0.26, -0.27, 0.17, 0.87]]');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('paste-fit-message')).toContainText('(3, 4) and W is (4, 3)');
  await page.locator('[data-choice="w"]').click();
  await expect
    .poll(async () => (await canvasTexts(page)).find((t) => t.includes('not aligned')) ?? '')
    .toContain(
      'shapes (1,4) and (3,4) not aligned: 4 (dim 1) != 3 (dim 0) — transposing W to (4, 3) would fit',
    );
  // The Outputs panel says why the outputs stop, not how to start a network.
  await expect(page.getByTestId('outputs-note')).toHaveText(
    `The wire into Dense ${dense!.id} is red, so the outputs stop before it: Dense expects 3 inputs per sample (W (3, 4)), but Input gives 4: shapes (1,4) and (3,4) not aligned: 4 (dim 1) != 3 (dim 0) — transposing W to (4, 3) would fit`,
  );
  await page.screenshot({ path: shot('shape-error') });

  // The notebook's fix: weights.T.
  await page.getByRole('button', { name: 'Transpose' }).click();
  await expect
    .poll(async () => (await canvasTexts(page)).some((t) => t.includes('not aligned')))
    .toBe(false);
  for (const [j, b] of ['2', '3', '0.5'].entries()) await typeCell(page, `b-${j}`, b);

  // The inputs [1, 2, 3, 2.5], typed into the input table.
  await page.mouse.click(
    (await locate(page, input!.id, 'card')).x,
    (await locate(page, input!.id, 'card')).y,
  );
  for (const [c, x] of ['1', '2', '3', '2.5'].entries()) await typeCell(page, `x-0-${c}`, x);

  await expect
    .poll(() => canvasTexts(page))
    .toEqual(expect.arrayContaining(['4.8', '1.21', '2.385']));
  await expect(page.getByTestId('layer-output')).toHaveText('[4.8   1.21  2.385]');

  // Clicking neuron 1 shows its arithmetic with the actual numbers.
  const neuron = await locate(page, dense!.id, 1);
  await page.mouse.click(neuron.x, neuron.y);
  await expect(page.getByTestId('neuron-explain')).toHaveText(
    '1×0.5 + 2×(−0.91) + 3×0.26 + 2.5×(−0.5) + 3 = 1.21',
  );
  await page.screenshot({ path: shot('built-by-hand') });

  // Undo twice: the last two inputs (2.5, then 3) go back to 0, and every number follows.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('layer-output')).toHaveText('[2.3  2.46 0.21]');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('layer-output')).toHaveText('[ 3.8   1.68 -0.3 ]');
  await expect
    .poll(() => canvasTexts(page))
    .toEqual(expect.arrayContaining(['3.8', '1.68', '-0.3']));
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('layer-output')).toHaveText('[2.3  2.46 0.21]');
});

test('clicking a weight line lets you type a new value, and refuses nonsense', async ({ page }) => {
  await page.goto('/');
  await expect.poll(() => canvasTexts(page)).toContain('4.8');
  const [input, dense] = await nodes(page);
  expect(input?.kind).toBe('input');
  const mid = (await page.evaluate(
    (id) => window.__weightcraft?.locateWeight?.(id, 0, 0),
    dense!.id,
  ))!;
  await page.mouse.move(mid.x, mid.y);
  await expect(page.getByRole('tooltip')).toHaveText('w[0→0] = 0.2');
  await page.mouse.click(mid.x, mid.y);
  await page.getByLabel('Weight value').fill('1/0');
  await page.getByLabel('Weight value').press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: 'division by zero' })).toBeVisible();
  await page.getByLabel('Weight value').fill('.7');
  await page.getByLabel('Weight value').press('Enter');
  // 4.8 + (0.7 − 0.2) × 1 = 5.3
  await expect(page.getByTestId('layer-output')).toHaveText('[5.3   1.21  2.385]');
});

test('each notebook lesson renders the notebook printed numbers', async ({ page }) => {
  await page.goto('/');
  const lesson = page.getByLabel('Lesson');
  const printed = page.getByTestId('layer-output');
  await lesson.selectOption({ label: 'One neuron' });
  await expect(printed).toHaveText('[2.3]');
  await expect.poll(() => canvasTexts(page)).toContain('2.3');
  await page.screenshot({ path: shot('lesson-one-neuron') });
  await lesson.selectOption({ label: 'A batch of 3 samples' });
  await expect(printed).toHaveText(
    '[[ 4.8    1.21   2.385]\n [ 8.9   -1.81   0.2  ]\n [ 1.41   1.051  0.026]]',
  );
  await page.screenshot({ path: shot('lesson-batch') });
  await lesson.selectOption({ label: 'Two layers' });
  await expect(printed.nth(1)).toHaveText(
    '[[ 0.5031  -1.04185 -2.03875]\n [ 0.2434  -2.7332  -5.7633 ]\n [-0.99314  1.41254 -0.35655]]',
  );
  await page.screenshot({ path: shot('lesson-two-layers') });
  await lesson.selectOption({ label: 'Layer_Dense after np.random.seed(0)' });
  await expect(printed.nth(1)).toHaveText(
    '[[ 0.148296   -0.08397602]\n [ 0.14100315 -0.01340469]\n [ 0.20124979 -0.07290616]]',
  );
  await page.screenshot({ path: shot('lesson-layer-dense-seed-0') });
  // A lesson starts a fresh document: nothing to undo.
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});

test('layers move, duplicate and delete with undo', async ({ page }) => {
  await page.goto('/');
  await expect.poll(() => canvasTexts(page)).toContain('4.8');
  const [input, dense] = await nodes(page);
  const before = await locate(page, dense!.id, 'card');
  const inputBefore = await locate(page, input!.id, 'card');
  await drag(page, before, { x: before.x + 40, y: before.y + 60 });
  const after = await locate(page, dense!.id, 'card');
  expect(after.x - before.x).toBeCloseTo(40, -1);
  await page.mouse.click(after.x, after.y);
  await page.keyboard.press('Control+d');
  await expect.poll(async () => (await nodes(page)).length).toBe(3);
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await nodes(page)).length).toBe(2);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  // Measured from the Input card: Ctrl+D may have panned the view to show the copy.
  const back = await locate(page, dense!.id, 'card');
  const inputBack = await locate(page, input!.id, 'card');
  expect(back.x - inputBack.x).toBeCloseTo(before.x - inputBefore.x, 0);
  expect(back.y - inputBack.y).toBeCloseTo(before.y - inputBefore.y, 0);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Undo');
});

test('a 784-128-10 network is drawn compact and pans and zooms', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption('image-784-128-10');
  await expect
    .poll(() => canvasTexts(page))
    .toEqual(expect.arrayContaining(['Input (784)', 'Dense (128)', 'Softmax (10)']));
  await expect(page.getByTestId('caption')).toContainText('784 input nodes');
  // The lesson's own forward pass has come back: its last layer gives 10 probabilities.
  await expect
    .poll(() =>
      page.evaluate(() =>
        Object.values(window.__weightcraft?.outputShapes?.() ?? {}).map((s) => s[1]),
      ),
    )
    .toContain(10);
  await page.screenshot({ path: shot('compact-784-128-10') });
  const box = await canvasBox(page);
  const before = await page.evaluate(() => window.__weightcraft!.viewport!());
  await drag(
    page,
    { x: box.x + 30, y: box.y + box.height - 30 },
    { x: box.x + 130, y: box.y + box.height - 80 },
  );
  const panned = await page.evaluate(() => window.__weightcraft!.viewport!());
  expect(panned.x - before.x).toBeCloseTo(100, -1);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await expect
    .poll(async () => (await page.evaluate(() => window.__weightcraft!.viewport!())).scale)
    .toBeGreaterThan(panned.scale);
  await page.keyboard.press('f');
  await expect
    .poll(async () => (await page.evaluate(() => window.__weightcraft!.viewport!())).scale)
    .toBeCloseTo(before.scale, 5);
});

test('the Layer_Dense cell rebuilt by hand: np.random.seed(0), Layer_Dense(4, 5), Layer_Dense(5, 2)', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  // Clicking palette items adds each layer after the last one, wired.
  for (const kind of ['input', 'dense', 'dense'])
    await page.locator(`.palette button[data-kind="${kind}"]`).click();
  const [input, first, second] = await nodes(page);
  // Each added card is scrolled into view.
  const box = await canvasBox(page);
  const last = await locate(page, second!.id, 'card');
  expect(last.x).toBeGreaterThan(box.x);
  expect(last.x).toBeLessThan(box.x + box.width);
  await page.keyboard.press('f'); // fit all three cards on screen
  const select = async (id: string) => {
    const card = await locate(page, id, 'card');
    await page.mouse.click(card.x, card.y);
  };
  await select(first!.id);
  await page.getByLabel('Dense neurons').fill('5');
  await page.getByLabel('Dense neurons').press('Enter');
  await select(second!.id);
  await page.getByLabel('Dense neurons').fill('2');
  await page.getByLabel('Dense neurons').press('Enter');
  await page.getByRole('button', { name: 'Initialise all layers as Layer_Dense' }).click();
  // X, the notebook's batch, pasted into the input table.
  await select(input!.id);
  await page.getByRole('button', { name: 'Paste / CSV…' }).click();
  await page
    .getByLabel(/Paste samples/)
    .fill('[[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]');
  await page.getByRole('button', { name: 'Apply' }).click();
  const printed = page.getByTestId('layer-output');
  await expect(printed.nth(0)).toHaveText(
    '[[ 0.10758131  1.03983522  0.24462411  0.31821498  0.18851053]\n' +
      ' [-0.08349796  0.70846411  0.00293357  0.44701525  0.36360538]\n' +
      ' [-0.50763245  0.55688422  0.07987797 -0.34889573  0.04553042]]',
  );
  await expect(printed.nth(1)).toHaveText(
    '[[ 0.148296   -0.08397602]\n [ 0.14100315 -0.01340469]\n [ 0.20124979 -0.07290616]]',
  );
  await page.screenshot({ path: shot('layer-dense-by-hand') });
});
