import { describe, expect, it } from 'vitest';
import { DETOUR_GAP, routeMiddle, segmentCrossesBox, wireRoute } from './wire-route.ts';

/** A row of 150×100 cards at y = 0, every 200 px from x = 0, as clicking the palette lays them. */
const row = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ x: 200 * i, y: 0, width: 150, height: 100 }));

describe('wireRoute', () => {
  it('is a straight line from one card to the next', () => {
    // From the first card's output port to the second's input port; the third is further on.
    const [, , third] = row(3);
    expect(wireRoute({ x: 150, y: 50 }, { x: 200, y: 50 }, [third!])).toEqual([150, 50, 200, 50]);
    expect(wireRoute({ x: 150, y: 50 }, { x: 400, y: 80 }, [])).toEqual([150, 50, 400, 80]);
  });

  it('takes a skip connection over the cards it skips, level with its ports at both ends', () => {
    const [, ...between] = row(4);
    const skipped = between.slice(0, 2);
    // From card 0's output port to card 3's input port, behind cards 1 and 2.
    const points = wireRoute({ x: 150, y: 50 }, { x: 600, y: 60 }, skipped);
    const lane = -DETOUR_GAP;
    expect(points).toEqual([
      150,
      50,
      150 + DETOUR_GAP / 2,
      50,
      150 + DETOUR_GAP / 2,
      lane,
      600 - DETOUR_GAP / 2,
      lane,
      600 - DETOUR_GAP / 2,
      60,
      600,
      60,
    ]);
    // No segment of the detour passes through a skipped card.
    for (let i = 0; i + 3 < points.length; i += 2) {
      const a = { x: points[i]!, y: points[i + 1]! };
      const b = { x: points[i + 2]!, y: points[i + 3]! };
      for (const card of skipped) expect(segmentCrossesBox(a, b, card)).toBe(false);
    }
    expect(routeMiddle(points)).toEqual({ x: 375, y: lane });
  });

  it('goes over a taller card under its lane, not through it', () => {
    const cards = [
      { x: 200, y: 0, width: 150, height: 100 },
      // Not on the straight line, but taller: the lane over the first card would cross it.
      { x: 400, y: -200, width: 150, height: 190 },
    ];
    const points = wireRoute({ x: 150, y: 50 }, { x: 800, y: 50 }, cards);
    expect(points[5]).toBe(-200 - DETOUR_GAP);
    expect(points[7]).toBe(-200 - DETOUR_GAP);
  });

  it('keeps the middle of a straight wire where it was', () => {
    expect(routeMiddle([0, 0, 100, 40])).toEqual({ x: 50, y: 20 });
  });
});

describe('segmentCrossesBox', () => {
  const box = { x: 10, y: 10, width: 20, height: 20 };

  it('finds segments through the box and not those beside, before or touching it', () => {
    expect(segmentCrossesBox({ x: 0, y: 20 }, { x: 40, y: 20 }, box)).toBe(true);
    expect(segmentCrossesBox({ x: 0, y: 0 }, { x: 40, y: 40 }, box)).toBe(true);
    expect(segmentCrossesBox({ x: 15, y: 15 }, { x: 16, y: 16 }, box)).toBe(true);
    expect(segmentCrossesBox({ x: 0, y: 5 }, { x: 40, y: 5 }, box)).toBe(false);
    expect(segmentCrossesBox({ x: 0, y: 20 }, { x: 9, y: 20 }, box)).toBe(false);
    expect(segmentCrossesBox({ x: 0, y: 10 }, { x: 40, y: 10 }, box)).toBe(false);
    expect(segmentCrossesBox({ x: 10, y: 20 }, { x: 0, y: 20 }, box)).toBe(false);
  });
});
