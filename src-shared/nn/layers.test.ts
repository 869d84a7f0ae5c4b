import { describe, expect, it } from 'vitest';
import { cnnModel } from './cnn-test-support.ts';
import { ShapeError } from '../tensor/ops.ts';
import { tensor, zeros } from '../tensor/tensor.ts';
import { explainLayer } from './explain.ts';
import { forwardLayer, outputShape, outputUnits, parameterCount, type Layer } from './layers.ts';
import { forward, isImageNetwork, layerShapes, layerUnits } from './network.ts';

const conv: Layer = {
  type: 'conv2d',
  weights: zeros([3, 3, 16, 32], 'float32'),
  biases: zeros([32], 'float32'),
  stride: 1,
  padding: 1,
};
const dense32: Layer = {
  type: 'dense',
  weights: tensor([1, 2, 3, 4, 5, 6], [3, 2], 'float32'),
  biases: tensor([0.5, -0.5], [2], 'float32'),
};

describe('outputShape', () => {
  it('gives the shape of one sample after each kind of layer', () => {
    expect(outputShape({ type: 'input', units: 4 }, [])).toEqual([4]);
    expect(
      outputShape(
        {
          type: 'image-input',
          height: 64,
          width: 64,
          channels: 3,
          mean: [0, 0, 0],
          std: [1, 1, 1],
        },
        [],
      ),
    ).toEqual([64, 64, 3]);
    expect(outputShape(conv, [64, 64, 16])).toEqual([64, 64, 32]);
    expect(outputShape({ type: 'maxpool2d', size: 2, stride: 2 }, [64, 64, 32])).toEqual([
      32, 32, 32,
    ]);
    expect(outputShape({ type: 'globalavgpool' }, [8, 8, 32])).toEqual([32]);
    expect(outputShape({ type: 'flatten' }, [8, 8, 32])).toEqual([2048]);
    expect(outputShape({ type: 'dropout', rate: 0.5 }, [8, 8, 32])).toEqual([8, 8, 32]);
    expect(outputShape({ type: 'relu' }, [8, 8, 32])).toEqual([8, 8, 32]);
    expect(outputShape(dense32, [3])).toEqual([2]);
  });

  it('refuses Dense and softmax on pictures, suggesting Flatten', () => {
    expect(() => outputShape(dense32, [32, 32, 16])).toThrow(
      new ShapeError(
        'dense needs (batch, features), found (batch, 32, 32, 16) — add Flatten or global average pooling',
      ),
    );
    expect(() => outputShape({ type: 'softmax' }, [4, 4, 2])).toThrow(
      /^softmax needs \(batch, features\)/,
    );
    expect(() => outputShape(dense32, [4])).toThrow(
      'dense takes 3 features per sample (W (3, 2)), found 4',
    );
    expect(() => outputShape(conv, [64, 64, 8])).toThrow(ShapeError);
  });

  it('keeps outputUnits for the Dense-only world', () => {
    expect(outputUnits({ type: 'input', units: 4 }, 0)).toBe(4);
    expect(outputUnits(dense32, 3)).toBe(2);
    expect(outputUnits({ type: 'tanh' }, 7)).toBe(7);
    expect(outputUnits({ type: 'dropout', rate: 0.1 }, 7)).toBe(7);
  });
});

describe('parameterCount', () => {
  it('counts conv weights and biases, and batchnorm gamma and beta only', () => {
    expect(parameterCount(conv)).toBe(3 * 3 * 16 * 32 + 32);
    const c = zeros([8], 'float32');
    const batchnorm: Layer = {
      type: 'batchnorm',
      gamma: c,
      beta: c,
      runningMean: c,
      runningVar: c,
      epsilon: 1e-3,
      momentum: 0.1,
    };
    expect(parameterCount(batchnorm)).toBe(16);
    expect(parameterCount({ type: 'maxpool2d', size: 2, stride: 2 })).toBe(0);
    expect(parameterCount(dense32)).toBe(8);
  });
});

describe('forwardLayer on float32 and on pictures', () => {
  it('computes Dense in float32 on the (batch, features) rows Flatten gives', () => {
    const pictures = tensor([1, 2, 3, 4, 5, 6], [2, 1, 3, 1], 'float32');
    const rows = forwardLayer({ type: 'flatten' }, pictures);
    expect(rows.shape).toEqual([2, 3]);
    const out = forwardLayer(dense32, rows);
    expect(out.dtype).toBe('float32');
    expect(out.shape).toEqual([2, 2]);
    // [1, 2, 3] @ [[1, 2], [3, 4], [5, 6]] + [0.5, -0.5] = [22.5, 27.5]
    expect(Array.from(out.data)).toEqual([22.5, 27.5, 49.5, 63.5]);
  });

  it('applies activations element-wise on 4-D tensors, keeping float32', () => {
    const x = tensor([-1, 2, -3, 4], [1, 2, 1, 2], 'float32');
    const out = forwardLayer({ type: 'relu' }, x);
    expect(out.shape).toEqual([1, 2, 1, 2]);
    expect(out.dtype).toBe('float32');
    expect(Array.from(out.data)).toEqual([0, 2, 0, 4]);
    expect(forwardLayer({ type: 'sigmoid' }, x).shape).toEqual([1, 2, 1, 2]);
  });

  it('computes softmax over the last axis of (batch, features) only', () => {
    const rows = forwardLayer({ type: 'softmax' }, tensor([0, 0, 1, 1], [2, 2], 'float32'));
    expect(Array.from(rows.data)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(() => forwardLayer({ type: 'softmax' }, zeros([1, 2, 2, 1]))).toThrow(
      'softmax needs (batch, features), found (1, 2, 2, 1) — add Flatten or global average pooling',
    );
  });
});

describe('image networks', () => {
  it('run from 0..255 pixels to class probabilities, with every shape known ahead', () => {
    const { network } = cnnModel({ side: 8, channels: 3, filters: [4], hidden: 5 });
    expect(isImageNetwork(network)).toBe(true);
    const shapes = layerShapes(network);
    expect(shapes.slice(0, 5)).toEqual([
      [8, 8, 3],
      [8, 8, 4],
      [8, 8, 4],
      [8, 8, 4],
      [4, 4, 4],
    ]);
    expect(layerUnits(network).at(-1)).toBe(2);
    const outputs = forward(network, zeros([3, 8, 8, 3]));
    outputs.forEach((out, i) => expect(out.shape.slice(1)).toEqual(shapes[i + 1]));
    const probabilities = outputs.at(-1)!;
    expect(probabilities.dtype).toBe('float32');
    expect(probabilities.data[0]! + probabilities.data[1]!).toBeCloseTo(1, 6);
  });

  it('names the layer whose shape does not fit', () => {
    const { network } = cnnModel();
    const layers = [...network.layers];
    layers.splice(6, 1); // no Flatten before Dense
    expect(() => layerShapes({ layers })).toThrow(
      'layers[6] (dense): dense needs (batch, features), found (batch, 2, 2, 2) — add Flatten or global average pooling',
    );
  });

  it('explains image layers with their shapes', () => {
    expect(explainLayer(conv, [8, 64, 64, 16])).toBe(
      'Conv2D: 32 3×3 kernels over 16 channels + biases, stride 1, padding 1, (8,64,64,16) → (8,64,64,32)',
    );
    expect(explainLayer({ type: 'flatten' }, [8, 4, 4, 2])).toBe(
      'Flatten: each sample as one row of features, (8,4,4,2) → (8,32)',
    );
    expect(explainLayer(conv, [8, 64, 64, 3])).toMatch(
      /^Conv2D: .*: conv2d takes 16 channels, found 3/,
    );
  });
});
