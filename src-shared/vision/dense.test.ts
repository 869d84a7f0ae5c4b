import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../kernels/reference.ts';
import { DenseRuntime } from './dense.ts';
import { checkLayer, randomFloat32 } from './test-support.ts';

describe('DenseRuntime', () => {
  it('computes inputs @ weights + biases', () => {
    const layer = new DenseRuntime(
      {
        type: 'dense',
        weights: { shape: [2, 3], dtype: 'float32', data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
        biases: { shape: [3], dtype: 'float32', data: Float32Array.from([0.5, 0, -1]) },
      },
      referenceKernels,
    );
    expect(Array.from(layer.forward(Float32Array.from([1, 1, 2, 0]), 2))).toEqual([
      5.5, 7, 8, 2.5, 4, 5,
    ]);
  });

  it('gradients match central differences', () => {
    const layer = new DenseRuntime(
      {
        type: 'dense',
        weights: { shape: [5, 3], dtype: 'float32', data: randomFloat32(15, 21) },
        biases: { shape: [3], dtype: 'float32', data: randomFloat32(3, 22) },
      },
      referenceKernels,
    );
    const check = checkLayer(layer, randomFloat32(4 * 5, 23), 4);
    expect(check.input).toBeLessThan(1e-3);
    expect(check.params['weights']).toBeLessThan(1e-3);
    expect(check.params['biases']).toBeLessThan(1e-3);
  });
});
