import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../kernels/reference.ts';
import type { Conv2DLayer } from '../nn/image-layers.ts';
import { ConvRuntime } from './conv.ts';
import { checkLayer, randomFloat32 } from './test-support.ts';

function conv(
  kh: number,
  kw: number,
  cin: number,
  cout: number,
  stride: number,
  padding: number,
): Conv2DLayer {
  return {
    type: 'conv2d',
    weights: {
      shape: [kh, kw, cin, cout],
      dtype: 'float32',
      data: randomFloat32(kh * kw * cin * cout, 1, 0.5),
    },
    biases: { shape: [cout], dtype: 'float32', data: randomFloat32(cout, 2) },
    stride,
    padding,
  };
}

describe('ConvRuntime gradients match central differences', () => {
  const cases = [
    { name: '3×3, stride 1, padding 1 on 5×7', k: [3, 3], stride: 1, padding: 1, size: [5, 7] },
    { name: '3×3, stride 2, padding 0 on 5×7', k: [3, 3], stride: 2, padding: 0, size: [5, 7] },
    { name: '3×3, stride 2, padding 1 on 6×5', k: [3, 3], stride: 2, padding: 1, size: [6, 5] },
    {
      name: '2×3 (non-square), stride 1, padding 1 on 4×5',
      k: [2, 3],
      stride: 1,
      padding: 1,
      size: [4, 5],
    },
    { name: '1×1, stride 1, padding 0 on 3×3', k: [1, 1], stride: 1, padding: 0, size: [3, 3] },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const [cin, cout, batch] = [2, 3, 2];
      const [h, w] = c.size;
      const layer = new ConvRuntime(
        conv(c.k[0], c.k[1], cin, cout, c.stride, c.padding),
        [h, w, cin],
        referenceKernels,
      );
      const x = randomFloat32(batch * h * w * cin, 3);
      const check = checkLayer(layer, x, batch);
      expect(check.input).toBeLessThan(1e-3);
      expect(check.params['weights']).toBeLessThan(1e-3);
      expect(check.params['biases']).toBeLessThan(1e-3);
    });
  }

  it('reports the output shape and saves its current weights', () => {
    const plain = conv(3, 3, 2, 4, 2, 1);
    const layer = new ConvRuntime(plain, [5, 7, 2], referenceKernels);
    expect(layer.outShape).toEqual([3, 4, 4]);
    layer.params[0]!.value[0] = 42;
    const saved = layer.toLayer() as Conv2DLayer;
    expect(saved.weights.shape).toEqual([3, 3, 2, 4]);
    expect(saved.weights.data[0]).toBe(42);
    expect(plain.weights.data[0]).not.toBe(42);
  });
});
