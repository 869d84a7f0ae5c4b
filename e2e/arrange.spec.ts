/**
 * Arrange, as a learner uses it: a long chain clicked together from the palette, a branch
 * wired by hand into an Add, cards dragged about (one left of the layer that feeds it); then
 * Arrange lays it out left to right in rows, every wire readable, all of it in view, and one
 * Ctrl+Z puts every card back.
 */
import { expect, test, type Page } from './fixtures.ts';
import { segmentCrossesBox } from '../src-renderer/canvas/wire-route.ts';
import { canvasBox, drag, dropLayer, locate, nodes } from './helpers.ts';

const shot = (name: string) => `test-results/screenshots/${name}.png`;

interface Card {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const cardBounds = (page: Page) =>
  page.evaluate(() => window.__weightcraft?.cardBounds?.() ?? []) as Promise<Card[]>;
const wires = (page: Page) => page.evaluate(() => window.__weightcraft?.wires?.() ?? []);
const wirePoints = (page: Page, id: string) =>
  page.evaluate((edgeId) => window.__weightcraft?.wirePoints?.(edgeId) ?? null, id);

const positions = (cards: Card[]) => Object.fromEntries(cards.map((c) => [c.id, [c.x, c.y]]));
const overlapping = (a: Card, b: Card) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const sameRow = (a: Card, b: Card) => a.y < b.y + b.height && b.y < a.y + a.height;

test('Arrange lays a messy network out left to right in rows, in view, and undoes in one step', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await page.getByRole('button', { name: 'New', exact: true }).click();
  const box = await canvasBox(page);
  await dropLayer(page, 'input', { x: box.x + 150, y: box.y + 250 });
  const chain = ['dense', 'relu', 'dense', 'relu', 'dense', 'relu', 'dense', 'sigmoid'];
  for (const kind of chain) await page.locator(`.palette button[data-kind="${kind}"]`).click();
  await expect.poll(async () => (await nodes(page)).length).toBe(9);
  const ids = (await nodes(page)).map((n) => n.id);

  // A branch: an Add dropped below the chain, fed by the first and the third ReLU.
  await dropLayer(page, 'add', { x: box.x + box.width / 2, y: box.y + box.height - 120 });
  await expect.poll(async () => (await nodes(page)).length).toBe(10);
  const add = (await nodes(page)).at(-1)!.id;
  for (const relu of [ids[2]!, ids[6]!]) {
    await drag(page, await locate(page, relu, 'out'), await locate(page, add, 'in'));
    await expect
      .poll(async () => (await wires(page)).some((w) => w.from === relu && w.to === add))
      .toBe(true);
  }

  // Mess it up: the second ReLU left of (and below) the Input, the Dense after it dragged up.
  const input = await locate(page, ids[0]!, 'card');
  const moved = ids[4]!;
  await drag(page, await locate(page, moved, 'card'), {
    x: Math.max(box.x + 40, input.x - 180),
    y: Math.min(box.y + box.height - 40, input.y + 260),
  });
  await drag(page, await locate(page, ids[5]!, 'card'), {
    ...(await locate(page, ids[5]!, 'card')),
    y: box.y + 40,
  });
  const before = await cardBounds(page);
  const byId = new Map(before.map((c) => [c.id, c]));
  // The dragged ReLU now sits left of the Dense that feeds it.
  expect(byId.get(moved)!.x + byId.get(moved)!.width).toBeLessThan(byId.get(ids[3]!)!.x);
  // Its wire still leaves the Dense to the right and comes into the ReLU from the left.
  const back = (await wires(page)).find((w) => w.from === ids[3] && w.to === moved)!;
  const backRoute = (await wirePoints(page, back.id))!;
  expect(backRoute[2]!).toBeGreaterThan(backRoute[0]!);
  expect(backRoute.at(-2)!).toBeGreaterThan(backRoute.at(-4)!);
  await page.screenshot({ path: shot('arrange-before') });

  await page.getByRole('button', { name: 'Arrange', exact: true }).click();
  await expect.poll(async () => positions(await cardBounds(page))).not.toEqual(positions(before));
  await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveAttribute(
    'title',
    'Undo Arrange',
  );
  const after = await cardBounds(page);
  const card = new Map(after.map((c) => [c.id, c]));

  // No card overlaps another.
  for (const [i, a] of after.entries()) {
    for (const b of after.slice(i + 1))
      expect(overlapping(a, b), `${a.id} and ${b.id}`).toBe(false);
  }
  // Within a row every wire runs left to right; a wire to the next row goes down to it; no
  // wire passes through a card.
  for (const wire of await wires(page)) {
    const [a, b] = [card.get(wire.from)!, card.get(wire.to)!];
    const points = (await wirePoints(page, wire.id))!;
    const xs = points.filter((_, k) => k % 2 === 0);
    if (sameRow(a, b)) {
      expect(b.x, `${wire.from}→${wire.to}`).toBeGreaterThan(a.x + a.width);
      expect(
        xs.every((x, k) => k === 0 || x >= xs[k - 1]!),
        `${wire.from}→${wire.to} runs left to right`,
      ).toBe(true);
    } else {
      expect(b.y, `${wire.from}→${wire.to} wraps to a row below`).toBeGreaterThan(a.y + a.height);
    }
    for (let k = 0; k + 3 < points.length; k += 2) {
      const p = { x: points[k]!, y: points[k + 1]! };
      const q = { x: points[k + 2]!, y: points[k + 3]! };
      for (const c of after) {
        expect(segmentCrossesBox(p, q, c), `${wire.from}→${wire.to} behind ${c.id}`).toBe(false);
      }
    }
  }
  // A chain this long does not fit the canvas's width: it wraps into rows, one below the other.
  const [first, last] = [card.get(ids[0]!)!, card.get(ids.at(-1)!)!];
  expect(last.y).toBeGreaterThan(first.y + first.height);

  // The view shows every card.
  const view = await page.evaluate(() => window.__weightcraft!.viewport!());
  for (const c of after) {
    const left = box.x + view.x + c.x * view.scale;
    const top = box.y + view.y + c.y * view.scale;
    expect(left, `${c.id} in view`).toBeGreaterThanOrEqual(box.x);
    expect(top, `${c.id} in view`).toBeGreaterThanOrEqual(box.y);
    expect(left + c.width * view.scale).toBeLessThanOrEqual(box.x + box.width);
    expect(top + c.height * view.scale).toBeLessThanOrEqual(box.y + box.height);
  }
  await page.screenshot({ path: shot('arrange-after') });

  // One Ctrl+Z puts every card back where it was; L arranges again, the same way.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => positions(await cardBounds(page))).toEqual(positions(before));
  await page.keyboard.press('l');
  await expect.poll(async () => positions(await cardBounds(page))).toEqual(positions(after));
});
