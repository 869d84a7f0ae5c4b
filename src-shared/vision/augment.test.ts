import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { applyTransform, augmentBatch, randomTransform } from './augment.ts';

// A 3×4 single-channel picture whose pixel (y, x) holds 10·y + x.
const picture = Uint8Array.from([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
const dims = { height: 3, width: 4, channels: 1 };

function transformed(dy: number, dx: number, flip: boolean): number[] {
  const out = new Float32Array(12);
  applyTransform(picture, out, 0, dims, { dy, dx, flip });
  return Array.from(out);
}

describe('augmentation', () => {
  it('leaves the picture alone without shift or flip', () => {
    expect(transformed(0, 0, false)).toEqual(Array.from(picture));
  });

  it('flips left to right', () => {
    expect(transformed(0, 0, true)).toEqual([3, 2, 1, 0, 13, 12, 11, 10, 23, 22, 21, 20]);
  });

  it('shifts with reflected borders', () => {
    // Reading 1 pixel right and 1 down: the last column and row reflect inwards.
    expect(transformed(1, 1, false)).toEqual([11, 12, 13, 12, 21, 22, 23, 22, 11, 12, 13, 12]);
    expect(transformed(-1, -1, false)).toEqual([11, 10, 11, 12, 1, 0, 1, 2, 11, 10, 11, 12]);
  });

  it('flips the shifted window: output x reads input reflect(width − 1 − x + dx)', () => {
    expect(transformed(0, 1, true)).toEqual([2, 3, 2, 1, 12, 13, 12, 11, 22, 23, 22, 21]);
  });

  it('keeps the channels of a pixel together', () => {
    const rgb = Uint8Array.from([1, 2, 3, 4, 5, 6]);
    const out = new Float32Array(6);
    applyTransform(rgb, out, 0, { height: 1, width: 2, channels: 3 }, { dy: 0, dx: 0, flip: true });
    expect(Array.from(out)).toEqual([4, 5, 6, 1, 2, 3]);
  });

  it('draws one flip and shift per picture from the seed, the same each time', () => {
    const input = new Float32Array(5 * 12).map((_, i) => picture[i % 12]!);
    const run = (seed: number) => {
      const out = new Float32Array(60);
      augmentBatch(input, out, { batch: 5, ...dims, pad: 1 }, new RandomState(seed));
      return out;
    };
    expect(Array.from(run(3))).toEqual(Array.from(run(3)));
    const rng = new RandomState(3);
    const out = run(3);
    for (let b = 0; b < 5; b++) {
      const t = randomTransform(rng, 1);
      expect(Array.from(out.subarray(b * 12, b * 12 + 12))).toEqual(
        transformed(t.dy, t.dx, t.flip),
      );
    }
  });

  it('flips about half of the pictures and shifts within the pad', () => {
    const rng = new RandomState(8);
    let flips = 0;
    for (let i = 0; i < 1000; i++) {
      const t = randomTransform(rng, 2);
      if (t.flip) flips++;
      expect(Math.abs(t.dx)).toBeLessThanOrEqual(2);
      expect(Math.abs(t.dy)).toBeLessThanOrEqual(2);
    }
    expect(flips).toBeGreaterThan(450);
    expect(flips).toBeLessThan(550);
  });

  it('refuses a pad as large as the picture', () => {
    const out = new Float32Array(12);
    expect(() =>
      augmentBatch(picture, out, { batch: 1, ...dims, pad: 3 }, new RandomState(0)),
    ).toThrow(/pad/);
  });
});
