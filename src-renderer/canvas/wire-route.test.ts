import { describe, expect, it } from 'vitest';
import {
  DETOUR_GAP,
  leadsForward,
  routeMiddle,
  segmentCrossesBox,
  wireRoute,
  type Box,
} from './wire-route.ts';

/** A row of 150×100 cards at y = 0, every 200 px from x = 0, as clicking the palette lays them. */
const row = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ x: 200 * i, y: 0, width: 150, height: 100 }));

/** The wire from `source`'s output port (right, middle) to `target`'s input port (left, middle). */
function route(source: Box, target: Box, cards: readonly Box[] = []): number[] {
  return wireRoute({
    from: { x: source.x + source.width, y: source.y + source.height / 2 },
    to: { x: target.x, y: target.y + target.height / 2 },
    fromCard: source,
    toCard: target,
    cards,
  });
}

/** Out of the source to the right, into the target from the left, through no card at all. */
function expectReadable(points: readonly number[], boxes: readonly Box[]) {
  expect(points[2]!, 'leaves its output port to the right').toBeGreaterThan(points[0]!);
  expect(points.at(-2)!, 'enters its input port from the left').toBeGreaterThan(points.at(-4)!);
  for (let i = 0; i + 3 < points.length; i += 2) {
    const a = { x: points[i]!, y: points[i + 1]! };
    const b = { x: points[i + 2]!, y: points[i + 3]! };
    for (const box of boxes) expect(segmentCrossesBox(a, b, box), `segment ${i / 2}`).toBe(false);
  }
}

describe('wireRoute', () => {
  it('crosses a gap narrower than a detour in one short line, not a loop round both cards', () => {
    const source = { x: 0, y: 0, width: 150, height: 160 };
    const target = { x: 162, y: -30, width: 150, height: 110 };
    expect(route(source, target)).toEqual([150, 80, 162, 25]);
    // A card standing in that gap (overlapping both) still sends the wire round.
    const between = { x: 140, y: 20, width: 30, height: 80 };
    expect(route(source, target, [between]).length).toBeGreaterThan(4);
  });

  it('is a straight line from one card to the next', () => {
    // From the first card's output port to the second's input port; the third is further on.
    const [first, second, third] = row(3);
    expect(route(first!, second!, [third!])).toEqual([150, 50, 200, 50]);
    expect(route(first!, { ...third!, y: 30 })).toEqual([150, 50, 400, 80]);
  });

  it('takes a skip connection over the cards it skips, level with its ports at both ends', () => {
    const [first, ...between] = row(4);
    const skipped = between.slice(0, 2);
    // From card 0's output port to card 3's input port, behind cards 1 and 2.
    const points = route(first!, { ...between[2]!, y: 10 }, skipped);
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
    const points = route(row(1)[0]!, { x: 800, y: 0, width: 150, height: 100 }, cards);
    expect(points[5]).toBe(-200 - DETOUR_GAP);
    expect(points[7]).toBe(-200 - DETOUR_GAP);
  });

  it('turns a wire to a card left of its source back below both, never through them', () => {
    const [target, , source] = row(3);
    const points = route(source!, target!);
    expect(leadsForward({ x: 550, y: 50 }, { x: 0, y: 50 })).toBe(false);
    expectReadable(points, [source!, target!]);
    // Its lane runs under both cards, as close as the gap allows.
    expect(points[5]).toBe(100 + DETOUR_GAP);
    expect(points[7]).toBe(100 + DETOUR_GAP);
  });

  it('takes a wire from the end of a row to the start of the next along the gap between them', () => {
    // An arranged chain wrapped into two rows of two cards, 120 apart.
    const cards = [...row(2), ...row(2).map((box) => ({ ...box, y: 220 }))];
    const [, end, start, next] = cards;
    const points = route(end!, start!, [cards[0]!, next!]);
    expectReadable(points, cards);
    expect(points[5]).toBe(160);
  });

  it('goes round a card in the gap, and above both ends for a target higher up', () => {
    const source = { x: 400, y: 0, width: 150, height: 100 };
    const target = { x: 0, y: 300, width: 150, height: 100 };
    const inGap = { x: 200, y: 150, width: 150, height: 100 };
    const past = route(source, target, [inGap]);
    expectReadable(past, [source, target, inGap]);
    // In the gap above that card: 100 to 150 is as wide as 250 to 300, and comes first.
    expect(past[5]).toBe(125);
    const filling = { ...inGap, y: 100, height: 200 };
    const under = route(source, target, [filling]);
    expectReadable(under, [source, target, filling]);
    expect(under[5]).toBe(400 + DETOUR_GAP);
    const up = route(target, { ...source, x: 0, y: 0 }, [inGap]);
    expectReadable(up, [source, target, inGap]);
    expect(up[5]).toBeLessThan(300);
    // A card beside the ends under the lane: the lane goes past it too.
    const tall = { x: 200, y: 80, width: 150, height: 400 };
    const beside = route(source, { ...target, y: 50 }, [tall]);
    expectReadable(beside, [source, target, tall]);
    expect(beside[5]).toBe(480 + DETOUR_GAP);
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
