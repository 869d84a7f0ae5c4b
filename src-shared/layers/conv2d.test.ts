import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { heConv } from '../vision/init.ts';
import { conv2dKind, type Conv2DLayer } from './conv2d.ts';
import { outputShape, parameterCount } from './registry.ts';
import {
  checkLayer,
  PRECISIONS,
  randomFloat32,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

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

/** Convolution straight from its definition, in float64, independent of the kernels. */
function naiveConv(x: Tensor, layer: Conv2DLayer): number[] {
  const [batch, h, w, cin] = x.shape as [number, number, number, number];
  const [kh, kw, , cout] = layer.weights.shape as [number, number, number, number];
  const { stride: s, padding: p } = layer;
  const oh = Math.floor((h + 2 * p - kh) / s) + 1;
  const ow = Math.floor((w + 2 * p - kw) / s) + 1;
  const out: number[] = [];
  for (let b = 0; b < batch; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < cout; o++) {
          let sum = layer.biases.data[o]!;
          for (let u = 0; u < kh; u++)
            for (let v = 0; v < kw; v++)
              for (let c = 0; c < cin; c++) {
                const [y, xx] = [i * s + u - p, j * s + v - p];
                if (y < 0 || xx < 0 || y >= h || xx >= w) continue;
                sum +=
                  x.data[((b * h + y) * w + xx) * cin + c]! *
                  layer.weights.data[((u * kw + v) * cin + c) * cout + o]!;
              }
          out.push(sum);
        }
  return out;
}

describe('conv2d gradients match central differences', () => {
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
    it.each(PRECISIONS)(`${c.name} (%s)`, (precision) => {
      const [cin, cout, batch] = [2, 3, 2];
      const [h, w] = c.size;
      const layer = runtimeOf(
        conv(c.k[0], c.k[1], cin, cout, c.stride, c.padding),
        [[h, w, cin]],
        precision,
      );
      const x = randomValues(batch * h * w * cin, 3, precision);
      const check = checkLayer(layer, x, batch, { h: STEP[precision] });
      expect(check.input).toBeLessThan(TOLERANCE[precision]);
      expect(check.params['weights']).toBeLessThan(TOLERANCE[precision]);
      expect(check.params['biases']).toBeLessThan(TOLERANCE[precision]);
    });
  }

  it('reports the output shape and saves its current weights', () => {
    const plain = conv(3, 3, 2, 4, 2, 1);
    const layer = runtimeOf(plain, [[5, 7, 2]], 'float32');
    expect(layer.outShape).toEqual([3, 4, 4]);
    layer.params[0]!.value[0] = 42;
    const saved = layer.toLayer() as Conv2DLayer;
    expect(saved.weights.shape).toEqual([3, 3, 2, 4]);
    expect(saved.weights.dtype).toBe('float32');
    expect(saved.weights.data[0]).toBe(42);
    expect(plain.weights.data[0]).not.toBe(42);
  });
});

describe('conv2d forward', () => {
  for (const [stride, padding] of [
    [1, 1],
    [2, 0],
    [2, 1],
  ] as const) {
    it.each(PRECISIONS)(
      `equals a naive convolution (stride ${stride}, padding ${padding}, 5×7, %s)`,
      (precision) => {
        const layer = {
          ...heConv(new RandomState(1), { inChannels: 2, outChannels: 3 }),
          stride,
          padding,
        };
        const x: Tensor = { shape: [2, 5, 7, 2], dtype: 'float32', data: randomFloat32(140, 2) };
        const runtime = runtimeOf(layer, [[5, 7, 2]], precision);
        const y = runtime.forward([x.data], 2, { training: false });
        expect(runtime.outShape).toEqual(outputShape(layer, [[5, 7, 2]]));
        expect(y.length).toBe(2 * runtime.outShape.reduce((a, b) => a * b, 1));
        const want = naiveConv(x, layer);
        // float64 sums in the same order as the definition; float32 rounds each step.
        want.forEach((v, i) => expect(y[i]).toBeCloseTo(v, precision === 'float64' ? 12 : 4));
      },
    );
  }
});

describe('conv2d shapes', () => {
  const c = heConv(new RandomState(0), { inChannels: 3, outChannels: 16 });

  it('gives the shapes of one sample', () => {
    expect(outputShape(c, [[64, 64, 3]])).toEqual([64, 64, 16]);
    expect(outputShape({ ...c, stride: 2, padding: 0 }, [[64, 64, 3]])).toEqual([31, 31, 16]);
    expect(outputShape(conv(3, 3, 16, 32, 1, 1), [[64, 64, 16]])).toEqual([64, 64, 32]);
  });

  it('says why a shape does not fit, and how to fix it', () => {
    expect(() => outputShape(c, [[784]])).toThrow(
      'conv2d expects a picture (height, width, channels), found 784 features — add Flatten after it, not before',
    );
    expect(() => outputShape(c, [[8, 8, 1]])).toThrow(
      'conv2d takes 3 channels, found 1 (a 8×8×1 picture) — set its input channels to 1',
    );
    expect(() => outputShape({ ...c, padding: 0 }, [[2, 2, 3]])).toThrow(
      "conv2d: a 3-wide kernel with padding 0 does not fit the picture's height of 2 — use a kernel of at most 2 or more padding",
    );
    expect(() => outputShape({ ...c, padding: 3 }, [[8, 8, 3]])).toThrow(
      'conv2d: padding 3 must be smaller than the 3×3 kernel — use at most 2',
    );
    expect(() => outputShape({ ...c, stride: 0 }, [[8, 8, 3]])).toThrow(
      'conv2d: the stride must be a whole number ≥ 1, found 0',
    );
    expect(() =>
      outputShape(c, [
        [8, 8, 3],
        [8, 8, 3],
      ]),
    ).toThrow('conv2d takes one input, found 2');
  });
});

describe('the Conv2D kind', () => {
  it('creates zeroed float32 kernels for the channels arriving, and reads its settings back', () => {
    const settings = { filters: 4, kernel: 5, stride: 2, padding: 2 };
    const made = conv2dKind.create(settings, [[9, 9, 3]]);
    expect(made.weights.shape).toEqual([5, 5, 3, 4]);
    expect(made.weights.dtype).toBe('float32');
    expect(made.biases.shape).toEqual([4]);
    expect(conv2dKind.settingsOf(made)).toEqual(settings);
    expect(conv2dKind.create(conv2dKind.settingsOf(made), [[9, 9, 3]])).toEqual(made);
    expect(outputShape(made, [[9, 9, 3]])).toEqual([5, 5, 4]);
    expect(() => conv2dKind.create(conv2dKind.defaults, [[12]])).toThrow(/expects a picture/);
  });

  it('counts kernels and biases, weights decayed and biases not', () => {
    const layer = conv(3, 3, 16, 32, 1, 1);
    expect(parameterCount(layer)).toBe(3 * 3 * 16 * 32 + 32);
    expect(conv2dKind.parameters(layer).map((p) => [p.field, p.decay])).toEqual([
      ['weights', true],
      ['biases', false],
    ]);
    expect(conv2dKind.describe(layer)).toBe(
      '32 3×3 kernels over 16 channels + biases, stride 1, padding 1',
    );
  });
});
