/**
 * Issue 12, "Unreadable in a classroom": at 1280×720 every lesson, opened and fitted to the
 * screen, draws no canvas text under 11 px; long outputs print as NumPy summarises them and
 * expand on a click; the input table shows all its columns.
 */
import { expect, test, type Page } from './fixtures.ts';
import { nodes } from './helpers.ts';

const MIN_TEXT_PX = 11;

test.use({ viewport: { width: 1280, height: 720 } });

/** Every lesson the Lesson menu offers, by value and title. */
async function lessons(page: Page) {
  return page
    .getByLabel('Lesson')
    .locator('option')
    .evaluateAll((options) =>
      options
        .map((o) => ({ value: (o as HTMLOptionElement).value, title: o.textContent!.trim() }))
        .filter((o) => o.value !== ''),
    );
}

/** Opens a lesson from the menu and waits until its last layer's output is drawn. */
async function openLesson(page: Page, lesson: { value: string; title: string }) {
  await page.getByLabel('Lesson').selectOption(lesson.value);
  await expect(page.getByTestId('caption')).toContainText(lesson.title);
  const last = (await nodes(page)).at(-1)!.id;
  await expect
    .poll(() => page.evaluate((id) => id in window.__weightcraft!.outputShapes!(), last), {
      message: `${lesson.title}: the output of ${last} arrives`,
      timeout: 30_000,
    })
    .toBe(true);
}

/** The on-screen size of every text the Konva stage draws: font size × absolute scale. */
async function textSizes(page: Page) {
  const texts = await page.evaluate(() => window.__weightcraft!.canvasTextSizes!());
  return texts.map(({ text, fontSize, scale }) => ({ text, px: fontSize * scale }));
}

test('every lesson fitted to a 1280×720 screen draws its canvas text at 11 px or more', async ({
  page,
}) => {
  await page.goto('/');
  const all = await lessons(page);
  expect(all.map((l) => l.value)).toContain('pictures:small-cnn');
  const scales: string[] = [];
  for (const lesson of all) {
    await openLesson(page, lesson);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    const { scale } = await page.evaluate(() => window.__weightcraft!.viewport!());
    scales.push(`${lesson.value} ${scale.toFixed(3)}`);
    const sizes = await textSizes(page);
    const small = sizes.filter((s) => s.px < MIN_TEXT_PX - 1e-6);
    expect(small, `${lesson.title} at ${scale.toFixed(3)}×: texts under ${MIN_TEXT_PX} px`).toEqual(
      [],
    );
    // Not vacuous: the cards still say what they are.
    expect(sizes.length, `${lesson.title}: some text is drawn`).toBeGreaterThan(0);
    if (lesson.value === 'pictures:small-cnn') {
      expect(scale, 'the picture lesson is zoomed out to fit').toBeLessThan(0.6);
      expect(sizes.map((s) => s.text)).toEqual(expect.arrayContaining(['Conv2D', 'ReLU']));
      await page.screenshot({ path: 'test-results/screenshots/legible-fit-small-cnn.png' });
    }
  }
  test.info().annotations.push({ type: 'fit scales', description: scales.join(', ') });
});

test('zooming out drops the neuron values rather than drawing them small, and zooming in brings them back', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'Two layers' });
  await expect(page.getByTestId('caption')).toBeVisible();
  const values = async () =>
    (await textSizes(page)).filter((s) => /^-?\d/.test(s.text) && !s.text.includes('\n'));
  const zoomIn = page.getByRole('button', { name: 'Zoom in' });
  const zoomOut = page.getByRole('button', { name: 'Zoom out' });
  while ((await page.evaluate(() => window.__weightcraft!.viewport!().scale)) < 1.2)
    await zoomIn.click();
  await expect.poll(async () => (await values()).length).toBeGreaterThan(0);
  for (const v of await values()) expect(v.px).toBeGreaterThanOrEqual(MIN_TEXT_PX);
  while ((await page.evaluate(() => window.__weightcraft!.viewport!().scale)) > 0.5)
    await zoomOut.click();
  expect(await values()).toEqual([]);
  for (const s of await textSizes(page)) expect(s.px, s.text).toBeGreaterThanOrEqual(MIN_TEXT_PX);
});
