/**
 * Small things a new user tripped over (issue 12, item 10): where Ctrl+D puts the copy, and why a
 * count is refused. (The skipped-file count's grammar is checked in evaluation.spec.ts.)
 */
import { expect, test } from './fixtures.ts';
import { canvasBox, canvasTexts, locate, nodes, selectNode, typeCell } from './helpers.ts';

test('Ctrl+D puts the copy clear of the original, and both stay in view', async ({ page }) => {
  await page.goto('/');
  await expect.poll(() => canvasTexts(page)).toContain('4.8');
  const [input, dense] = await nodes(page);
  const card = await locate(page, dense!.id, 'card');
  await page.mouse.click(card.x, card.y);
  await page.keyboard.press('Control+d');
  await expect.poll(async () => (await nodes(page)).length).toBe(3);
  const copy = (await nodes(page)).find((n) => n.id !== input!.id && n.id !== dense!.id)!;

  // The card's bottom edge: its last neuron is above it. Card rects in page pixels.
  const box = await canvasBox(page);
  const rectOf = async (id: string) => {
    const top = await locate(page, id, 'card');
    const bottom = await locate(page, id, 2);
    return { top: top.y, bottom: bottom.y, x: top.x };
  };
  const original = await rectOf(dense!.id);
  const copied = await rectOf(copy.id);
  expect(copied.x).toBeCloseTo(original.x, 0);
  expect(copied.top, 'the copy starts below the original').toBeGreaterThan(original.bottom);
  for (const y of [original.top, copied.bottom]) {
    expect(y).toBeGreaterThan(box.y);
    expect(y).toBeLessThan(box.y + box.height);
  }
  // And again: the second copy goes below the first, not onto it.
  await page.keyboard.press('Control+d');
  await expect.poll(async () => (await nodes(page)).length).toBe(4);
  const second = (await nodes(page)).at(-1)!;
  expect((await rectOf(second.id)).top).toBeGreaterThan((await rectOf(copy.id)).bottom);
});

test('counts like "-3", "0" and "2.5" are refused with the reason beside the field', async ({
  page,
}) => {
  await page.goto('/');
  await expect.poll(() => canvasTexts(page)).toContain('Dense (3)');
  const [, dense] = await nodes(page);
  const card = await locate(page, dense!.id, 'card');
  await page.mouse.click(card.x, card.y);
  const neurons = page.getByLabel('Dense neurons');
  for (const typed of ['-3', '0', '2.5']) {
    await neurons.fill(typed);
    await neurons.press('Enter');
    await expect(page.getByTestId('setting-error')).toHaveText(
      `Neurons of Dense ${dense!.id} must be a whole number from 1 to 100000, found ${typed}`,
    );
    expect(await canvasTexts(page)).toContain('Dense (3)');
  }

  // The Train tab's counts: refused in words, the old value kept.
  await page.getByLabel('Lesson').selectOption({ label: 'Train: spiral, 2-64-3' });
  const epochs = page.getByLabel('Epochs');
  const kept = await epochs.inputValue();
  for (const [typed, why] of [
    ['-3', 'it must be at least 1'],
    ['0', 'it must be at least 1'],
    ['2.5', 'it must be a whole number'],
  ] as const) {
    await epochs.fill(typed);
    await epochs.press('Enter');
    await expect(page.getByTestId('field-error')).toHaveText(
      `epochs: "${typed}" refused, ${why}; kept ${kept}.`,
    );
    await expect(epochs).toHaveAttribute('aria-invalid', 'true');
  }
  await epochs.fill('3');
  await epochs.press('Enter');
  await expect(page.getByTestId('field-error')).toHaveCount(0);
  await page.getByLabel('Learning rate').fill('-1');
  await page.getByLabel('Learning rate').press('Enter');
  await expect(page.getByTestId('field-error')).toContainText(
    'learning rate: "-1" refused, it must be a number > 0',
  );
});

test('clicking palette items adds layers at the chain’s end and keeps the Input in view', async ({
  page,
}) => {
  await page.goto('/');
  await expect.poll(() => canvasTexts(page)).toContain('4.8');
  const [input] = await nodes(page);
  const box = await canvasBox(page);
  const inView = (p: { x: number; y: number }) =>
    p.x > box.x && p.x < box.x + box.width && p.y > box.y && p.y < box.y + box.height;
  for (const kind of ['dense', 'relu', 'dense']) {
    const count = (await nodes(page)).length;
    await page.locator(`.palette button[data-kind="${kind}"]`).click();
    await expect.poll(async () => (await nodes(page)).length).toBe(count + 1);
    const added = (await nodes(page)).at(-1)!;
    expect(inView(await locate(page, added.id, 'card')), `${kind} in view`).toBe(true);
    expect(inView(await locate(page, input!.id, 'card')), 'the Input in view').toBe(true);
  }
  expect(await nodes(page)).toHaveLength(5);
});

test('the widest four-digit numbers (-0.0007527, -1.234e-05) fit their cells in W and in a kernel', async ({
  page,
}) => {
  await page.goto('/');
  await expect.poll(() => canvasTexts(page)).toContain('4.8');
  const cut = (testId: string) =>
    page.getByTestId(testId).evaluate((cell) => cell.scrollWidth > cell.clientWidth);
  const [, dense] = await nodes(page);
  await selectNode(page, dense!.id);
  await typeCell(page, 'w-0-0', '-0.0007527');
  await typeCell(page, 'w-1-1', '-1.234e-05');
  // Unfocused, each cell shows its value to four digits: the text must not run past the cell.
  await page.getByRole('heading', { name: /Dense/ }).first().click();
  await expect(page.getByTestId('w-0-0')).toHaveValue('-0.0007527');
  expect(await cut('w-0-0'), 'W[0][0] is cut off').toBe(false);
  expect(await cut('w-1-1'), 'W[1][1] is cut off').toBe(false);

  await page.goto('/');
  await page.getByLabel('Lesson').selectOption('pictures:small-cnn');
  const convOf = async () => (await nodes(page)).find((n) => n.kind === 'conv2d');
  await expect.poll(convOf, 'the lesson has a Conv2D').toBeTruthy();
  const conv = (await convOf())!;
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await selectNode(page, conv.id);
  await typeCell(page, 'k-1-1', '-0.0007527');
  await page
    .getByRole('heading', { name: /Conv2D/ })
    .first()
    .click();
  await expect(page.getByTestId('k-1-1')).toHaveValue('-0.0007527');
  expect(await cut('k-1-1'), 'the kernel cell is cut off').toBe(false);
});

test('the Nesterov checkbox sits beside its word, not stretched across the column', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption('pictures:small-cnn');
  await page.getByRole('tab', { name: 'Train' }).click();
  const box = (await page.getByRole('checkbox', { name: 'Nesterov' }).boundingBox())!;
  const label = page.locator('label.check', { hasText: 'Nesterov' });
  const words = await label.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element.lastChild!);
    return range.getBoundingClientRect();
  });
  expect(box.width, 'the checkbox is its own size').toBeLessThan(24);
  expect(words.left - (box.x + box.width), 'the word follows the checkbox').toBeLessThan(12);
});
