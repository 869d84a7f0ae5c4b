import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../layers/index.ts';
import type { Model, TrainingRecord } from '../nn/model.ts';
import { notebookNetwork } from '../net/init.ts';
import { fromNested, tensor, type Tensor } from '../tensor/tensor.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../worker/train-types.ts';
import { ModelFileError, parseModelFile, serializeModel } from './index.ts';

type MutableTraining = {
  settings: TrainSettings;
  history: { loss: number[]; validationLoss: (number | null)[] };
} & TrainingRecord;

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

const notebookBatch = fromNested([
  [1, 2, 3, 2.5],
  [2, 5, -1, 2],
  [-1.5, 2.7, 3.3, -0.8],
]);

function notebookModel(): Model {
  return {
    network: notebookNetwork({ seed: 0, sizes: [4, 5, 2], activations: ['relu', 'softmax'] }),
    examples: [{ name: 'notebook batch', inputs: notebookBatch }],
    metadata: { name: 'Notebook 4-5-2', created: '2026-11-26T10:00:00.000Z', seed: 0 },
  };
}

/** Same shapes and the same float64 bits: Object.is tells -0 from 0. */
function expectSameTensor(actual: Tensor, expected: Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe('float64');
  expect(actual.data.length).toBe(expected.data.length);
  expected.data.forEach((value, i) => {
    if (!Object.is(actual.data[i], value)) {
      throw new Error(`value ${i}: expected ${value}, found ${actual.data[i]}`);
    }
  });
}

function expectSameModel(actual: Model, expected: Model): void {
  expect(actual.metadata).toEqual(expected.metadata);
  expect(actual.network.layers.map((l) => l.type)).toEqual(
    expected.network.layers.map((l) => l.type),
  );
  expected.network.layers.forEach((layer, i) => {
    const other = actual.network.layers[i]!;
    if (layer.type === 'dense' && other.type === 'dense') {
      expectSameTensor(other.weights, layer.weights);
      expectSameTensor(other.biases, layer.biases);
    } else {
      expect(other).toEqual(layer);
    }
  });
  expect(actual.examples.map((e) => e.name)).toEqual(expected.examples.map((e) => e.name));
  expected.examples.forEach((e, i) => expectSameTensor(actual.examples[i]!.inputs, e.inputs));
  // toEqual compares numbers with Object.is, so -0 and 0 differ.
  expect(actual.layout).toEqual(expected.layout);
}

describe('serializeModel and parseModelFile', () => {
  it("round-trips the notebook's 4-5-2 network bit for bit", () => {
    const model = {
      network: notebookNetwork({ seed: 0, sizes: [4, 5, 2] }),
      examples: [{ name: 'notebook batch', inputs: notebookBatch }],
      metadata: { name: 'Notebook 4-5-2', seed: 0 },
    };
    expectSameModel(parseModelFile(serializeModel(model)), model);
  });

  it('round-trips a network with every activation', () => {
    const model: Model = {
      network: notebookNetwork({ seed: 7, sizes: [3, 6, 5, 4, 3, 2], activations: ACTIVATIONS }),
      examples: [],
      metadata: { description: 'one of each', trained: false, epochs: 12 },
    };
    const parsed = parseModelFile(serializeModel(model));
    expect(parsed.network.layers.map((l) => l.type)).toEqual([
      'input',
      'dense',
      'relu',
      'dense',
      'sigmoid',
      'dense',
      'tanh',
      'dense',
      'softmax',
      'dense',
    ]);
    expectSameModel(parsed, model);
  });

  it('keeps awkward float64 values: -0, subnormals, the largest double, 0.1 + 0.2', () => {
    const values = [
      -0,
      0,
      5e-324,
      -2.2250738585072014e-308,
      1.7976931348623157e308,
      0.1 + 0.2,
      1e21,
    ];
    const model: Model = {
      network: {
        layers: [
          { type: 'input', units: 1 },
          { type: 'dense', weights: tensor(values, [1, 7]), biases: tensor(values, [7]) },
        ],
      },
      examples: [{ name: 'minus zero', inputs: tensor([-0], [1, 1]) }],
      metadata: {},
    };
    const text = serializeModel(model);
    expect(text).toContain(
      '[-0, 0, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e+308, 0.30000000000000004, 1e+21]',
    );
    expectSameModel(parseModelFile(text), model);
  });

  it('writes float32 tensors exactly; they reload as float64 with the same values', () => {
    const weights = tensor([0.1, -0.2], [1, 2], 'float32');
    const model: Model = {
      network: {
        layers: [
          { type: 'input', units: 1 },
          { type: 'dense', weights, biases: tensor([0, 0], [2], 'float32') },
        ],
      },
      examples: [],
      metadata: {},
    };
    const dense = parseModelFile(serializeModel(model)).network.layers[1]!;
    if (dense.type !== 'dense') throw new Error('expected a dense layer');
    expect(Array.from(dense.weights.data)).toEqual(Array.from(weights.data));
  });

  it('keeps layer positions exactly, each on one line, and leaves out the missing ones', () => {
    const model: Model = {
      ...notebookModel(),
      layout: [{ x: 10, y: 20 }, { x: -0, y: 0.1 + 0.2 }, null, { x: 1e21, y: -5e-324 }, null],
    };
    const text = serializeModel(model);
    expect(text).toContain('\n      "type": "input",\n      "position": { "x": 10, "y": 20 },\n');
    expect(text).toContain('\n      "position": { "x": -0, "y": 0.30000000000000004 },\n');
    expect(text).toContain('\n    { "type": "relu" },\n');
    expect(text).toContain('\n    { "type": "softmax" }\n');
    expect(text).toContain('\n      "position": { "x": 1e+21, "y": -5e-324 },\n');
    expectSameModel(parseModelFile(text), model);
    expect(serializeModel(parseModelFile(text))).toBe(text);
  });

  it('writes the documented layout: one row per line, small objects inline, a final newline', () => {
    const text = serializeModel(notebookModel());
    expect(text).toBe(fixture('notebook-v3.json'));
    expect(text).not.toContain('"training"');
    expect(text).toContain('\n    { "type": "input", "units": 4 },\n');
    expect(text).toContain(
      '\n        [0.1764052345967664, 0.040015720836722335, 0.09787379841057392, 0.2240893199201458, 0.18675579901499675],\n',
    );
    expect(serializeModel(parseModelFile(text))).toBe(text);
  });

  it('writes the training record after the examples: settings and each curve on one line', () => {
    const text = fixture('notebook-v3-trained.json');
    const model = parseModelFile(text);
    expect(serializeModel(model)).toBe(text);
    expect(text).toContain(
      '\n  ],\n  "training": {\n    "dataset": "sensors.csv",\n    "settings": { "optimizer": "adam", "learningRate": 0.05, "decay": 5e-7, "momentum": 0.9, "batchSize": 4, "epochs": 3, "seed": 0, "validationSplit": 0.2 },\n    "history": {\n      "step": [1, 2, 3, 4, 5, 6],\n',
    );
    expect(text).toContain(
      '\n      "validationAccuracy": [null, 0.5, null, 0.5, null, 1]\n    }\n  }\n}\n',
    );
    expect(model.training!.history.validationLoss).toEqual([
      null,
      0.6904391817453204,
      null,
      0.6622417361068342,
      null,
      0.6319022540283751,
    ]);
  });

  it('round-trips a training record bit for bit, nulls kept', () => {
    const values = [-0, 5e-324, 0.1 + 0.2, 1.7976931348623157e308, 1e-7];
    const training: TrainingRecord = {
      dataset: 'iris.csv',
      settings: {
        optimizer: 'sgd',
        learningRate: 0.1 + 0.2,
        decay: -0,
        momentum: 5e-324,
        batchSize: 32,
        epochs: 4294967295,
        seed: 4294967295,
        validationSplit: 0.5,
      },
      history: {
        step: [0, 1, 2, 10, 9007199254740991],
        loss: values,
        accuracy: [0, -0, 5e-324, 1 / 3, 1],
        validationLoss: [null, ...values.slice(1)],
        validationAccuracy: [1 / 3, null, null, null, -0],
      },
    };
    const model: Model = { ...notebookModel(), training };
    const text = serializeModel(model);
    expect(text).toContain(
      '\n      "loss": [-0, 5e-324, 0.30000000000000004, 1.7976931348623157e+308, 1e-7],\n',
    );
    const parsed = parseModelFile(text);
    expectSameModel(parsed, model);
    // toEqual compares numbers with Object.is, so -0 and 0 differ.
    expect(parsed.training).toEqual(training);
    expect(serializeModel(parsed)).toBe(text);
  });

  it('writes the settings in a fixed order and no other keys', () => {
    const settings = { ...DEFAULT_SETTINGS, extra: true } as TrainSettings;
    const history = {
      step: [],
      loss: [],
      accuracy: [],
      validationLoss: [],
      validationAccuracy: [],
    };
    const text = serializeModel({
      ...notebookModel(),
      training: { dataset: 'x', settings, history },
    });
    expect(text).toContain(
      '"settings": { "optimizer": "adam", "learningRate": 0.02, "decay": 0.00001, "momentum": 0.9, "batchSize": 0, "epochs": 3000, "seed": 0, "validationSplit": 0 },',
    );
    expect(text).toContain('\n      "step": [],\n');
  });

  it("docs/model-format.md's examples (Dense and CNN) are model files in exactly the written layout", () => {
    const doc = readFileSync(new URL('../../docs/model-format.md', import.meta.url), 'utf8');
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(examples.length).toBe(2);
    for (const example of examples) expect(serializeModel(parseModelFile(example))).toBe(example);
  });

  it('refuses to save non-finite numbers, naming where they are', () => {
    const model = notebookModel();
    const dense = model.network.layers[1]!;
    if (dense.type !== 'dense') throw new Error('expected a dense layer');
    dense.weights.data[7] = NaN;
    expect(() => serializeModel(model)).toThrow(
      new ModelFileError(
        'layers[1].weights[1][2]',
        'expected a finite number, found NaN — cannot save non-finite numbers',
      ),
    );
    const withInfinity = { ...notebookModel(), metadata: { loss: Infinity } };
    expect(() => serializeModel(withInfinity)).toThrow(
      'metadata.loss: expected a finite number, found Infinity — cannot save non-finite numbers',
    );
    const movedAway = { ...notebookModel(), layout: [null, { x: 0, y: NaN }] };
    expect(() => serializeModel(movedAway)).toThrow(
      'layers[1].position.y: expected a finite number, found NaN — cannot save non-finite numbers',
    );
  });

  it('refuses to save a training record with non-finite numbers, naming where they are', () => {
    const trained = (change: (training: MutableTraining) => void): Model => {
      const training = parseModelFile(fixture('notebook-v3-trained.json')).training!;
      const copy = structuredClone(training) as MutableTraining;
      change(copy);
      return { ...notebookModel(), training: copy };
    };
    expect(() => serializeModel(trained((t) => (t.history.loss[4] = NaN)))).toThrow(
      new ModelFileError(
        'training.history.loss[4]',
        'expected a finite number, found NaN — cannot save non-finite numbers',
      ),
    );
    expect(() => serializeModel(trained((t) => (t.history.validationLoss[1] = -Infinity)))).toThrow(
      'training.history.validationLoss[1]: expected a finite number, found -Infinity — cannot save non-finite numbers',
    );
    expect(() => serializeModel(trained((t) => (t.settings.learningRate = Infinity)))).toThrow(
      'training.settings.learningRate: expected a finite number, found Infinity — cannot save non-finite numbers',
    );
  });

  it('refuses to save a training record that would not load again', () => {
    const training = parseModelFile(fixture('notebook-v3-trained.json')).training!;
    const short = { ...training, history: { ...training.history, loss: [0.5] } };
    expect(() => serializeModel({ ...notebookModel(), training: short })).toThrow(
      new ModelFileError(
        'training.history.loss',
        'expected 6 entries like training.history.step, found 1',
      ),
    );
  });
});
