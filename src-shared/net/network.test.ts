import { describe, expect, it } from 'vitest';
import { formatArray } from '../numpy/format.ts';
import type { Layer } from '../layers/index.ts';
import { cnnModel } from '../nn/cnn-test-support.ts';
import { numpyCore } from '../nn/fixtures/numpy-core.ts';
import { fromNested, tensor, zeros, type Tensor } from '../tensor/tensor.ts';
import { freshBatchNorm } from '../vision/init.ts';
import { notebookNetwork } from './init.ts';
import { forward, forwardLayer } from './forward.ts';
import { isImageNetwork, layerShapes, layerUnits, precisionOf, type Network } from './network.ts';

describe('notebookNetwork (Layer_Dense after np.random.seed)', () => {
  it.each(numpyCore.layer_dense.map((c) => [c.seed, c.sizes.join('-'), c] as const))(
    'seed %s, sizes %s: same weights bit for bit, same printed outputs',
    (_seed, _sizes, { seed, sizes, inputs, weights, outputs }) => {
      const network = notebookNetwork({ seed, sizes });
      const dense = network.layers.filter((l) => l.type === 'dense');
      dense.forEach((layer, i) => {
        expect(layer.weights.shape).toEqual([sizes[i], sizes[i + 1]]);
        expect(Array.from(layer.weights.data)).toEqual(weights[i]);
        expect(Array.from(layer.biases.data)).toEqual(new Array(sizes[i + 1]).fill(0));
      });
      const actual = forward(network, fromNested(inputs));
      actual.forEach((output, i) => {
        expect(output.shape).toEqual(outputs[i]!.shape);
        // NumPy's BLAS may sum in another order: equal to the last few bits, identical when printed.
        output.data.forEach((v, j) => expect(v).toBeCloseTo(outputs[i]!.values[j]!, 12));
        expect(formatArray(output)).toBe(outputs[i]!.printed);
      });
    },
  );

  it('puts an activation after each Dense layer and counts units', () => {
    const network = notebookNetwork({
      seed: 0,
      sizes: [4, 5, 2],
      activations: ['relu', 'softmax'],
    });
    expect(network.layers.map((l) => l.type)).toEqual([
      'input',
      'dense',
      'relu',
      'dense',
      'softmax',
    ]);
    expect(layerUnits(network)).toEqual([4, 5, 5, 2, 2]);
    const [, relu, , softmax] = forward(network, fromNested([[1, 2, 3, 2.5]]));
    expect(Math.min(...relu!.data)).toBeGreaterThanOrEqual(0);
    expect(softmax!.data[0]! + softmax!.data[1]!).toBeCloseTo(1, 15);
  });

  it('refuses mismatched activations and sizes with a reason', () => {
    expect(() => notebookNetwork({ seed: 0, sizes: [4, 5, 2], activations: ['relu'] })).toThrow(
      '2 Dense layers need 2 activations, found 1',
    );
    expect(() => notebookNetwork({ seed: 0, sizes: [4, 0] })).toThrow(
      'layer size 2 must be a whole number ≥ 1, found 0',
    );
    expect(() => notebookNetwork({ seed: 0, sizes: [4] })).toThrow('at least two sizes');
  });

  it('names the layer where a forward pass fails', () => {
    expect(() =>
      forward(notebookNetwork({ seed: 0, sizes: [4, 5] }), fromNested([[1, 2, 3]])),
    ).toThrow(
      'layers[0] (input): the input layer takes 4 features per sample, found 3 (inputs of shape (1, 3))',
    );
  });
});

const dense32: Layer = {
  type: 'dense',
  weights: tensor([1, 2, 3, 4, 5, 6], [3, 2], 'float32'),
  biases: tensor([0.5, -0.5], [2], 'float32'),
};

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
    expect(Array.from(x.data)).toEqual([-1, 2, -3, 4]);
  });

  it('computes softmax over the last axis of (batch, features) only', () => {
    const rows = forwardLayer({ type: 'softmax' }, tensor([0, 0, 1, 1], [2, 2], 'float32'));
    expect(Array.from(rows.data)).toEqual([0.5, 0.5, 0.5, 0.5]);
    expect(() => forwardLayer({ type: 'softmax' }, zeros([1, 2, 2, 1]))).toThrow(
      'softmax needs (batch, features), found (batch, 2, 2, 1) — add Flatten or global average pooling',
    );
  });

  it('computes one sample (features,) without a batch axis', () => {
    const out = forwardLayer(dense32, tensor([1, 2, 3], [3], 'float32'));
    expect(out.shape).toEqual([2]);
    expect(Array.from(out.data)).toEqual([22.5, 27.5]);
  });

  it('normalises raw pixels through an image input, per channel', () => {
    const layer: Layer = {
      type: 'image-input',
      height: 1,
      width: 2,
      channels: 3,
      mean: [0.5, 0, 1],
      std: [0.5, 1, 2],
    };
    const y = forwardLayer(layer, tensor([255, 0, 255, 0, 255, 0], [1, 1, 2, 3], 'float32'));
    expect(y.shape).toEqual([1, 1, 2, 3]);
    [1, 0, 0, -1, 1, -0.5].forEach((v, i) => expect(y.data[i]).toBeCloseTo(v, 6));
  });

  it('batchnorm uses the running statistics; flatten and dropout keep the values', () => {
    // ε must be above 0 (as the file format has always said); var + ε = 1 keeps the numbers exact.
    const bn: Layer = {
      ...freshBatchNorm(2, 0.1, 0.25),
      runningMean: { shape: [2], dtype: 'float32', data: Float32Array.from([1, 2]) },
      runningVar: { shape: [2], dtype: 'float32', data: Float32Array.from([0.75, 0.75]) },
    };
    const x: Tensor = { shape: [1, 1, 1, 2], dtype: 'float64', data: Float64Array.from([3, 3]) };
    expect(Array.from(forwardLayer(bn, x).data)).toEqual([2, 1]);
    expect(forwardLayer({ type: 'flatten' }, x).shape).toEqual([1, 2]);
    expect(Array.from(forwardLayer({ type: 'dropout', rate: 0.5 }, x).data)).toEqual([3, 3]);
  });

  it('names the layer’s shape rule when the tensor does not fit', () => {
    expect(() => forwardLayer(dense32, zeros([2, 4, 4, 3], 'float32'))).toThrow(
      'dense needs (batch, features), found (batch, 4, 4, 3) — add Flatten or global average pooling',
    );
    expect(() => forwardLayer(dense32, zeros([2, 4]))).toThrow(
      'dense takes 3 features per sample (W (3, 2)), found 4',
    );
  });
});

describe('image networks', () => {
  it('run from 0..255 pixels to class probabilities, with every shape known ahead', () => {
    const { network } = cnnModel({ side: 8, channels: 3, filters: [4], hidden: 5 });
    expect(isImageNetwork(network)).toBe(true);
    expect(precisionOf(network)).toBe('float32');
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
    expect(() => layerShapes({ layers: [layers[0]!, layers[0]!] })).toThrow(
      'layers[1] (image-input): only the first layer may be an input layer',
    );
    expect(() =>
      layerShapes({ layers: [{ type: 'input', units: 2 }, { type: 'relu' }], inputs: [[], [1]] }),
    ).toThrow('layers[1] reads layers[1]: a layer reads only layers before it');
  });

  it('computes graphs: each layer reads the layers its inputs name', () => {
    const network: Network = {
      layers: [
        { type: 'input', units: 2 },
        { type: 'relu' },
        { type: 'add' },
        { type: 'concatenate' },
      ],
      inputs: [[], [0], [0, 1], [2, 0]],
    };
    expect(layerShapes(network)).toEqual([[2], [2], [2], [4]]);
    const [relu, sum, joined] = forward(network, tensor([-1, 2], [2]));
    expect(Array.from(relu!.data)).toEqual([0, 2]);
    expect(Array.from(sum!.data)).toEqual([-1, 4]);
    expect(Array.from(joined!.data)).toEqual([-1, 4, -1, 2]);
    expect(precisionOf(network)).toBe('float64');
  });
});
