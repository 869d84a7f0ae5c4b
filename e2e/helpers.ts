import { expect, type Page } from '@playwright/test';

/** What the Konva canvas shows as text (neuron values, card titles, wire messages). */
export const canvasTexts = (page: Page) =>
  page.evaluate(() => window.__weightcraft?.canvasTexts?.() ?? []);

export const nodes = (page: Page) => page.evaluate(() => window.__weightcraft?.nodes?.() ?? []);

/** Page coordinates of part of a layer card, read from the test hook. */
export async function locate(page: Page, nodeId: string, part: 'card' | 'in' | 'out' | number) {
  const point = await page.evaluate(
    ([id, p]) => window.__weightcraft?.locate?.(id as string, p as 'card') ?? null,
    [nodeId, part] as const,
  );
  expect(point, `${nodeId} ${part} is on the canvas`).not.toBeNull();
  return point!;
}

/** A real mouse drag in small steps (Konva ignores moves under 3 px). */
export async function drag(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number },
) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 5, from.y + 5, { steps: 3 });
  await page.mouse.move(to.x, to.y, { steps: 15 });
  await page.mouse.up();
}

/** Drags a layer type from the palette onto the canvas at page point `to`. */
export async function dropLayer(page: Page, kind: string, to: { x: number; y: number }) {
  const box = (await page.locator(`.palette button[data-kind="${kind}"]`).boundingBox())!;
  await drag(page, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, to);
}

/** Types into a grid cell and commits with Enter. */
export async function typeCell(page: Page, testId: string, text: string) {
  const cell = page.getByTestId(testId);
  await cell.click();
  await cell.fill(text);
  await cell.press('Enter');
}

export async function canvasBox(page: Page) {
  return (await page.getByTestId('network-canvas').boundingBox())!;
}
