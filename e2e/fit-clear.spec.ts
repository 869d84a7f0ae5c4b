/**
 * Fit keeps every card clear of the prediction box: at 1280×720 the Small CNN lesson with a
 * photo chosen used to fit with three cards of its third row under the box. The Cats vs dogs
 * lesson, clear of the box already, fits as large as before.
 */
import { photo } from '../scripts/test-photos.ts';
import {
  fitBounds,
  intersects,
  toScreenRect,
  unionRects,
  type Rect,
  type Viewport,
} from '../src-renderer/canvas/viewport.ts';
import { expect, test, type Page } from './fixtures.ts';
import { canvasBox, nodes } from './helpers.ts';

test.use({ viewport: { width: 1280, height: 720 } });

async function openLesson(page: Page, value: string, title: string) {
  await page.getByLabel('Lesson').selectOption(value);
  await expect(page.getByTestId('caption')).toContainText(title);
  expect((await nodes(page)).length).toBeGreaterThan(0);
}

async function choosePhoto(page: Page) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose picture…' }).click();
  await (await chooser).setFiles(photo('Cat', '1.jpg'));
  await expect(page.getByLabel('Prediction')).toContainText('1.jpg');
  await expect(page.getByTestId('prediction')).toHaveAttribute('aria-busy', 'false', {
    timeout: 20_000,
  });
}

/** The cards' world rectangles, the view, the canvas size and the box, in canvas pixels. */
async function layout(page: Page) {
  const { cards, view } = await page.evaluate(() => ({
    cards: window.__weightcraft!.cardBounds!(),
    view: window.__weightcraft!.viewport!(),
  }));
  const canvas = await canvasBox(page);
  const box = (await page.getByLabel('Prediction').boundingBox())!;
  const panel: Rect = {
    x: box.x - canvas.x,
    y: box.y - canvas.y,
    width: box.width,
    height: box.height,
  };
  return { cards: cards as Rect[], view: view as Viewport, canvas, panel };
}

const covered = (view: Viewport, cards: readonly Rect[], panel: Rect) =>
  cards.filter((card) => intersects(toScreenRect(view, card), panel));

test('Fit keeps the Small CNN cards clear of the prediction box; Cats vs dogs fits as large as before', async ({
  page,
}) => {
  await page.goto('/');
  await openLesson(page, 'pictures:small-cnn', 'Small CNN');
  await choosePhoto(page);
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  const small = await layout(page);
  expect(small.panel.height, 'the box with a prediction and its note').toBeGreaterThan(200);
  // Not vacuous: the plain fit of the whole canvas puts cards under the box.
  const plain = fitBounds(unionRects(small.cards), small.canvas);
  expect(covered(plain, small.cards, small.panel).length).toBeGreaterThan(0);
  expect(covered(small.view, small.cards, small.panel)).toEqual([]);
  // The cards are also clear of it as the page lays them out, checked on the page's pixels.
  const canvasRect = small.canvas;
  for (const card of small.cards) {
    const r = toScreenRect(small.view, card);
    expect(r.x, 'card inside the canvas').toBeGreaterThanOrEqual(0);
    expect(r.y + r.height, 'card inside the canvas').toBeLessThanOrEqual(canvasRect.height);
  }
  await page.screenshot({ path: 'test-results/screenshots/fit-clear-of-prediction.png' });

  await openLesson(page, 'pictures:cats-vs-dogs', 'Cats vs dogs');
  await choosePhoto(page);
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  const cats = await layout(page);
  expect(covered(cats.view, cats.cards, cats.panel)).toEqual([]);
  const catsPlain = fitBounds(unionRects(cats.cards), cats.canvas);
  expect(cats.view.scale, 'Cats vs dogs fits as large as the plain fit').toBeCloseTo(
    catsPlain.scale,
    6,
  );
});
