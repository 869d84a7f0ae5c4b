import { describe, expect, it } from 'vitest';
import type { BatchNormLayer } from '../nn/image-layers.ts';
import { BatchNormRuntime } from './batchnorm.ts';
import { freshBatchNorm } from './init.ts';
import { checkLayer, randomFloat32 } from './test-support.ts';

function layerWith(channels: number): BatchNormLayer {
  const t = (data: Float32Array) => ({ shape: [channels], dtype: 'float32' as const, data });
  return {
    ...freshBatchNorm(channels, 0.1, 1e-5),
    gamma: t(randomFloat32(channels, 11, 0.5).map((v) => 1 + v)),
    beta: t(randomFloat32(channels, 12)),
  };
}

describe('batchnorm in training mode', () => {
  it('gradients on (batch, H, W, C) pictures', () => {
    const layer = new BatchNormRuntime(layerWith(3), [3, 5, 3]);
    const check = checkLayer(layer, randomFloat32(2 * 3 * 5 * 3, 13, 2), 2, { h: 1e-2 });
    expect(check.input).toBeLessThan(2e-3);
    expect(check.params['gamma']).toBeLessThan(1e-3);
    expect(check.params['beta']).toBeLessThan(1e-3);
  });

  it('gradients on (batch, features) rows', () => {
    const layer = new BatchNormRuntime(layerWith(4), [4]);
    const check = checkLayer(layer, randomFloat32(6 * 4, 14), 6, { h: 1e-2 });
    expect(check.input).toBeLessThan(2e-3);
    expect(check.params['gamma']).toBeLessThan(1e-3);
    expect(check.params['beta']).toBeLessThan(1e-3);
  });

  it('normalises with the batch statistics and updates the running ones (unbiased variance)', () => {
    const layer = new BatchNormRuntime(freshBatchNorm(1, 0.1, 0), [1]);
    const y = layer.forward(Float32Array.from([1, 2, 3, 6]), 4, true);
    // mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5, unbiased 14 / 3.
    const s = Math.sqrt(3.5);
    expect(Array.from(y)).toEqual([-2 / s, -1 / s, 0, 3 / s].map(Math.fround));
    const saved = layer.toLayer() as BatchNormLayer;
    expect(saved.runningMean.data[0]).toBeCloseTo(0.9 * 0 + 0.1 * 3, 6);
    expect(saved.runningVar.data[0]).toBeCloseTo(0.9 * 1 + 0.1 * (14 / 3), 6);
  });

  it('uses the running statistics at inference', () => {
    const plain = { ...freshBatchNorm(2, 0.1, 0) };
    const stats = { shape: [2], dtype: 'float32' as const };
    const layer = new BatchNormRuntime(
      {
        ...plain,
        runningMean: { ...stats, data: Float32Array.from([1, -1]) },
        runningVar: { ...stats, data: Float32Array.from([4, 0.25]) },
      },
      [2],
    );
    expect(Array.from(layer.forward(Float32Array.from([3, 0]), 1, false))).toEqual([1, 2]);
    expect(() => layer.backward(new Float32Array(2), new Float32Array(2), true)).toThrow(
      /training/,
    );
  });
});
