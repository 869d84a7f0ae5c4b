import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../kernels/wasm.ts';
import type { Precision } from '../train/settings.ts';
import { avgPool2dKind, type AvgPool2DLayer } from './avgpool2d.ts';
import { outputShape, parameterCount } from './registry.ts';
import {
  checkLayer,
  PRECISIONS,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

const pool = (size: number, stride: number): AvgPool2DLayer => ({
  type: 'avgpool2d',
  size,
  stride,
});

/** Average pooling as plain loops over (batch, h, w, c), in float64. */
function reference(
  x: ArrayLike<number>,
  [batch, h, w, c]: [number, number, number, number],
  size: number,
  stride: number,
): number[] {
  const oh = Math.floor((h - size) / stride) + 1;
  const ow = Math.floor((w - size) / stride) + 1;
  const out: number[] = [];
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let ch = 0; ch < c; ch++) {
          let sum = 0;
          for (let u = 0; u < size; u++)
            for (let v = 0; v < size; v++) {
              sum += x[((b * h + i * stride + u) * w + j * stride + v) * c + ch]!;
            }
          out.push(sum / (size * size));
        }
  return out;
}

describe('average pooling', () => {
  it('takes each window’s mean and spreads the gradient evenly over it', () => {
    // One 2×4 single-channel picture: two 2×2 windows.
    const layer = runtimeOf(pool(2, 2), [[2, 4, 1]], 'float64');
    const x = Float64Array.from([1, 2, 10, 20, 3, 4, 30, 40]);
    expect([...layer.forward([x], 1, { training: true })]).toEqual([2.5, 25]);
    const dx = new Float64Array(8).fill(-1);
    layer.backward(Float64Array.from([4, 8]), [dx]);
    expect([...dx]).toEqual([1, 1, 2, 2, 1, 1, 2, 2]);
  });

  // 5 channels on the float32 backend's SIMD kernels: whole vectors and a remainder.
  it.each([
    [2, 2, 5, 7],
    [3, 2, 7, 5],
    [2, 3, 8, 8],
  ] as const)(
    'on the WebAssembly kernels, equals plain loops and central differences: %i×%i window, stride %i, on %i×%i×5',
    (size, stride, h, w) => {
      const kernels = createWasmKernels()!;
      const layer = runtimeOf(pool(size, stride), [[h, w, 5]], 'float32', kernels);
      const x = randomValues(2 * h * w * 5, 7, 'float32');
      const want = reference(x, [2, h, w, 5], size, stride);
      const y = layer.forward([x], 2, { training: false });
      expect(y.length).toBe(want.length);
      want.forEach((v, i) => expect(y[i]).toBeCloseTo(v, 5));
      const check = checkLayer(layer, x, 2, { h: STEP.float32 });
      expect(check.input).toBeLessThan(TOLERANCE.float32);
    },
  );

  for (const [size, stride, h, w] of [
    [2, 2, 5, 7],
    [3, 2, 7, 5],
    [2, 1, 4, 4],
  ] as const) {
    it.each(PRECISIONS)(
      `equals plain loops and central differences: ${size}×${size} window, stride ${stride}, on ${h}×${w}×3 (%s)`,
      (precision: Precision) => {
        const layer = runtimeOf(pool(size, stride), [[h, w, 3]], precision);
        const x = randomValues(2 * h * w * 3, 6, precision);
        const want = reference(x, [2, h, w, 3], size, stride);
        const y = layer.forward([x], 2, { training: false });
        expect(y.length).toBe(want.length);
        want.forEach((v, i) => expect(y[i]).toBeCloseTo(v, precision === 'float64' ? 14 : 6));
        const check = checkLayer(layer, x, 2, { h: STEP[precision] });
        expect(check.input).toBeLessThan(TOLERANCE[precision]);
      },
    );
  }

  it('gives the shapes of one sample, and says why a window does not fit', () => {
    expect(outputShape(pool(2, 2), [[5, 7, 8]])).toEqual([2, 3, 8]);
    expect(() => outputShape(pool(3, 1), [[2, 8, 4]])).toThrow(
      'avgpool2d: a 3×3 window does not fit 2×8 — use a pool size of at most 2',
    );
    expect(() => outputShape(pool(2, 2), [[16]])).toThrow(
      'avgpool2d expects a picture (height, width, channels), found 16 features — add Flatten after it, not before',
    );
    expect(() => outputShape(pool(1.5, 1), [[4, 4, 1]])).toThrow(
      'avgpool2d: the pool size must be a whole number ≥ 1, found 1.5',
    );
  });

  it('round-trips its settings and has no parameters', () => {
    expect(avgPool2dKind.defaults).toEqual({ size: 2, stride: 2 });
    const made = avgPool2dKind.create({ size: 3, stride: 1 }, [[8, 8, 1]]);
    expect(made).toEqual(pool(3, 1));
    expect(avgPool2dKind.settingsOf(made)).toEqual({ size: 3, stride: 1 });
    expect(parameterCount(made)).toBe(0);
    expect(avgPool2dKind.describe(made)).toBe('the mean of each 3×3 window, stride 1');
    expect(runtimeOf(made, [[8, 8, 1]], 'float64').toLayer()).toEqual(made);
  });
});
