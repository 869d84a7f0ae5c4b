/**
 * The path of a wire between two cards, always out of the source's output port to the right and
 * into the target's input port from the left, so the way values flow reads the same everywhere.
 * A straight line when the target is to the right and nothing is in the way; a wire that would
 * pass behind other cards (a residual block's skip connection, drawn beside the chain it skips)
 * goes over them instead; a wire to a card further left (dragged there, or the next row of an
 * arranged chain) turns back in a lane between or around the two cards rather than through them.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** How far a detour keeps from the cards it passes over, and leaves its ports level. */
export const DETOUR_GAP = 24;

export interface WireEnds {
  /** The source's output port and the target's input port. */
  from: Point;
  to: Point;
  /** The two cards the wire joins. */
  fromCard: Box;
  toCard: Box;
  /** Every other card. */
  cards: readonly Box[];
}

/** Whether the target's input port is far enough right of the source's output for a wire forward. */
export function leadsForward(from: Point, to: Point): boolean {
  return to.x - from.x >= DETOUR_GAP;
}

/**
 * The wire as a polyline (x, y pairs): straight; or, when cards are in the way forward, up from
 * the source, along a lane above them and down into the target; or, backward, right out of the
 * source, along a lane that passes neither card, and into the target from its left.
 */
export function wireRoute({ from: a, to: b, fromCard, toCard, cards }: WireEnds): number[] {
  // Cards dropped side by side, nearer than a detour's gap: a short line across the gap rather
  // than a loop round both cards that looks like a wire into the source.
  const across = b.x > a.x && !cards.some((box) => segmentCrossesBox(a, b, box));
  if (across && !leadsForward(a, b)) return [a.x, a.y, b.x, b.y];
  if (!leadsForward(a, b)) return backRoute(a, b, fromCard, toCard, cards);
  const inTheWay = cards.filter((box) => segmentCrossesBox(a, b, box));
  if (inTheWay.length === 0) return [a.x, a.y, b.x, b.y];
  const left = a.x + DETOUR_GAP / 2;
  const right = b.x - DETOUR_GAP / 2;
  const start = Math.min(...inTheWay.map((box) => box.y)) - DETOUR_GAP;
  const lane = clearLane(cards, { left, right, start, direction: -1 });
  return [a.x, a.y, left, a.y, left, lane, right, lane, right, b.y, b.x, b.y];
}

function backRoute(a: Point, b: Point, fromCard: Box, toCard: Box, cards: readonly Box[]) {
  const out = a.x + DETOUR_GAP;
  const into = b.x - DETOUR_GAP;
  const bottom = (box: Box) => box.y + box.height;
  const span = [fromCard, toCard, ...cards].filter(
    (box) => box.x < out && box.x + box.width > into,
  );
  // Between the two cards when one is wholly above the other (a chain wrapped into rows), in
  // the widest stretch of that gap no card covers; else below both (above, for a target higher up).
  const [upper, lower] = fromCard.y <= toCard.y ? [fromCard, toCard] : [toCard, fromCard];
  const free = widestFree(span, bottom(upper), lower.y);
  if (free && free.to - free.from >= DETOUR_GAP) {
    const lane = (free.from + free.to) / 2;
    return [a.x, a.y, out, a.y, out, lane, into, lane, into, b.y, b.x, b.y];
  }
  const down = b.y >= a.y;
  const edge = down ? Math.max(bottom(fromCard), bottom(toCard)) : Math.min(fromCard.y, toCard.y);
  const direction = down ? 1 : -1;
  const lane = clearLane(span, {
    left: into,
    right: out,
    start: edge + direction * DETOUR_GAP,
    direction,
  });
  return [a.x, a.y, out, a.y, out, lane, into, lane, into, b.y, b.x, b.y];
}

/** The widest stretch of y from `top` to `end` that none of `cards` covers, or null. */
function widestFree(
  cards: readonly Box[],
  top: number,
  end: number,
): { from: number; to: number } | null {
  let best: { from: number; to: number } | null = null;
  let from = top;
  const covering = cards
    .filter((box) => box.y < end && box.y + box.height > top)
    .sort((p, q) => p.y - q.y);
  for (const box of [...covering, { y: end, height: 0 }]) {
    if (box.y > from && (!best || box.y - from > best.to - best.from)) best = { from, to: box.y };
    from = Math.max(from, box.y + box.height);
  }
  return best;
}

const crossesLane = (box: Box, lane: number) => box.y < lane && box.y + box.height > lane;

interface LaneSearch {
  /** The lane's span. */
  left: number;
  right: number;
  /** Where to try first, then further up (−1) or down (+1). */
  start: number;
  direction: 1 | -1;
}

/** A lane moving away from `start` past every card it would run through, so no card hides it. */
function clearLane(cards: readonly Box[], { left, right, start, direction }: LaneSearch): number {
  let lane = start;
  for (;;) {
    const hit = cards.find(
      (box) =>
        box.x < Math.max(left, right) &&
        box.x + box.width > Math.min(left, right) &&
        crossesLane(box, lane),
    );
    if (!hit) return lane;
    lane = direction < 0 ? hit.y - DETOUR_GAP : hit.y + hit.height + DETOUR_GAP;
  }
}

/** The middle of a route: of its one segment, or of its lane. */
export function routeMiddle(points: readonly number[]): Point {
  const pairs = points.length / 2;
  const i = pairs === 2 ? 0 : Math.floor(pairs / 2) - 1;
  return {
    x: (points[2 * i]! + points[2 * i + 2]!) / 2,
    y: (points[2 * i + 1]! + points[2 * i + 3]!) / 2,
  };
}

/** Whether segment a–b passes through the inside of `box` (Liang–Barsky clipping). */
export function segmentCrossesBox(a: Point, b: Point, box: Box): boolean {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, a.x - box.x],
    [dx, box.x + box.width - a.x],
    [-dy, a.y - box.y],
    [dy, box.y + box.height - a.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      // Parallel to this edge: inside its strip or not at all (touching an edge is not inside).
      if (q <= 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
  }
  return t1 - t0 > 1e-9;
}
