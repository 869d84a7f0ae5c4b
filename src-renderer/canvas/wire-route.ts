/**
 * The path of a wire between two cards. A straight line when nothing is in the way; a wire that
 * would pass behind other cards (a residual block's skip connection, drawn beside the chain it
 * skips) goes over them instead, so it can be seen and told apart from the chain's own wires.
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

/**
 * The wire from `a` to `b` as a polyline (x, y pairs), avoiding `cards` (the boxes of every
 * card but the wire's two ends): straight, or up from `a`, along a lane above the cards in
 * the way, and down into `b`.
 */
export function wireRoute(a: Point, b: Point, cards: readonly Box[]): number[] {
  const inTheWay = cards.filter((box) => segmentCrossesBox(a, b, box));
  if (inTheWay.length === 0) return [a.x, a.y, b.x, b.y];
  const left = a.x + DETOUR_GAP / 2;
  const right = b.x - DETOUR_GAP / 2;
  let lane = Math.min(...inTheWay.map((box) => box.y)) - DETOUR_GAP;
  // A taller card under the lane's span would hide it: go over that one too.
  for (;;) {
    const hit = cards.find(
      (box) =>
        box.x < Math.max(left, right) &&
        box.x + box.width > Math.min(left, right) &&
        box.y < lane &&
        box.y + box.height > lane,
    );
    if (!hit) break;
    lane = hit.y - DETOUR_GAP;
  }
  return [a.x, a.y, left, a.y, left, lane, right, lane, right, b.y, b.x, b.y];
}

/** The middle of a route: of its one segment, or of its lane above the cards. */
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
