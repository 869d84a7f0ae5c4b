/**
 * Presentation mode at a projector's 1280×720, by keyboard as a teacher (or a presenter clicker)
 * would: F5 in, large type and high contrast, the lesson's caption as a subtitle, a panel folded
 * away and back, the arrows stepping through lessons (asking to save unsaved changes first), Esc
 * out.
 */
import { expect, test, type Page } from './fixtures.ts';
import { canvasBox, nodes, selectNode } from './helpers.ts';

test.use({ viewport: { width: 1280, height: 720 } });

const style = (page: Page, selector: string, property: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

const px = (value: string) => Number.parseFloat(value);

const FIRST = 'Each neuron has its own weights and bias'; // 4 inputs → 3 neurons, the start
const NEXT = 'inputs (3,4) @ weights.T (4,3)'; // A batch of 3 samples

test('presentation mode: keyboard in and out, large type, subtitle, panels, lesson steps', async ({
  page,
}) => {
  await page.goto('/');
  const caption = page.getByTestId('caption');
  await expect(caption).toContainText(FIRST);
  const normalType = px(await style(page, 'html', 'font-size'));
  const normalCaption = px(await style(page, '[data-testid="caption"]', 'font-size'));
  const normalTab = await style(page, '[role="tab"][aria-selected="true"]', 'color');
  expect(await style(page, '.palette h2', 'color')).toBe('rgb(100, 116, 139)'); // muted grey

  await page.keyboard.press('F5');
  const bar = page.getByRole('toolbar', { name: 'Presentation' });
  await expect(bar).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  // The key press is the gesture full screen needs (the mode would carry on windowed without).
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.tagName ?? null))
    .toBe('HTML');
  await expect(page.getByRole('button', { name: 'Save As…' })).toBeHidden();

  // Large type: everything sized in rem grows; the subtitle is the largest text on the page.
  expect(px(await style(page, 'html', 'font-size'))).toBeGreaterThanOrEqual(normalType * 1.2);
  const subtitle = page.locator('.subtitle');
  await expect(subtitle).toContainText(FIRST);
  await expect(subtitle).toContainText('4 inputs → 3 neurons');
  expect(px(await style(page, '.subtitle', 'font-size'))).toBeGreaterThanOrEqual(
    Math.max(28, normalCaption * 2),
  );
  // High contrast: black on white, black 2 px rules, a darker accent than the usual blue.
  expect(await style(page, '.subtitle', 'color')).toBe('rgb(0, 0, 0)');
  expect(await style(page, '.subtitle', 'background-color')).toBe('rgb(255, 255, 255)');
  expect(await style(page, 'aside.right', 'border-left-color')).toBe('rgb(0, 0, 0)');
  expect(await style(page, 'aside.right', 'border-left-width')).toBe('2px');
  const tab = await style(page, '[role="tab"][aria-selected="true"]', 'color');
  expect(tab).not.toBe(normalTab);
  expect(tab).toBe('rgb(0, 0, 176)');
  expect(await style(page, '.palette h2', 'color')).toBe('rgb(0, 0, 0)'); // no grey text
  // The subtitle sits at the bottom of the window, under the canvas.
  const subtitleBox = (await subtitle.boundingBox())!;
  expect(subtitleBox.y + subtitleBox.height).toBeCloseTo(720, 0);
  expect(subtitleBox.y).toBeGreaterThanOrEqual((await canvasBox(page)).y);

  // The side panel folds away by key and the canvas takes its room; its button brings it back.
  const panel = page.getByRole('complementary', { name: 'Inspect, Train and Evaluate' });
  await expect(panel).toBeVisible();
  const withPanel = (await canvasBox(page)).width;
  await page.keyboard.press('i');
  await expect(panel).toBeHidden();
  await expect.poll(async () => (await canvasBox(page)).width).toBeGreaterThan(withPanel + 300);
  await bar.getByRole('button', { name: 'Show panel' }).click();
  await expect(panel).toBeVisible();
  await expect.poll(async () => (await canvasBox(page)).width).toBeCloseTo(withPanel, 0);
  // The palette by its button, and back by key.
  const palette = page.getByRole('complementary', { name: 'Layer palette' });
  await bar.getByRole('button', { name: 'Hide palette' }).click();
  await expect(palette).toBeHidden();
  await page.keyboard.press('p');
  await expect(palette).toBeVisible();

  // The arrows (and a clicker's Page Down / Page Up) step through the lessons.
  const step = page.getByTestId('lesson-step');
  const firstStep = await step.textContent();
  await page.keyboard.press('ArrowRight');
  await expect(subtitle).toContainText(NEXT);
  await expect(subtitle).toContainText('A batch of 3 samples');
  await expect(step).not.toHaveText(firstStep!);
  // Canvas text at the fitted zoom: none under the presentation's minimum (16 px), some shown.
  await expect
    .poll(async () => {
      const texts = await page.evaluate(() => window.__weightcraft!.canvasTextSizes!());
      const sizes = texts.map(({ fontSize, scale }) => fontSize * scale);
      return sizes.length > 0 ? Math.min(...sizes) : 0;
    })
    .toBeGreaterThanOrEqual(16 - 1e-9);
  await page.screenshot({ path: 'test-results/screenshots/presentation-mode.png' });
  await page.keyboard.press('ArrowLeft');
  await expect(subtitle).toContainText(FIRST);
  await expect(step).toHaveText(firstStep!);
  await page.keyboard.press('PageDown');
  await expect(subtitle).toContainText(NEXT);
  await page.keyboard.press('PageUp');
  await expect(subtitle).toContainText(FIRST);

  // Unsaved work is not lost: the step asks first; Esc answers Cancel and stays presenting.
  const [first] = await nodes(page);
  await selectNode(page, first!.id);
  await page.keyboard.press('Delete');
  await expect.poll(async () => (await nodes(page)).length).toBe(1);
  await page.keyboard.press('ArrowRight');
  const question = page.getByRole('alertdialog');
  await expect(question).toContainText('Save the changes');
  await page.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  await expect(bar).toBeVisible();
  await expect(subtitle).toContainText(FIRST);
  expect(await nodes(page)).toHaveLength(1);
  await page.keyboard.press('ArrowRight');
  await question.getByRole('button', { name: "Don't save" }).click();
  await expect(subtitle).toContainText(NEXT);

  // Esc leaves: the usual header, type and caption are back, and the arrows are no steps.
  await page.keyboard.press('Escape');
  await expect(bar).toHaveCount(0);
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
  await expect(page.getByRole('button', { name: 'Present' })).toBeVisible();
  expect(px(await style(page, 'html', 'font-size'))).toBe(normalType);
  await expect(page.locator('.subtitle')).toHaveCount(0);
  await expect(caption).toContainText(NEXT);
  expect(px(await style(page, '[data-testid="caption"]', 'font-size'))).toBe(normalCaption);
  await page.keyboard.press('ArrowRight');
  await expect(caption).toContainText(NEXT);
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

  // The browser leaving full screen by itself (its own Esc, which the page never sees) ends the
  // presentation too.
  await page.keyboard.press('F5');
  await expect(bar).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.tagName ?? null))
    .toBe('HTML');
  await page.evaluate(() => document.exitFullscreen());
  await expect(bar).toHaveCount(0);
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
});

test('presentation mode outlives a reload, windowed, and F5 then makes it full screen', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByTestId('caption')).toContainText(FIRST);
  await page.keyboard.press('F5');
  const bar = page.getByRole('toolbar', { name: 'Presentation' });
  await expect(bar).toBeVisible();
  await page.keyboard.press('i');
  const panel = page.getByRole('complementary', { name: 'Inspect, Train and Evaluate' });
  await expect(panel).toBeHidden();

  await page.reload();
  await expect(bar).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/presenting/);
  await expect(panel).toBeHidden();
  await expect(page.locator('.subtitle')).toContainText(FIRST);
  expect(await page.evaluate(() => document.fullscreenElement)).toBeNull();
  await page.keyboard.press('F5');
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.tagName ?? null))
    .toBe('HTML');

  await page.keyboard.press('Escape');
  await expect(bar).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('caption')).toContainText(FIRST);
  await expect(bar).toHaveCount(0);
  await expect(page.locator('html')).not.toHaveClass(/presenting/);
});
