import { describe, expect, it } from 'vitest';
import { fitBounds, MAX_SCALE, panBy, toWorld, unionRects, zoomAt } from './viewport.ts';

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
});
