import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { GlobalAvgPoolRuntime, MaxPoolRuntime, poolOutputSize } from './pool.ts';
import { checkLayer, randomFloat32 } from './test-support.ts';

/** Distinct values at least 0.05 apart, so a ±h nudge never changes a window's winner. */
function distinct(length: number, seed: number): Float32Array {
  const order = new RandomState(seed).permutation(length);
  return Float32Array.from(order, (k) => (k - length / 2) * 0.05);
}

describe('max pooling', () => {
  it('takes each window’s largest value and drops the ragged edge', () => {
    // One 3×5 single-channel picture; 2×2 windows at stride 2 fit 1×2 times.
    const x = Float32Array.from([1, 9, 2, 3, 7, 4, 5, 8, 6, 0, 1, 1, 1, 1, 1]);
    const layer = new MaxPoolRuntime({ type: 'maxpool2d', size: 2, stride: 2 }, [3, 5, 1]);
    expect(layer.outShape).toEqual([1, 2, 1]);
    expect(Array.from(layer.forward(x, 1))).toEqual([9, 8]);
    const dx = layer.backward(Float32Array.from([10, 20]), new Float32Array(15), true)!;
    expect(Array.from(dx)).toEqual([0, 10, 0, 0, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('keeps channels apart', () => {
    // 2×2 picture, 2 channels: channel 0 peaks at pixel 3, channel 1 at pixel 0.
    const x = Float32Array.from([0, 5, 1, 4, 2, 3, 3, 2]);
    const layer = new MaxPoolRuntime({ type: 'maxpool2d', size: 2, stride: 2 }, [2, 2, 2]);
    expect(Array.from(layer.forward(x, 1))).toEqual([3, 5]);
  });

  for (const [size, stride, h, w] of [
    [2, 2, 5, 7],
    [3, 2, 7, 5],
    [3, 3, 5, 5],
  ] as const) {
    it(`gradients: ${size}×${size} window, stride ${stride}, on ${h}×${w}×3`, () => {
      const layer = new MaxPoolRuntime({ type: 'maxpool2d', size, stride }, [h, w, 3]);
      expect(layer.outShape).toEqual([
        poolOutputSize(h, size, stride),
        poolOutputSize(w, size, stride),
        3,
      ]);
      const check = checkLayer(layer, distinct(2 * h * w * 3, 5), 2, { h: 1e-3 });
      expect(check.input).toBeLessThan(1e-3);
    });
  }
});

describe('global average pooling', () => {
  it('averages every pixel of each channel', () => {
    const layer = new GlobalAvgPoolRuntime([1, 2, 2]);
    expect(Array.from(layer.forward(Float32Array.from([1, 10, 3, 30]), 1))).toEqual([2, 20]);
  });

  it('gradients on 5×3×4', () => {
    const layer = new GlobalAvgPoolRuntime([5, 3, 4]);
    expect(checkLayer(layer, randomFloat32(2 * 5 * 3 * 4, 8), 2).input).toBeLessThan(1e-3);
  });
});
