/**
 * Hand-drawn-looking digits, 28×28 like MNIST's, drawn here rather than downloaded: each digit
 * is a few pen strokes in a unit box, and every sample draws them with its own size, slant,
 * rotation, position and pen width (seeded, from our NumPy-identical `RandomState`), then adds a
 * little noise. Small enough to draw in milliseconds, varied enough that a 784-128-10 network has
 * something to learn and something to get wrong. Pixels are in [0, 1], row by row.
 */
import type { RandomState } from '../rng/random-state.ts';

export const DIGIT_SIZE = 28;

type Stroke = [number, number][];

/** n points around an ellipse centred at (cx, cy): a closed stroke. */
function loop(cx: number, cy: number, rx: number, ry: number, n = 14): Stroke {
  return Array.from({ length: n + 1 }, (_, i) => {
    const t = (2 * Math.PI * i) / n;
    return [cx + rx * Math.sin(t), cy - ry * Math.cos(t)];
  });
}

/** Each digit's strokes, x to the right and y down, in a unit box. */
const STROKES: readonly (readonly Stroke[])[] = [
  [loop(0.5, 0.5, 0.32, 0.48)],
  [
    [
      [0.3, 0.2],
      [0.55, 0],
      [0.55, 1],
    ],
  ],
  [
    [
      [0.15, 0.25],
      [0.3, 0.05],
      [0.7, 0.05],
      [0.85, 0.25],
      [0.8, 0.45],
      [0.15, 1],
      [0.88, 1],
    ],
  ],
  [
    [
      [0.15, 0.05],
      [0.85, 0.05],
      [0.45, 0.42],
      [0.8, 0.58],
      [0.82, 0.85],
      [0.6, 1],
      [0.15, 0.93],
    ],
  ],
  [
    [
      [0.68, 1],
      [0.68, 0],
      [0.1, 0.68],
      [0.92, 0.68],
    ],
  ],
  [
    [
      [0.85, 0],
      [0.22, 0],
      [0.17, 0.45],
      [0.6, 0.4],
      [0.85, 0.62],
      [0.8, 0.9],
      [0.55, 1],
      [0.15, 0.92],
    ],
  ],
  [
    [
      [0.75, 0],
      [0.35, 0.3],
      [0.15, 0.72],
      [0.3, 1],
      [0.7, 1],
      [0.85, 0.76],
      [0.7, 0.52],
      [0.3, 0.52],
      [0.17, 0.68],
    ],
  ],
  [
    [
      [0.1, 0],
      [0.9, 0],
      [0.4, 1],
    ],
  ],
  [loop(0.5, 0.26, 0.24, 0.24, 12), loop(0.5, 0.74, 0.3, 0.26)],
  [
    loop(0.5, 0.3, 0.28, 0.28, 12),
    [
      [0.78, 0.3],
      [0.68, 1],
    ],
  ],
];

export const DIGIT_NAMES = STROKES.map((_, d) => String(d));

/**
 * Draws digit `d` into `out` (28·28 values from `offset`) with a random hand: size 15 to 20
 * pixels, slant ±0.3, rotation ±0.15 rad, shifted up to 2 pixels, pen 1.6 to 2.8 pixels wide.
 */
export function drawDigit(d: number, random: RandomState, out: Float64Array, offset = 0): void {
  const strokes = STROKES[d];
  if (!strokes) throw new Error(`digits are 0 to 9, found ${d}`);
  const size = random.uniform(15, 20);
  const slant = random.uniform(-0.3, 0.3);
  const angle = random.uniform(-0.15, 0.15);
  const dx = random.uniform(-2, 2);
  const dy = random.uniform(-2, 2);
  const pen = random.uniform(1.6, 2.8);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const centre = DIGIT_SIZE / 2;
  // Unit box → pixels: centred, slanted (x shifts with height), rotated, scaled and shifted.
  const place = ([x, y]: [number, number]): [number, number] => {
    const u = (x - 0.5) * 0.7 + slant * (0.5 - y);
    const v = y - 0.5;
    return [centre + dx + size * (cos * u - sin * v), centre + dy + size * (sin * u + cos * v)];
  };
  const segments: [number, number, number, number][] = [];
  for (const stroke of strokes) {
    const points = stroke.map(place);
    for (let i = 1; i < points.length; i++) {
      segments.push([...points[i - 1]!, ...points[i]!]);
    }
  }
  const noise = random.randn(DIGIT_SIZE * DIGIT_SIZE).data;
  for (let row = 0; row < DIGIT_SIZE; row++) {
    for (let col = 0; col < DIGIT_SIZE; col++) {
      const px = col + 0.5;
      const py = row + 0.5;
      let nearest = Infinity;
      for (const [x0, y0, x1, y1] of segments) {
        nearest = Math.min(nearest, distanceToSegment(px, py, x0, y0, x1, y1));
      }
      // Ink fades over the last pixel of the pen's half-width: anti-aliased edges.
      const ink = Math.min(1, Math.max(0, pen / 2 + 0.5 - nearest));
      const k = row * DIGIT_SIZE + col;
      const value = ink + 0.04 * noise[k]!;
      out[offset + k] = Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
    }
  }
}

function distanceToSegment(
  px: number,
  py: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  const ux = x1 - x0;
  const uy = y1 - y0;
  const length = ux * ux + uy * uy;
  const t = length === 0 ? 0 : Math.min(1, Math.max(0, ((px - x0) * ux + (py - y0) * uy) / length));
  return Math.hypot(px - (x0 + t * ux), py - (y0 + t * uy));
}
