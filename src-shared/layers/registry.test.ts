import { describe, expect, it } from 'vitest';
import { ShapeError } from '../tensor/ops.ts';
import { sizeOf, tensor, zeros } from '../tensor/tensor.ts';
import {
  isLayerType,
  KINDS,
  LAYER_TYPES,
  layerKind,
  outputShape,
  parameterCount,
  withPlace,
  type Layer,
} from './registry.ts';

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

/** A sample shape each kind takes, and how many inputs. */
const ARRIVING: Record<string, number[][]> = {
  input: [],
  'image-input': [],
  dense: [[6]],
  softmax: [[6]],
  add: [
    [4, 4, 3],
    [4, 4, 3],
  ],
  concatenate: [
    [4, 4, 3],
    [4, 4, 2],
  ],
};

describe('outputShape', () => {
  it('gives the shape of one sample after each kind of layer', () => {
    expect(outputShape({ type: 'input', units: 4 }, [])).toEqual([4]);
    expect(outputShape(conv, [[64, 64, 16]])).toEqual([64, 64, 32]);
    expect(outputShape({ type: 'maxpool2d', size: 2, stride: 2 }, [[64, 64, 32]])).toEqual([
      32, 32, 32,
    ]);
    expect(outputShape({ type: 'globalavgpool' }, [[8, 8, 32]])).toEqual([32]);
    expect(outputShape({ type: 'flatten' }, [[8, 8, 32]])).toEqual([2048]);
    expect(outputShape({ type: 'dropout', rate: 0.5 }, [[8, 8, 32]])).toEqual([8, 8, 32]);
    expect(outputShape({ type: 'relu' }, [[8, 8, 32]])).toEqual([8, 8, 32]);
    expect(outputShape(dense32, [[3]])).toEqual([2]);
  });

  it('refuses Dense and softmax on pictures, suggesting Flatten', () => {
    expect(() => outputShape(dense32, [[32, 32, 16]])).toThrow(
      new ShapeError(
        'dense needs (batch, features), found (batch, 32, 32, 16) — add Flatten or global average pooling',
      ),
    );
    expect(() => outputShape({ type: 'softmax' }, [[4, 4, 2]])).toThrow(
      /^softmax needs \(batch, features\)/,
    );
    expect(() => outputShape(dense32, [[4]])).toThrow(
      'dense takes 3 features per sample (W (3, 2)), found 4',
    );
    expect(() => outputShape(conv, [[64, 64, 8]])).toThrow(ShapeError);
  });

  it('gives the Dense-only world’s unit counts (the old outputUnits) as one-axis shapes', () => {
    expect(sizeOf(outputShape({ type: 'input', units: 4 }, []))).toBe(4);
    expect(sizeOf(outputShape(dense32, [[3]]))).toBe(2);
    expect(sizeOf(outputShape({ type: 'tanh' }, [[7]]))).toBe(7);
    expect(sizeOf(outputShape({ type: 'dropout', rate: 0.1 }, [[7]]))).toBe(7);
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

describe('the registry', () => {
  it('holds every kind once, by type, in palette order', () => {
    expect(new Set(LAYER_TYPES).size).toBe(KINDS.length);
    expect(LAYER_TYPES).toEqual([
      'input',
      'image-input',
      'dense',
      'conv2d',
      'maxpool2d',
      'avgpool2d',
      'globalavgpool',
      'flatten',
      'batchnorm',
      'dropout',
      'relu',
      'leakyrelu',
      'sigmoid',
      'tanh',
      'softmax',
      'linear',
      'add',
      'concatenate',
    ]);
    for (const kind of KINDS) expect(layerKind(kind.type)).toBe(kind);
    expect(isLayerType('conv2d')).toBe(true);
    expect(isLayerType('conv3d')).toBe(false);
    expect(() => layerKind('conv3d')).toThrow('unknown layer type "conv3d"');
  });

  it.each(LAYER_TYPES)(
    '%s: creates a layer from its defaults whose settings read back as them',
    (type) => {
      const kind = layerKind(type);
      const arriving = ARRIVING[type] ?? [[4, 4, 3]];
      const made = kind.create(kind.defaults, arriving);
      expect(made.type).toBe(type);
      expect(kind.settingsOf(made)).toEqual(kind.defaults);
      expect(kind.create(kind.settingsOf(made), arriving)).toEqual(made);
      // Every setting is declared, and every default is within its declared range.
      expect(kind.settings.map((s) => s.key).sort()).toEqual(Object.keys(kind.defaults).sort());
      for (const s of kind.settings) {
        const v = kind.defaults[s.key]!;
        expect(v).toBeGreaterThanOrEqual(s.min);
        expect(v).toBeLessThanOrEqual(s.max);
        if (s.integer) expect(Number.isInteger(v)).toBe(true);
      }
      expect(outputShape(made, arriving).length).toBeGreaterThan(0);
      expect(kind.describe(made)).not.toBe('');
    },
  );

  it('prefixes a kind’s ShapeError with where the layer is, and passes other errors on', () => {
    expect(() => withPlace('layers[3] (dense)', () => outputShape(dense32, [[4]]))).toThrow(
      new ShapeError('layers[3] (dense): dense takes 3 features per sample (W (3, 2)), found 4'),
    );
    expect(() =>
      withPlace('layers[3]', () => {
        throw new RangeError('other');
      }),
    ).toThrow(new RangeError('other'));
  });
});
