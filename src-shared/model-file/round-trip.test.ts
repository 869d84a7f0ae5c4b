import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../layers/index.ts';
import { chainModel, type Model, type TrainingRecord } from '../nn/model.ts';
import { notebookNetwork } from '../net/init.ts';
import { fromNested, tensor, type Tensor } from '../tensor/tensor.ts';
import { FEATURE_DEFAULTS, type TrainingSettings } from '../train/settings.ts';
import { ModelFileError, parseModelFile, serializeModel } from './index.ts';

type MutableTraining = {
  settings: TrainingSettings;
  curves: { loss: number[]; validationLoss: (number | null)[] };
} & TrainingRecord;

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

const notebookBatch = fromNested([
  [1, 2, 3, 2.5],
  [2, 5, -1, 2],
  [-1.5, 2.7, 3.3, -0.8],
]);

function notebookModel(): Model {
  return chainModel({
    network: notebookNetwork({ seed: 0, sizes: [4, 5, 2], activations: ['relu', 'softmax'] }),
    examples: [{ name: 'notebook batch', inputs: notebookBatch }],
    metadata: { name: 'Notebook 4-5-2', created: '2026-11-26T10:00:00.000Z', seed: 0 },
  });
}

/** A training record with every part filled in. */
function trainingRecord(): TrainingRecord {
  return {
    weightcraft: '0.1.0',
    started: '2026-11-26T10:00:00.000Z',
    ended: '2026-11-26T10:00:01.000Z',
    data: { name: 'iris.csv', hash: 'fnv1a64:0123456789abcdef', training: 120, validation: 30 },
    settings: { ...FEATURE_DEFAULTS, epochs: 2 },
    final: {
      epochs: 2,
      steps: 2,
      loss: 0.5,
      accuracy: 0.75,
      validationLoss: 0.6,
      validationAccuracy: 0.7,
      validationRight: 21,
      validationTotal: 30,
    },
    classNames: ['setosa', 'versicolor', 'virginica'],
    preprocessing: {
      kind: 'features',
      normalization: 'min-max',
      offset: [4.3, 2, 1, 0.1],
      scale: [3.6, 2.4, 5.9, 2.4],
    },
    curves: {
      step: [1, 2],
      loss: [1, 0.5],
      accuracy: [0.5, 0.75],
      validationLoss: [null, 0.6],
      validationAccuracy: [null, 0.7],
    },
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
  expect(actual.nodes.map((n) => [n.id, n.layer.type])).toEqual(
    expected.nodes.map((n) => [n.id, n.layer.type]),
  );
  expect(actual.wires).toEqual(expected.wires);
  expected.nodes.forEach(({ layer }, i) => {
    const other = actual.nodes[i]!.layer;
    if (layer.type === 'dense' && other.type === 'dense') {
      if (layer.weights === null || other.weights === null) {
        expect(other.weights).toBe(layer.weights);
      } else expectSameTensor(other.weights, layer.weights);
      expectSameTensor(other.biases, layer.biases);
    } else {
      expect(other).toEqual(layer);
    }
  });
  expect(actual.examples.map((e) => e.name)).toEqual(expected.examples.map((e) => e.name));
  expected.examples.forEach((e, i) => expectSameTensor(actual.examples[i]!.inputs, e.inputs));
  // toEqual compares numbers with Object.is, so -0 and 0 differ.
  expect(actual.nodes.map((n) => n.position)).toEqual(expected.nodes.map((n) => n.position));
}

describe('serializeModel and parseModelFile', () => {
  it("round-trips the notebook's 4-5-2 network bit for bit", () => {
    const model = chainModel({
      network: notebookNetwork({ seed: 0, sizes: [4, 5, 2] }),
      examples: [{ name: 'notebook batch', inputs: notebookBatch }],
      metadata: { name: 'Notebook 4-5-2', seed: 0 },
    });
    expectSameModel(parseModelFile(serializeModel(model)), model);
  });

  it('round-trips a network with every activation', () => {
    const model = chainModel({
      network: notebookNetwork({ seed: 7, sizes: [3, 6, 5, 4, 3, 2], activations: ACTIVATIONS }),
      metadata: { description: 'one of each', trained: false, epochs: 12 },
    });
    const parsed = parseModelFile(serializeModel(model));
    expect(parsed.nodes.map((n) => n.layer.type)).toEqual([
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
    const model = chainModel({
      network: {
        layers: [
          { type: 'input', units: 1 },
          { type: 'dense', weights: tensor(values, [1, 7]), biases: tensor(values, [7]) },
        ],
      },
      examples: [{ name: 'minus zero', inputs: tensor([-0], [1, 1]) }],
    });
    const text = serializeModel(model);
    expect(text).toContain(
      '[-0, 0, 5e-324, -2.2250738585072014e-308, 1.7976931348623157e+308, 0.30000000000000004, 1e+21]',
    );
    expectSameModel(parseModelFile(text), model);
  });

  it('writes float32 tensors exactly; they reload as float64 with the same values', () => {
    const weights = tensor([0.1, -0.2], [1, 2], 'float32');
    const model = chainModel({
      network: {
        layers: [
          { type: 'input', units: 1 },
          { type: 'dense', weights, biases: tensor([0, 0], [2], 'float32') },
        ],
      },
    });
    const dense = parseModelFile(serializeModel(model)).nodes[1]!.layer;
    if (dense.type !== 'dense' || !dense.weights) throw new Error('expected a dense layer');
    expect(Array.from(dense.weights.data)).toEqual(Array.from(weights.data));
  });

  it('keeps layer positions exactly, each on one line, and leaves out the missing ones', () => {
    const model = chainModel({
      ...notebookModel(),
      network: notebookNetwork({ seed: 0, sizes: [4, 5, 2], activations: ['relu', 'softmax'] }),
      layout: [{ x: 10, y: 20 }, { x: -0, y: 0.1 + 0.2 }, null, { x: 1e21, y: -5e-324 }, null],
    });
    const text = serializeModel(model);
    expect(text).toContain(
      '\n      "type": "input",\n      "id": "n1",\n      "position": { "x": 10, "y": 20 },\n',
    );
    expect(text).toContain('\n      "position": { "x": -0, "y": 0.30000000000000004 },\n');
    expect(text).toContain('\n    { "type": "relu", "id": "n3" },\n');
    expect(text).toContain('\n    { "type": "softmax", "id": "n5" }\n');
    expect(text).toContain('\n      "position": { "x": 1e+21, "y": -5e-324 },\n');
    expectSameModel(parseModelFile(text), model);
    expect(serializeModel(parseModelFile(text))).toBe(text);
  });

  it('writes the documented layout: one row per line, small objects inline, a final newline', () => {
    const text = serializeModel(notebookModel());
    expect(text).toBe(fixture('notebook-v4.json'));
    expect(text).not.toContain('"training"');
    expect(text).toContain('\n    { "type": "input", "id": "n1", "units": 4 },\n');
    expect(text).toContain('\n  "wires": [\n    { "from": "n1", "to": "n2" },\n');
    expect(text).toContain(
      '\n        [0.1764052345967664, 0.040015720836722335, 0.09787379841057392, 0.2240893199201458, 0.18675579901499675],\n',
    );
    expect(serializeModel(parseModelFile(text))).toBe(text);
  });

  it('writes the training record after the examples: its short parts and each curve on one line', () => {
    const text = fixture('notebook-v4-trained.json');
    const model = parseModelFile(text);
    expect(serializeModel(model)).toBe(text);
    expect(text).toContain(
      '\n  ],\n  "training": {\n    "weightcraft": null,\n    "started": null,\n    "ended": null,\n    "data": { "name": "sensors.csv", "hash": null, "training": null, "validation": null },\n    "settings": { "optimizer": "adam", "learningRate": 0.05, "schedule": "inverse-time", ',
    );
    expect(text).toContain('\n    "curves": {\n      "step": [1, 2, 3, 4, 5, 6],\n');
    expect(text).toContain(
      '\n      "validationAccuracy": [null, 0.5, null, 0.5, null, 1]\n    }\n  }\n}\n',
    );
    expect(model.training!.curves.validationLoss).toEqual([
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
      ...trainingRecord(),
      settings: {
        ...FEATURE_DEFAULTS,
        optimizer: 'sgd',
        learningRate: 0.1 + 0.2,
        decay: -0,
        momentum: 5e-324,
        batchSize: 32,
        epochs: 4294967295,
        seed: 4294967295,
        validationSplit: 0.5,
      },
      curves: {
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
    const unknown: TrainingRecord = {
      ...trainingRecord(),
      weightcraft: null,
      started: null,
      ended: null,
      classNames: null,
      preprocessing: null,
      data: { name: 'spiral:3x100', hash: null, training: null, validation: null },
    };
    expect(parseModelFile(serializeModel({ ...model, training: unknown })).training).toEqual(
      unknown,
    );
  });

  it('writes the settings in a fixed order and no other keys', () => {
    const settings = { extra: true, ...FEATURE_DEFAULTS } as TrainingSettings;
    const text = serializeModel({
      ...notebookModel(),
      training: { ...trainingRecord(), settings },
    });
    expect(text).toContain(
      '"settings": { "optimizer": "adam", "learningRate": 0.02, "schedule": "inverse-time", "decay": 0.00001, "momentum": 0.9, "nesterov": false, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7, "weightDecay": 0, "loss": "categorical-crossentropy", "labelSmoothing": 0, "augment": { "shift": 0, "flip": false }, "batchSize": 0, "epochs": 3000, "seed": 0, "validationSplit": 0, "precision": "float64" },',
    );
    expect(text).not.toContain('extra');
  });

  it("docs/model-format.md's examples (Dense, pending layers, CNN) are model files in exactly the written layout", () => {
    const doc = readFileSync(new URL('../../docs/model-format.md', import.meta.url), 'utf8');
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1]!);
    expect(examples.length).toBe(3);
    for (const example of examples) expect(serializeModel(parseModelFile(example))).toBe(example);
  });

  it('refuses to save non-finite numbers, naming where they are', () => {
    const model = notebookModel();
    const dense = model.nodes[1]!.layer;
    if (dense.type !== 'dense' || !dense.weights) throw new Error('expected a dense layer');
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
    const movedAway = chainModel({
      ...notebookModel(),
      network: notebookNetwork({ seed: 0, sizes: [4, 5, 2] }),
      layout: [null, { x: 0, y: NaN }],
    });
    expect(() => serializeModel(movedAway)).toThrow(
      'layers[1].position.y: expected a finite number, found NaN — cannot save non-finite numbers',
    );
  });

  it('refuses to save a training record with non-finite numbers, naming where they are', () => {
    const trained = (change: (training: MutableTraining) => void): Model => {
      const training = parseModelFile(fixture('notebook-v4-trained.json')).training!;
      const copy = structuredClone(training) as MutableTraining;
      change(copy);
      return { ...notebookModel(), training: copy };
    };
    expect(() => serializeModel(trained((t) => (t.curves.loss[4] = NaN)))).toThrow(
      new ModelFileError(
        'training.curves.loss[4]',
        'expected a finite number, found NaN — cannot save non-finite numbers',
      ),
    );
    expect(() => serializeModel(trained((t) => (t.curves.validationLoss[1] = -Infinity)))).toThrow(
      'training.curves.validationLoss[1]: expected a finite number, found -Infinity — cannot save non-finite numbers',
    );
    expect(() => serializeModel(trained((t) => (t.settings.learningRate = Infinity)))).toThrow(
      'training.settings.learningRate: expected a finite number, found Infinity — cannot save non-finite numbers',
    );
  });

  it('refuses to save a training record that would not load again', () => {
    const training = parseModelFile(fixture('notebook-v4-trained.json')).training!;
    const short = { ...training, curves: { ...training.curves, loss: [0.5] } };
    expect(() => serializeModel({ ...notebookModel(), training: short })).toThrow(
      new ModelFileError(
        'training.curves.loss',
        'expected 6 entries like training.curves.step, found 1',
      ),
    );
  });
});
