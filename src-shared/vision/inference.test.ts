import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../kernels/reference.ts';
import type { Conv2DLayer, ImageLayer } from '../nn/image-layers.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { forwardImageLayer, imageLayerOutputShape } from './inference.ts';
import { freshBatchNorm, heConv, smallCnn } from './init.ts';
import { TrainableNet } from './net.ts';
import { RandomState } from '../rng/random-state.ts';
import { randomFloat32 } from './test-support.ts';
import type { VisionLayer } from './runtime-layer.ts';
import { softmaxRows } from './loss.ts';

/** Convolution straight from its definition, in float64, independent of the kernels. */
function naiveConv(x: Tensor, layer: Conv2DLayer): number[] {
  const [batch, h, w, cin] = x.shape as number[];
  const [kh, kw, , cout] = layer.weights.shape as number[];
  const { stride: s, padding: p } = layer;
  const oh = Math.floor((h! + 2 * p - kh!) / s) + 1;
  const ow = Math.floor((w! + 2 * p - kw!) / s) + 1;
  const out: number[] = [];
  for (let b = 0; b < batch!; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < cout!; o++) {
          let sum = layer.biases.data[o]!;
          for (let u = 0; u < kh!; u++)
            for (let v = 0; v < kw!; v++)
              for (let c = 0; c < cin!; c++) {
                const [y, xx] = [i * s + u - p, j * s + v - p];
                if (y < 0 || xx < 0 || y >= h! || xx >= w!) continue;
                sum +=
                  x.data[((b * h! + y) * w! + xx) * cin! + c]! *
                  layer.weights.data[((u * kw! + v) * cin! + c) * cout! + o]!;
              }
          out.push(sum);
        }
  return out;
}

describe('forwardImageLayer', () => {
  for (const [stride, padding] of [
    [1, 1],
    [2, 0],
    [2, 1],
  ] as const) {
    it(`conv2d equals a naive convolution (stride ${stride}, padding ${padding}, 5×7)`, () => {
      const layer = {
        ...heConv(new RandomState(1), { inChannels: 2, outChannels: 3 }),
        stride,
        padding,
      };
      const x: Tensor = { shape: [2, 5, 7, 2], dtype: 'float32', data: randomFloat32(140, 2) };
      const y = forwardImageLayer(layer, x);
      expect(y.shape).toEqual([2, ...imageLayerOutputShape(layer, [5, 7, 2])]);
      const want = naiveConv(x, layer);
      want.forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 4));
    });
  }

  it('image-input normalises raw pixels per channel', () => {
    const layer: ImageLayer = {
      type: 'image-input',
      height: 1,
      width: 2,
      channels: 3,
      mean: [0.5, 0, 1],
      std: [0.5, 1, 2],
    };
    const y = forwardImageLayer(layer, {
      shape: [1, 1, 2, 3],
      dtype: 'float32',
      data: Float32Array.from([255, 0, 255, 0, 255, 0]),
    });
    [1, 0, 0, -1, 1, -0.5].forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 6));
  });

  it('batchnorm uses the running statistics; flatten and dropout keep the values', () => {
    const bn = {
      ...freshBatchNorm(2, 0.1, 0),
      runningMean: { shape: [2], dtype: 'float32' as const, data: Float32Array.from([1, 2]) },
    };
    const x: Tensor = { shape: [1, 1, 1, 2], dtype: 'float64', data: Float64Array.from([3, 3]) };
    expect(Array.from(forwardImageLayer(bn, x).data)).toEqual([2, 1]);
    expect(forwardImageLayer({ type: 'flatten' }, x).shape).toEqual([1, 2]);
    expect(Array.from(forwardImageLayer({ type: 'dropout', rate: 0.5 }, x).data)).toEqual([3, 3]);
  });
});

describe('imageLayerOutputShape', () => {
  const conv = heConv(new RandomState(0), { inChannels: 3, outChannels: 16 });

  it('gives the shapes of one sample', () => {
    expect(imageLayerOutputShape(conv, [64, 64, 3])).toEqual([64, 64, 16]);
    expect(imageLayerOutputShape({ ...conv, stride: 2, padding: 0 }, [64, 64, 3])).toEqual([
      31, 31, 16,
    ]);
    expect(imageLayerOutputShape({ type: 'maxpool2d', size: 2, stride: 2 }, [5, 7, 8])).toEqual([
      2, 3, 8,
    ]);
    expect(imageLayerOutputShape({ type: 'globalavgpool' }, [4, 4, 256])).toEqual([256]);
    expect(imageLayerOutputShape({ type: 'flatten' }, [4, 4, 2])).toEqual([32]);
    expect(imageLayerOutputShape(freshBatchNorm(10), [10])).toEqual([10]);
  });

  it('says why a shape does not fit, and how to fix it', () => {
    expect(() => imageLayerOutputShape(conv, [784])).toThrow(
      'conv2d expects a picture (height, width, channels), found 784 features — add Flatten after it, not before',
    );
    expect(() =>
      imageLayerOutputShape({ type: 'maxpool2d', size: 2, stride: 2 }, [1, 1, 4]),
    ).toThrow('maxpool2d: a 2×2 window does not fit 1×1');
    expect(() => imageLayerOutputShape(conv, [8, 8, 1])).toThrow(/takes 3 channels, found 1/);
    expect(() => imageLayerOutputShape({ ...conv, padding: 0 }, [2, 2, 3])).toThrow(
      /3×3 kernel with padding 0 does not fit 2×2/,
    );
    expect(() => imageLayerOutputShape(freshBatchNorm(8), [4, 4, 3])).toThrow(
      /normalises 8 channels/,
    );
  });
});

describe('inference through plain layers equals the trainable network', () => {
  it('with trained BatchNorm statistics', () => {
    const layers = smallCnn({
      size: 12,
      channels: 3,
      classes: 3,
      seed: 4,
      widths: [4, 6],
      convsPerStage: [1, 2],
    });
    const net = new TrainableNet(layers, referenceKernels);
    const rng = new RandomState(9);
    const pixels = randomFloat32(3 * 12 * 12 * 3, 5, 60).map((v) => Math.min(255, Math.abs(v)));
    // Training passes move the running statistics away from 0 and 1.
    for (let i = 0; i < 3; i++) net.forward(pixels, 3, true, rng);
    const logits = net.forward(pixels, 3, false).slice();
    let t: Tensor = { shape: [3, 12, 12, 3], dtype: 'float32', data: pixels };
    for (const layer of net.toLayers() as VisionLayer[]) {
      if (layer.type === 'softmax') break;
      if (layer.type === 'relu') t = { ...t, data: t.data.map((v) => Math.max(0, v)) };
      else if (layer.type === 'dense') {
        const [n, m] = layer.weights.shape as [number, number];
        const out = new Float32Array(3 * m);
        referenceKernels.gemm(
          3,
          m,
          n,
          t.data as Float32Array,
          layer.weights.data as Float32Array,
          out,
        );
        t = {
          shape: [3, m],
          dtype: 'float32',
          data: out.map((v, i) => v + layer.biases.data[i % m]!),
        };
      } else t = forwardImageLayer(layer, t);
    }
    Array.from(logits).forEach((v, i) => expect(t.data[i]).toBeCloseTo(v, 5));
    const probabilities = new Float32Array(9);
    softmaxRows(logits, probabilities, 3, 3);
    expect(probabilities[0]! + probabilities[1]! + probabilities[2]!).toBeCloseTo(1, 6);
  });
});
