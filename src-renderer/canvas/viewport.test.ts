import { describe, expect, it } from 'vitest';
import {
  fitBounds,
  freeSpotBelow,
  intersects,
  keepInView,
  MAX_SCALE,
  panBy,
  revealRect,
  toWorld,
  unionRects,
  visibleWorld,
  zoomAt,
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
