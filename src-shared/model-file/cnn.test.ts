import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runnableNetwork } from '../document/model-io.ts';
import type { Layer } from '../layers/index.ts';
import { chainModel, type Model } from '../nn/model.ts';
import { forward } from '../net/forward.ts';
import { RandomState } from '../rng/random-state.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import { cnnModel } from '../nn/cnn-test-support.ts';
import { parseModelFile, serializeModel } from './index.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

/** Every tensor of a layer, by key, to compare models value by value. */
function tensorsOf(layer: Layer): Record<string, Tensor> {
  switch (layer.type) {
    case 'dense':
    case 'conv2d':
      return { weights: layer.weights, biases: layer.biases };
    case 'batchnorm':
      return {
        gamma: layer.gamma,
        beta: layer.beta,
        runningMean: layer.runningMean,
        runningVar: layer.runningVar,
      };
    default:
      return {};
  }
}

function expectSameFloat32(actual: Tensor, expected: Tensor, where: string): void {
  expect(actual.dtype, where).toBe('float32');
  expect(actual.shape, where).toEqual(expected.shape);
  expect(actual.data.length, where).toBe(expected.data.length);
  const differ = expected.data.findIndex((v, i) => !Object.is(actual.data[i], v));
  expect(differ, `${where}: first differing value`).toBe(-1);
}

function expectSameCnn(actual: Model, expected: Model): void {
  expect(runnableNetwork(actual).layers.length).toBe(runnableNetwork(expected).layers.length);
  runnableNetwork(expected).layers.forEach((layer, i) => {
    const other = runnableNetwork(actual).layers[i]!;
    const tensors = tensorsOf(layer);
    for (const [key, t] of Object.entries(tensors)) {
      expectSameFloat32(tensorsOf(other)[key]!, t, `layers[${i}].${key}`);
    }
    const plain = (l: Layer) =>
      Object.fromEntries(Object.entries(l).filter(([key]) => !(key in tensors)));
    expect(plain(other)).toEqual(plain(layer));
  });
}

/** A batch of pictures of 0..255 pixel values. */
function pictures(batch: number, side: number, channels: number, seed: number): Tensor {
  const random = new RandomState(seed);
  const n = batch * side * side * channels;
  const data = Array.from({ length: n }, () => Math.floor(random.randomSample() * 256));
  return tensor(data, [batch, side, side, channels]);
}

describe('image models in model files', () => {
  it('round-trips a CNN: identical float32 values and identical forward outputs', () => {
    const model = cnnModel({ seed: 3, side: 8, channels: 3, filters: [4, 6], hidden: 5 });
    const text = serializeModel(model);
    const loaded = parseModelFile(text);
    expectSameCnn(loaded, model);
    expect(serializeModel(loaded)).toBe(text);
    const inputs = pictures(2, 8, 3, 1);
    const before = forward(runnableNetwork(model), inputs);
    const after = forward(runnableNetwork(loaded), inputs);
    expect(after.at(-1)!.shape).toEqual([2, 2]);
    after.forEach((t, i) => expectSameFloat32(t, before[i]!, `output ${i + 1}`));
  });

  it('writes float32 values in their shortest form', () => {
    const text = fixture('cnn-v4.json');
    expect(text).toContain('"biases": [0.003130677, -0.008540957],');
    // A float64 digit string of a float32 value would have ~17 significant digits.
    expect(text).not.toMatch(/\d\.\d{12,}/);
    expect(serializeModel(parseModelFile(text))).toBe(text);
    expect(serializeModel(parseModelFile(fixture('cnn-v3.json')))).toBe(text);
  });

  it("loads an image model's Dense layers as float32 and a Dense model's as float64", () => {
    const cnn = runnableNetwork(parseModelFile(fixture('cnn-v3.json'))).layers;
    const dense = cnn.find((layer) => layer.type === 'dense');
    expect(dense?.type === 'dense' && dense.weights.dtype).toBe('float32');
    const notebook = runnableNetwork(parseModelFile(fixture('notebook-v3.json'))).layers[1]!;
    expect(notebook.type === 'dense' && notebook.weights.dtype).toBe('float64');
  });

  it('writes float64 Dense weights of an image model as the float32 values they load as', () => {
    const model = cnnModel();
    const layers = runnableNetwork(model).layers.map((layer) =>
      layer.type === 'dense'
        ? {
            ...layer,
            weights: {
              ...layer.weights,
              dtype: 'float64' as const,
              data: Float64Array.from(layer.weights.data, (x) => x + 1e-12),
            },
          }
        : layer,
    );
    const loaded = parseModelFile(serializeModel(chainModel({ ...model, network: { layers } })));
    const index = layers.findIndex((layer) => layer.type === 'dense');
    const original = runnableNetwork(model).layers[index]!;
    const reloaded = runnableNetwork(loaded).layers[index]!;
    if (original.type !== 'dense' || reloaded.type !== 'dense') throw new Error('expected dense');
    expectSameFloat32(reloaded.weights, original.weights, 'dense weights');
  });

  it('refuses to save examples in an image model', () => {
    const model = cnnModel();
    const examples = [{ name: 'x', inputs: tensor([1], [1, 1]) }];
    expect(() => serializeModel({ ...model, examples })).toThrow(
      "examples: expected none: an image model's inputs are pictures from a data set",
    );
  });

  // 601,426 random float32 parameters take about 7.9 MB (≈ 13 bytes each: ~8.7 significant
  // digits, "0.0", a sign half the time and ", "). 5 MB is out of reach for lossless decimals:
  // it leaves 8.3 bytes per value. See docs/model-format.md, Limits.
  it('writes a CNN of ~600k random float32 parameters in about 8 MB, well under the 64 MiB limit', () => {
    const model = cnnModel({ seed: 5, side: 64, channels: 3, filters: [32, 64, 128], hidden: 64 });
    const parameters = runnableNetwork(model)
      .layers.flatMap((layer) => Object.values(tensorsOf(layer)))
      .reduce((sum, t) => sum + t.data.length, 0);
    expect(parameters).toBeGreaterThan(550_000);
    expect(parameters).toBeLessThan(650_000);
    const text = serializeModel(model);
    const bytes = text.length; // ASCII: one byte per character
    console.log(`${parameters} float32 parameters: ${(bytes / 1e6).toFixed(2)} MB`);
    expect(bytes / parameters).toBeLessThan(14);
    const loaded = parseModelFile(text);
    expect(runnableNetwork(loaded).layers.length).toBe(runnableNetwork(model).layers.length);
  });
});
