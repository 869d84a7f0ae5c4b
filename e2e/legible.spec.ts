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
  return texts.map(({ text, name, fontSize, scale }) => ({ text, name, px: fontSize * scale }));
}

test('every lesson fitted to a 1280×720 screen draws its canvas text at 11 px or more, every card titled', async ({
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
    // Not vacuous: the cards still say what they are, every one of them (a long one-word
    // title such as "GlobalAvgPool" breaks onto two lines rather than being dropped).
    const titles = sizes.filter((s) => s.name === 'card-title').map((s) => s.text);
    expect(titles, `${lesson.title} at ${scale.toFixed(3)}×: the cards' titles`).toHaveLength(
      (await nodes(page)).length,
    );
    if (lesson.value === 'pictures:cats-vs-dogs') {
      expect(titles).toContain('Global\nAvgPool');
      await page.screenshot({ path: 'test-results/screenshots/legible-fit-cats-vs-dogs.png' });
    }
    if (lesson.value === 'pictures:small-cnn') {
      expect(scale, 'the picture lesson is zoomed out to fit').toBeLessThan(0.6);
      expect(titles).toEqual(expect.arrayContaining(['Conv2D', 'ReLU']));
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

/** The numbers in a printout, in order ('...' left out). */
const numbersIn = (printed: string) => printed.match(/-?\d+\.?\d*(?:e[+-]\d+)?/g) ?? [];

/** Whether an element's content is wider than its box: a line or a column cut off at the right. */
const overflows = (locator: import('@playwright/test').Locator) =>
  locator.evaluate((element) => element.scrollWidth > element.clientWidth);

test('a 128-value output prints summarised as NumPy does, wraps to the panel, and shows every value on a click', async ({
  page,
}) => {
  await page.goto('/');
  await openLesson(page, { value: 'image-784-128-10', title: 'A 28×28 image: 784-128-10' });
  // The lesson opens on its Train tab (it brings its digits); the outputs are under Inspect.
  await page.getByRole('tab', { name: 'Inspect' }).click();
  const [, dense] = await nodes(page);
  const printed = page.locator(`[data-testid="layer-output"][data-node="${dense!.id}"]`);
  await expect(page.getByRole('heading', { name: `Dense ${dense!.id} (128,)` })).toBeVisible();
  const toggle = printed.locator('xpath=..');
  const summary = await printed.innerText();
  // NumPy's summary: the first and last 3 values (edgeitems) around '...'.
  expect(summary).toMatch(/^\[.*\.\.\..*\]$/s);
  expect(numbersIn(summary)).toHaveLength(6);
  expect(await overflows(printed), 'the summary is wrapped to the panel, not cut off').toBe(false);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');

  await printed.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  const full = await printed.innerText();
  expect(full).not.toContain('...');
  const values = numbersIn(full);
  expect(values).toHaveLength(128);
  // The summary's values are the whole array's first and last three.
  expect([...values.slice(0, 3), ...values.slice(-3)]).toEqual(numbersIn(summary));
  expect(await overflows(printed), 'every line of the whole array fits the panel').toBe(false);
  const panel = (await page.locator('aside.right').boundingBox())!;
  const box = (await printed.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
  // The panel scrolled to the array's heading, under the sticky tabs.
  await printed.evaluate((element) => {
    const panel = element.closest('aside')!;
    const heading = element.closest('.array')!.previousElementSibling!;
    panel.scrollTop += heading.getBoundingClientRect().top - panel.getBoundingClientRect().top - 48;
  });
  await page.screenshot({ path: 'test-results/screenshots/legible-expanded-array.png' });

  await toggle.press('Enter');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  expect(await printed.innerText()).toBe(summary);
});

test('the input table shows all four feature columns in the panel at 1280×720', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Lesson').selectOption({ label: 'A batch of 3 samples' });
  const table = page.getByRole('table', { name: /X \(3, 4\)/ });
  await expect(table).toBeVisible();
  const scroller = table.locator('xpath=..');
  const view = (await scroller.boundingBox())!;
  for (let j = 0; j < 4; j++) {
    const header = table.getByRole('columnheader', { name: `feature ${j}` });
    await expect(header).toBeVisible();
    const box = (await header.boundingBox())!;
    expect(box.x, `feature ${j} starts inside the table's view`).toBeGreaterThanOrEqual(view.x);
    expect(box.x + box.width, `feature ${j} ends inside the table's view`).toBeLessThanOrEqual(
      view.x + view.width,
    );
    // Its text is not cut short inside the column either.
    expect(await overflows(header), `feature ${j}'s header fits its column`).toBe(false);
  }
  for (let i = 0; i < 3; i++) {
    const cell = page.getByTestId(`x-${i}-3`);
    const box = (await cell.boundingBox())!;
    expect(box.x + box.width, `x[${i}][3] is inside the view`).toBeLessThanOrEqual(
      view.x + view.width,
    );
    expect(await overflows(cell), `x[${i}][3]'s number fits its cell`).toBe(false);
    const name = table.getByRole('button', { name: `sample ${i}`, exact: true });
    expect(await overflows(name), `the row label "sample ${i}" fits`).toBe(false);
  }
  await table.screenshot({ path: 'test-results/screenshots/legible-input-table.png' });
});

test('the header is one row at 1280×720, every command in it on screen, with a long file name', async ({
  page,
}) => {
  await page.goto('/');
  // The longest lesson title as the file name, marked unsaved by a move (arrange).
  await openLesson(page, {
    value: 'pictures:cats-vs-dogs',
    title: 'Cats vs dogs (trained, 64×64)',
  });
  await page.getByRole('button', { name: 'Arrange' }).click();
  await expect(page.getByTestId('file-name')).toHaveText(/^● Cats vs dogs/);
  const header = page.locator('header');
  const row = await header.evaluate((element) => {
    const style = getComputedStyle(element);
    const frame = ['paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth'] as const;
    const children = [...element.children].map((child) => child.getBoundingClientRect());
    return {
      height: element.getBoundingClientRect().height,
      oneRow:
        Math.max(...children.map((box) => box.height)) +
        frame.reduce((sum, key) => sum + parseFloat(style[key]), 0),
      overflow: element.scrollWidth - element.clientWidth,
    };
  });
  expect(row.height, "the header's height is one row's").toBeCloseTo(row.oneRow, 0);
  expect(row.overflow, 'nothing sticks out of the header').toBeLessThanOrEqual(0);
  const commands = ['New', 'Open…', 'Save', 'Save As…', 'Export…', 'Undo', 'Redo', 'Fit'];
  commands.push('Arrange', 'Zoom out', 'Zoom in', 'Present', '?');
  for (const name of commands) {
    await expect(header.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
  }
  await expect(header.getByLabel('Lesson')).toBeInViewport({ ratio: 1 });
  // The name may be cut short with an ellipsis; the whole of it shows on hover.
  await expect(page.getByTestId('file-name')).toHaveAttribute(
    'title',
    'Cats vs dogs (trained, 64×64)',
  );
});
