import { describe, expect, it } from 'vitest';
import {
  fitBounds,
  fitClearOf,
  freeSpotBelow,
  intersects,
  keepInView,
  MAX_SCALE,
  panBy,
  revealRect,
  toScreenRect,
  toWorld,
  unionRects,
  visibleWorld,
  zoomAt,
  type Rect,
  type Viewport,
} from './viewport.ts';

describe('viewport', () => {
  it('zooms around the pointer: the world point under it stays put', () => {
    const view = { scale: 1, x: 100, y: 50 };
    const anchor = { x: 400, y: 300 };
    const before = toWorld(view, anchor);
    const zoomed = zoomAt(view, anchor, 1.5);
    expect(zoomed.scale).toBe(1.5);
    const after = toWorld(zoomed, anchor);
    expect(after.x).toBeCloseTo(before.x, 10);
    expect(after.y).toBeCloseTo(before.y, 10);
  });

  it('clamps the zoom', () => {
    expect(zoomAt({ scale: 3, x: 0, y: 0 }, { x: 0, y: 0 }, 10).scale).toBe(MAX_SCALE);
  });

  it('pans by screen pixels', () => {
    expect(panBy({ scale: 2, x: 1, y: 2 }, 10, -5)).toEqual({ scale: 2, x: 11, y: -3 });
  });

  it('fits content centred with a margin', () => {
    const view = fitBounds(
      { x: 0, y: 0, width: 1000, height: 200 },
      { width: 600, height: 600 },
      50,
    );
    expect(view.scale).toBeCloseTo(0.5);
    const centre = toWorld(view, { x: 300, y: 300 });
    expect(centre.x).toBeCloseTo(500);
    expect(centre.y).toBeCloseTo(100);
  });

  it('unions rectangles', () => {
    expect(
      unionRects([
        { x: 0, y: 10, width: 10, height: 10 },
        { x: -5, y: 0, width: 10, height: 5 },
      ]),
    ).toEqual({ x: -5, y: 0, width: 15, height: 20 });
  });

  it('reveals a rectangle by the least pan, and zooms out only for one larger than the screen', () => {
    const size = { width: 800, height: 600 };
    const view = { scale: 1, x: 0, y: 0 };
    expect(revealRect(view, { x: 100, y: 100, width: 150, height: 200 }, size)).toEqual(view);
    // 40 px past the bottom edge (less the 24 px margin): panned up by exactly that.
    expect(revealRect(view, { x: 100, y: 440, width: 150, height: 200 }, size)).toEqual({
      scale: 1,
      x: 0,
      y: -64,
    });
    const tall = revealRect(view, { x: 0, y: 0, width: 150, height: 1200 }, size);
    expect(tall.scale).toBeLessThan(1);
    const shown = visibleWorld(tall, size);
    expect(shown.y).toBeLessThanOrEqual(0);
    expect(shown.y + shown.height).toBeGreaterThanOrEqual(1200);
  });

  it('keeps the cards in view when revealing an added one, leaving cards off screen out', () => {
    const size = { width: 800, height: 600 };
    const view = { scale: 1, x: 0, y: 0 };
    const input = { x: 40, y: 100, width: 150, height: 200 };
    const offScreen = { x: -900, y: 100, width: 150, height: 200 };
    const added = { x: 760, y: 100, width: 150, height: 200 };
    const rect = keepInView(visibleWorld(view, size), [input, offScreen, added], added);
    expect(rect).toEqual({ x: 40, y: 100, width: 870, height: 200 });
    const next = revealRect(view, rect, size);
    const shown = visibleWorld(next, size);
    for (const card of [input, added]) {
      expect(card.x).toBeGreaterThanOrEqual(shown.x);
      expect(card.x + card.width).toBeLessThanOrEqual(shown.x + shown.width);
    }
  });

  it('finds a free spot below a group of cards, past any card in the way', () => {
    const card = { x: 0, y: 0, width: 150, height: 200 };
    expect(freeSpotBelow(card, [card])).toEqual({ x: 0, y: 240 });
    const below = { x: 100, y: 250, width: 150, height: 300 };
    const spot = freeSpotBelow(card, [card, below]);
    expect(spot).toEqual({ x: 0, y: 590 });
    const moved = { ...card, y: spot.y };
    expect([card, below].some((other) => intersects(moved, other))).toBe(false);
  });
});

describe('fitClearOf', () => {
  const size = { width: 1000, height: 600 };
  // A panel over the bottom-right corner, like the prediction box.
  const panel = { x: 760, y: 400, width: 224, height: 184 };
  const screenRects = (view: Viewport, cards: readonly Rect[]) =>
    cards.map((card) => toScreenRect(view, card));

  it('keeps the plain fit when no card lands under the panel', () => {
    // One wide row across the middle: the panel's top (400) is below it.
    const cards = [
      { x: 0, y: 0, width: 200, height: 100 },
      { x: 800, y: 0, width: 200, height: 100 },
    ];
    expect(fitClearOf(cards, size, panel)).toEqual(fitBounds(unionRects(cards), size));
    expect(fitClearOf(cards, size, null)).toEqual(fitBounds(unionRects(cards), size));
  });

  it('moves cards the plain fit puts under the panel out from under it, at the largest zoom that does', () => {
    // Three rows; the plain fit puts the third row's right end under the panel.
    const cards = [0, 250, 500].flatMap((y) =>
      [0, 300, 600].map((x) => ({ x, y, width: 200, height: 150 })),
    );
    const whole = fitBounds(unionRects(cards), size);
    expect(screenRects(whole, cards).some((r) => intersects(r, panel))).toBe(true);
    const view = fitClearOf(cards, size, panel);
    expect(screenRects(view, cards).filter((r) => intersects(r, panel))).toEqual([]);
    // Left of the panel (760 wide) shows these rows larger than above it (400 high).
    const left = fitBounds(unionRects(cards), { width: panel.x, height: size.height });
    const above = fitBounds(unionRects(cards), { width: size.width, height: panel.y });
    expect(left.scale).toBeGreaterThan(above.scale);
    expect(view).toEqual(left);
  });

  it('keeps the plain zoom when moving the cards into the free corner clears the panel', () => {
    // Two full rows and a short last one: moved up, the second row passes over the panel.
    const cards = [
      ...[0, 200].flatMap((y) => [0, 450, 900].map((x) => ({ x, y, width: 100, height: 100 }))),
      { x: 0, y: 400, width: 100, height: 100 },
    ];
    const low = { ...panel, y: 330, height: 254 };
    const whole = fitBounds(unionRects(cards), size);
    expect(screenRects(whole, cards).some((r) => intersects(r, low))).toBe(true);
    const view = fitClearOf(cards, size, low);
    expect(screenRects(view, cards).filter((r) => intersects(r, low))).toEqual([]);
    expect(view.scale).toBe(whole.scale);
    expect(view.y).toBeLessThan(whole.y);
    // Still inside the margins.
    expect(screenRects(view, cards).every((r) => r.y >= 40 - 1e-9)).toBe(true);
  });

  it('fits above the panel when that shows the cards larger', () => {
    // One long row low down, wider than tall: shrinking the width costs more than the height.
    const cards = [
      { x: 0, y: 0, width: 100, height: 100 },
      { x: 0, y: 150, width: 1800, height: 300 },
    ];
    const view = fitClearOf(cards, size, panel);
    expect(screenRects(view, cards).filter((r) => intersects(r, panel))).toEqual([]);
    expect(view).toEqual(fitBounds(unionRects(cards), { width: size.width, height: panel.y }));
  });

  it('falls back to the plain fit when no candidate clears the panel', () => {
    const cards = [{ x: 0, y: 0, width: 100, height: 100 }];
    const everywhere = { x: 0, y: 0, width: 1000, height: 600 };
    expect(fitClearOf(cards, size, everywhere)).toEqual(fitBounds(unionRects(cards), size));
  });
});
