import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../kernels/wasm.ts';
import { RandomState } from '../rng/random-state.ts';
import type { Precision } from '../train/settings.ts';
import { maxPool2dKind, type MaxPool2DLayer } from './maxpool2d.ts';
import { poolOutputSize } from '../kernels/types.ts';
import { outputShape, parameterCount } from './registry.ts';
import { checkLayer, inPrecision, PRECISIONS, runtimeOf, TOLERANCE } from './test-support.ts';

/** Distinct values at least 0.05 apart, so a ±h nudge never changes a window's winner. */
function distinct(length: number, seed: number, precision: Precision) {
  const order = new RandomState(seed).permutation(length);
  return inPrecision(
    Array.from(order, (k) => (k - length / 2) * 0.05),
    precision,
  );
}

const pool = (size: number, stride: number): MaxPool2DLayer => ({
  type: 'maxpool2d',
  size,
  stride,
});

describe('max pooling', () => {
  it.each(PRECISIONS)(
    'takes each window’s largest value and drops the ragged edge (%s)',
    (precision) => {
      // One 3×5 single-channel picture; 2×2 windows at stride 2 fit 1×2 times.
      const x = inPrecision([1, 9, 2, 3, 7, 4, 5, 8, 6, 0, 1, 1, 1, 1, 1], precision);
      const layer = runtimeOf(pool(2, 2), [[3, 5, 1]], precision);
      expect(layer.outShape).toEqual([1, 2, 1]);
      expect(Array.from(layer.forward([x], 1, { training: true }))).toEqual([9, 8]);
      const dx = inPrecision(new Array(15).fill(-1), precision);
      layer.backward(inPrecision([10, 20], precision), [dx]);
      expect(Array.from(dx)).toEqual([0, 10, 0, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0]);
    },
  );

  it('keeps channels apart', () => {
    // 2×2 picture, 2 channels: channel 0 peaks at pixel 3, channel 1 at pixel 0.
    const x = Float32Array.from([0, 5, 1, 4, 2, 3, 3, 2]);
    const layer = runtimeOf(pool(2, 2), [[2, 2, 2]], 'float32');
    expect(Array.from(layer.forward([x], 1, { training: false }))).toEqual([3, 5]);
  });

  it('adds the gradients of overlapping windows that share a winner', () => {
    // 1×3 picture, 1×… windows of 2 at stride 1: the middle value wins both.
    const layer = runtimeOf(pool(2, 1), [[2, 3, 1]], 'float64');
    const x = Float64Array.from([0, 5, 1, 0, 0, 0]);
    expect([...layer.forward([x], 1, { training: true })]).toEqual([5, 5]);
    const dx = new Float64Array(6);
    layer.backward(Float64Array.from([1, 2]), [dx]);
    expect([...dx]).toEqual([0, 3, 0, 0, 0, 0]);
  });

  for (const [size, stride, h, w] of [
    [2, 2, 5, 7],
    [3, 2, 7, 5],
    [3, 3, 5, 5],
  ] as const) {
    it.each(PRECISIONS)(
      `gradients: ${size}×${size} window, stride ${stride}, on ${h}×${w}×3 (%s)`,
      (precision) => {
        const layer = runtimeOf(pool(size, stride), [[h, w, 3]], precision);
        expect(layer.outShape).toEqual([
          poolOutputSize(h, size, stride),
          poolOutputSize(w, size, stride),
          3,
        ]);
        const check = checkLayer(layer, distinct(2 * h * w * 3, 5, precision), 2, { h: 1e-3 });
        expect(check.input).toBeLessThan(TOLERANCE[precision]);
      },
    );
  }

  // The float32 backend's own SIMD kernels: 5 and 8 channels for the vectors and the
  // remainder; a gap (stride > size) and an overlap take their own paths backward.
  it.each([
    [2, 2, 6, 7, 8],
    [3, 2, 7, 5, 5],
    [2, 3, 8, 8, 5],
  ] as const)(
    'gradients on the WebAssembly kernels: %i×%i window, stride %i, on %i×%i×%i',
    (size, stride, h, w, channels) => {
      const kernels = createWasmKernels()!;
      const layer = runtimeOf(pool(size, stride), [[h, w, channels]], 'float32', kernels);
      const x = distinct(2 * h * w * channels, 6, 'float32');
      const check = checkLayer(layer, x, 2, { h: 1e-3 });
      expect(check.input).toBeLessThan(TOLERANCE.float32);
    },
  );

  it('gives the shapes of one sample, and says why a window does not fit', () => {
    expect(outputShape(pool(2, 2), [[64, 64, 32]])).toEqual([32, 32, 32]);
    expect(outputShape(pool(2, 2), [[5, 7, 8]])).toEqual([2, 3, 8]);
    expect(() => outputShape(pool(2, 2), [[1, 1, 4]])).toThrow(
      'maxpool2d: a 2×2 window does not fit 1×1 — use a pool size of at most 1',
    );
    expect(() => outputShape(pool(2, 2), [[16]])).toThrow(
      'maxpool2d expects a picture (height, width, channels), found 16 features — add Flatten after it, not before',
    );
    expect(() => outputShape(pool(2, 0), [[4, 4, 1]])).toThrow(
      'maxpool2d: the stride must be a whole number ≥ 1, found 0',
    );
  });

  it('round-trips its settings and has no parameters', () => {
    const made = maxPool2dKind.create({ size: 3, stride: 2 }, [[8, 8, 1]]);
    expect(made).toEqual(pool(3, 2));
    expect(maxPool2dKind.settingsOf(made)).toEqual({ size: 3, stride: 2 });
    expect(parameterCount(made)).toBe(0);
    expect(runtimeOf(made, [[8, 8, 1]], 'float32').toLayer()).toEqual(made);
  });
});
