import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, ModelFileError, parseModelFile, validateModel } from './index.ts';

type Doc = Record<string, unknown> & {
  layers: Record<string, unknown>[];
  wires: Record<string, unknown>[];
};

/** Input 4 → Dense 4×3 → ReLU, with one example of two samples. */
function validDoc(): Doc {
  return {
    format: 'weightcraft-model',
    version: 4,
    metadata: { name: 'small', created: '2026-11-26T10:00:00.000Z', seed: 0 },
    layers: [
      { type: 'input', id: 'n1', units: 4 },
      {
        type: 'dense',
        id: 'n2',
        weights: [
          [0.1, 0.2, 0.3],
          [0.4, 0.5, 0.6],
          [0.7, 0.8, 0.9],
          [1.0, 1.1, 1.2],
        ],
        biases: [0, 0, 0],
      },
      { type: 'relu', id: 'n3' },
    ],
    wires: [
      { from: 'n1', to: 'n2' },
      { from: 'n2', to: 'n3' },
    ],
    examples: [
      {
        name: 'two samples',
        inputs: [
          [1, 2, 3, 2.5],
          [2, 5, -1, 2],
        ],
      },
    ],
  };
}

/** The error that parsing the text (or the document written as JSON) throws. */
function refusal(input: string | object): ModelFileError {
  try {
    parseModelFile(typeof input === 'string' ? input : JSON.stringify(input));
  } catch (error) {
    if (error instanceof ModelFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

function withDoc(change: (doc: Doc) => void): Doc {
  const doc = validDoc();
  change(doc);
  return doc;
}

/** Three steps of one-step epochs with a validation split: validation at every step's end. */
function validTraining() {
  return {
    weightcraft: '0.1.0',
    started: '2026-11-26T10:00:00.000Z',
    ended: '2026-11-26T10:00:01.000Z',
    data: { name: 'spiral:3x100', hash: null, training: 150, validation: 150 },
    settings: {
      optimizer: 'sgd',
      learningRate: 1,
      schedule: 'inverse-time',
      decay: 1e-3,
      momentum: 0.5,
      nesterov: false,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      weightDecay: 0,
      loss: 'categorical-crossentropy',
      labelSmoothing: 0,
      augment: { shift: 0, flip: false },
      batchSize: 0,
      epochs: 3,
      seed: 4294967295,
      validationSplit: 0.5,
      precision: 'float64',
    },
    final: {
      epochs: 3,
      steps: 3,
      loss: 0.97,
      accuracy: 1,
      validationLoss: 1.07,
      validationAccuracy: 0.45,
      validationRight: 68,
      validationTotal: 150,
    },
    classNames: null as string[] | null,
    preprocessing: null as object | null,
    curves: {
      step: [1, 2, 3],
      loss: [1.0986, 1.05, 0.97],
      accuracy: [0, 0.5, 1],
      validationLoss: [null, 1.07, null],
      validationAccuracy: [null, 0.45, null],
    },
  };
}

type Training = ReturnType<typeof validTraining> & Record<string, unknown>;

function withTraining(change: (training: Training) => void): Doc {
  const training: Training = validTraining();
  change(training);
  return { ...validDoc(), training };
}

describe('validation messages: path, what was expected, what was found', () => {
  it('accepts the valid document', () => {
    const model = parseModelFile(JSON.stringify(validDoc()));
    expect(model.nodes.map((n) => [n.id, n.layer.type])).toEqual([
      ['n1', 'input'],
      ['n2', 'dense'],
      ['n3', 'relu'],
    ]);
    expect(model.wires).toEqual([
      { from: 'n1', to: 'n2' },
      { from: 'n2', to: 'n3' },
    ]);
    expect(model.examples[0]!.inputs.shape).toEqual([2, 4]);
    expect(model.metadata).toEqual({ name: 'small', created: '2026-11-26T10:00:00.000Z', seed: 0 });
  });

  it('accepts dates in the ISO 8601 forms people and programs write', () => {
    for (const created of [
      '2026-11-26',
      '2026-11-26T10:00',
      '2026-11-26T10:00:00.123456',
      '2026-11-26T10:00:00+01:00',
      '2024-02-29T23:59:59.999Z',
    ]) {
      const doc = validDoc();
      (doc.metadata as Record<string, unknown>).created = created;
      expect(validateModel(doc).metadata.created).toBe(created);
    }
  });

  it('accepts a hand-written file without metadata or examples', () => {
    const doc: Partial<Doc> = validDoc();
    delete doc.metadata;
    delete doc.examples;
    const model = parseModelFile(JSON.stringify(doc));
    expect(model.metadata).toEqual({});
    expect(model.examples).toEqual([]);
  });

  it('reads layer positions, null where a layer has none', () => {
    const doc = withDoc((d) => {
      d.layers[0]!.position = { x: 10, y: 20 };
      d.layers[2]!.position = { y: -0.5, x: 1e3 };
    });
    expect(parseModelFile(JSON.stringify(doc)).nodes.map((n) => n.position)).toEqual([
      { x: 10, y: 20 },
      null,
      { x: 1000, y: -0.5 },
    ]);
  });

  it('reads the training record, and leaves it out when the file has none', () => {
    const model = parseModelFile(JSON.stringify({ ...validDoc(), training: validTraining() }));
    expect(model.training).toEqual(validTraining());
    expect('training' in parseModelFile(JSON.stringify(validDoc()))).toBe(false);
    const empty = withTraining(
      (t) =>
        (t.curves = {
          ...t.curves,
          step: [],
          loss: [],
          accuracy: [],
          validationLoss: [],
          validationAccuracy: [],
        }),
    );
    expect(parseModelFile(JSON.stringify(empty)).training!.curves.step).toEqual([]);
    const images = withTraining((t) => {
      t.classNames = ['Cat', 'Dog'];
      t.preprocessing = {
        kind: 'image',
        height: 64,
        width: 64,
        channels: 3,
        mean: [0.485, 0.456, 0.406],
        std: [0.229, 0.224, 0.225],
        testFlip: true,
      };
    });
    expect(parseModelFile(JSON.stringify(images)).training).toEqual(images.training);
  });

  const cases: [string, Doc | object, string, string][] = [
    [
      'a position written as text',
      withDoc((d) => (d.layers[1]!.position = { x: 'a', y: 20 })),
      'layers[1].position.x',
      'layers[1].position.x: expected a finite number, found the text "a"',
    ],
    [
      'a position without y',
      withDoc((d) => (d.layers[0]!.position = { x: 0 })),
      'layers[0].position.y',
      'layers[0].position.y: expected a finite number, found nothing (the key is missing)',
    ],
    [
      'an unknown key in a position',
      withDoc((d) => (d.layers[2]!.position = { x: 0, y: 0, z: 1 })),
      'layers[2].position.z',
      'layers[2].position.z: unknown key "z", allowed keys are x, y',
    ],
    [
      'a position written as a list',
      withDoc((d) => (d.layers[1]!.position = [10, 20])),
      'layers[1].position',
      'layers[1].position: expected an object {"x": number, "y": number}, found a list of 2',
    ],
    [
      'a null position',
      withDoc((d) => (d.layers[2]!.position = null)),
      'layers[2].position',
      'layers[2].position: expected an object {"x": number, "y": number}, found null',
    ],
    [
      'transposed weights',
      withDoc(
        (d) =>
          (d.layers[1]!.weights = [
            [1, 2, 3, 4],
            [5, 6, 7, 8],
            [9, 10, 11, 12],
          ]),
      ),
      'layers[1].weights',
      'layers[1].weights: expected a matrix of 3 columns (n_inputs × n_neurons, one column per bias), found 3×4 — transposed?',
    ],
    [
      'biases that do not match the weights',
      withDoc((d) => (d.layers[1]!.biases = [0, 0])),
      'layers[1].weights',
      'layers[1].weights: expected a matrix of 2 columns (n_inputs × n_neurons, one column per bias), found 4×3',
    ],
    [
      'weights written as one flat list',
      withDoc((d) => (d.layers[1]!.weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])),
      'layers[1].weights',
      'layers[1].weights: expected a matrix of 3 columns (n_inputs × n_neurons, one column per bias), found a list of 12 numbers, not a list of rows',
    ],
    [
      'ragged weights',
      withDoc((d) => ((d.layers[1]!.weights as number[][])[2] = [0.7, 0.8])),
      'layers[1].weights[2]',
      'layers[1].weights[2]: expected 3 numbers like layers[1].weights[0], found 2 (ragged rows)',
    ],
    [
      'a number written as text',
      withDoc((d) => ((d.layers[1]!.weights as unknown[][])[0]![1] = '0.2')),
      'layers[1].weights[0][1]',
      'layers[1].weights[0][1]: expected a number, found the text "0.2"',
    ],
    [
      'a NaN written as text',
      withDoc((d) => ((d.layers[1]!.biases as unknown[])[0] = 'NaN')),
      'layers[1].biases[0]',
      'layers[1].biases[0]: expected a number, found the text "NaN"',
    ],
    [
      'a missing key',
      withDoc((d) => delete d.layers[1]!.biases),
      'layers[1].biases',
      'layers[1].biases: expected a list of numbers, one per neuron, found nothing (the key is missing)',
    ],
    [
      'a typo in a key',
      withDoc((d) => ((d.layers[1]!.weight = d.layers[1]!.weights), delete d.layers[1]!.weights)),
      'layers[1].weight',
      'layers[1].weight: unknown key "weight", allowed keys are type, id, position, weights, biases',
    ],
    [
      'an unknown key at the top',
      withDoc((d) => (d.layer = [])),
      'layer',
      'layer: unknown key "layer", allowed keys are format, version, metadata, layers, wires, examples, training',
    ],
    [
      'an unknown key on an activation',
      withDoc((d) => (d.layers[2]!.alpha = 0.1)),
      'layers[2].alpha',
      'layers[2].alpha: unknown key "alpha", allowed keys are type, id, position',
    ],
    [
      'an unknown layer type',
      withDoc((d) => (d.layers[2] = { type: 'conv', id: 'n3' })),
      'layers[2].type',
      'layers[2].type: unknown layer type "conv", expected one of input, image-input, dense, conv2d, maxpool2d, avgpool2d, globalavgpool, flatten, batchnorm, dropout, relu, leakyrelu, sigmoid, tanh, softmax, linear, add, concatenate',
    ],
    [
      'a layer without a type',
      withDoc((d) => (d.layers[2] = { units: 3, id: 'n3' })),
      'layers[2].type',
      'layers[2].type: expected a layer type (one of input, image-input, dense, conv2d, maxpool2d, avgpool2d, globalavgpool, flatten, batchnorm, dropout, relu, leakyrelu, sigmoid, tanh, softmax, linear, add, concatenate), found nothing (the key is missing)',
    ],
    [
      'a layer that is not an object',
      withDoc((d) => (d.layers[2] = 'relu' as never)),
      'layers[2]',
      'layers[2]: expected a layer object {"type": ..., "id": ...}, found the text "relu"',
    ],
    [
      'a layer without an id',
      withDoc((d) => delete d.layers[2]!.id),
      'layers[2].id',
      "layers[2].id: expected the layer's id, text of 1 to 64 characters, found nothing (the key is missing)",
    ],
    [
      'two layers with one id',
      withDoc((d) => (d.layers[2]!.id = 'n1')),
      'layers[2].id',
      'layers[2].id: the id "n1" is already used by layers[0]',
    ],
    [
      'a wire to an unknown id',
      withDoc((d) => d.wires.push({ from: 'n3', to: 'n9' })),
      'wires[2].to',
      'wires[2].to: no layer has the id "n9"',
    ],
    [
      'layers that are not a list',
      withDoc((d) => (d.layers = {} as never)),
      'layers',
      'layers: expected a list of layers, found an object',
    ],
    [
      'units as text',
      withDoc((d) => (d.layers[0]!.units = '4')),
      'layers[0].units',
      'layers[0].units: expected a whole number of units from 1 to 1048576, found the text "4"',
    ],
    [
      'fractional units',
      withDoc((d) => (d.layers[0]!.units = 2.5)),
      'layers[0].units',
      'layers[0].units: expected a whole number of units from 1 to 1048576, found number 2.5',
    ],
    [
      'absurdly many units',
      withDoc((d) => (d.layers = [{ type: 'input', id: 'n1', units: 1e15 }])),
      'layers[0].units',
      'layers[0].units: expected a whole number of units from 1 to 1048576, found number 1000000000000000',
    ],
    [
      'a Dense layer without neurons',
      withDoc(
        (d) => (d.layers[1] = { type: 'dense', id: 'n2', weights: [[], [], [], []], biases: [] }),
      ),
      'layers[1].biases',
      'layers[1].biases: expected at least one neuron, found an empty list',
    ],
    [
      'biases as a (1, n) matrix, as the book writes them',
      withDoc((d) => (d.layers[1]!.biases = [[0, 0, 0]])),
      'layers[1].biases[0]',
      'layers[1].biases[0]: expected a number, found a list of 3',
    ],
    [
      'examples with the wrong number of features',
      withDoc((d) => ((d.examples as { inputs: unknown }[])[0]!.inputs = [[1, 2, 3]])),
      'examples[0].inputs',
      "examples[0].inputs: expected rows of 4 features (the input layer's units), found 3",
    ],
    [
      'an example that is one sample, not a batch',
      withDoc((d) => ((d.examples as { inputs: unknown }[])[0]!.inputs = [1, 2, 3, 2.5])),
      'examples[0].inputs',
      "examples[0].inputs: expected a list of rows of 4 features (the input layer's units), found a list of 4 numbers, not a list of rows",
    ],
    [
      'an example without samples',
      withDoc((d) => ((d.examples as { inputs: unknown }[])[0]!.inputs = [])),
      'examples[0].inputs',
      'examples[0].inputs: expected at least one row, found an empty list',
    ],
    [
      'an example without a name',
      withDoc((d) => delete (d.examples as { name?: string }[])[0]!.name),
      'examples[0].name',
      'examples[0].name: expected text, found nothing (the key is missing)',
    ],
    [
      'metadata holding a list',
      withDoc((d) => ((d.metadata as Record<string, unknown>).tags = ['a', 'b'])),
      'metadata.tags',
      'metadata.tags: expected text, a number, true or false, found a list of 2',
    ],
    [
      'metadata with a name that is not text',
      withDoc((d) => ((d.metadata as Record<string, unknown>).name = 42)),
      'metadata.name',
      'metadata.name: expected text, found number 42',
    ],
    [
      'a created date that is not ISO 8601',
      withDoc((d) => ((d.metadata as Record<string, unknown>).created = 'Nov 26 2026')),
      'metadata.created',
      'metadata.created: expected a date in ISO 8601 (2026-11-26T10:00:00.000Z), found the text "Nov 26 2026"',
    ],
    [
      'a modified date that is not on the calendar',
      withDoc((d) => ((d.metadata as Record<string, unknown>).modified = '2026-02-30T10:00:00Z')),
      'metadata.modified',
      'metadata.modified: expected a date in ISO 8601 (2026-11-26T10:00:00.000Z), found the text "2026-02-30T10:00:00Z"',
    ],
    [
      'metadata that is not an object',
      withDoc((d) => (d.metadata = 'notes')),
      'metadata',
      'metadata: expected an object of text, number and true/false values, found the text "notes"',
    ],
    [
      'a file of another format',
      withDoc((d) => (d.format = 'keras-model')),
      'format',
      'format: expected "weightcraft-model", found the text "keras-model" — is this a Weightcraft model?',
    ],
    [
      'some other JSON',
      { name: 'package', version: '1.0.0' },
      'format',
      'format: expected "weightcraft-model", found nothing (the key is missing) — is this a Weightcraft model?',
    ],
    [
      'a version written as text',
      withDoc((d) => (d.version = '1')),
      'version',
      'version: expected a whole number (4 for this Weightcraft), found the text "1"',
    ],
    [
      'a version from a newer Weightcraft',
      withDoc((d) => (d.version = 5)),
      'version',
      'version: the file was made by a newer Weightcraft (format version 5; this one reads up to 4), update Weightcraft to open it',
    ],
    [
      'training that is not an object',
      { ...validDoc(), training: [] },
      'training',
      'training: expected an object {"settings": ..., "curves": ..., ...}, found a list of 0',
    ],
    [
      'an unknown key in training',
      withTraining((t) => (t.epochs = 3)),
      'training.epochs',
      'training.epochs: unknown key "epochs", allowed keys are weightcraft, started, ended, data, settings, final, classNames, preprocessing, curves',
    ],
    [
      'a data set name that is not text',
      withTraining((t) => (t.data.name = null as never)),
      'training.data.name',
      "training.data.name: expected text (the data set's name or path), found null",
    ],
    [
      'settings that are missing',
      withTraining((t) => delete (t as Partial<Training>).settings),
      'training.settings',
      'training.settings: expected an object of training settings {"optimizer": ...}, found nothing (the key is missing)',
    ],
    [
      'an unknown setting',
      withTraining((t) => ((t.settings as Record<string, unknown>).warmup = 3)),
      'training.settings.warmup',
      'training.settings.warmup: unknown key "warmup", allowed keys are optimizer, learningRate, schedule, decay, momentum, nesterov, beta1, beta2, epsilon, weightDecay, loss, labelSmoothing, augment, batchSize, epochs, seed, validationSplit, precision',
    ],
    [
      'an unknown optimizer',
      withTraining((t) => (t.settings.optimizer = 'rmsprop')),
      'training.settings.optimizer',
      'training.settings.optimizer: unknown optimizer "rmsprop", expected one of sgd, adam, adamw',
    ],
    [
      'an optimizer that is not text',
      withTraining((t) => ((t.settings as Record<string, unknown>).optimizer = 1)),
      'training.settings.optimizer',
      'training.settings.optimizer: expected an optimizer (one of sgd, adam, adamw), found number 1',
    ],
    [
      'a learning rate of 0',
      withTraining((t) => (t.settings.learningRate = 0)),
      'training.settings.learningRate',
      'training.settings.learningRate: expected a finite number > 0, found number 0',
    ],
    [
      'a learning rate written as text',
      withTraining((t) => ((t.settings as Record<string, unknown>).learningRate = '0.05')),
      'training.settings.learningRate',
      'training.settings.learningRate: expected a finite number > 0, found the text "0.05"',
    ],
    [
      'a negative decay',
      withTraining((t) => (t.settings.decay = -1e-7)),
      'training.settings.decay',
      'training.settings.decay: expected a finite number ≥ 0, found number -1e-7',
    ],
    [
      'a missing momentum',
      withTraining((t) => delete (t.settings as Partial<Training['settings']>).momentum),
      'training.settings.momentum',
      'training.settings.momentum: expected a finite number ≥ 0, found nothing (the key is missing)',
    ],
    [
      'a fractional batch size',
      withTraining((t) => (t.settings.batchSize = 2.5)),
      'training.settings.batchSize',
      'training.settings.batchSize: expected a whole number from 0 to 4294967295 (0 for the whole training set), found number 2.5',
    ],
    [
      'no epochs',
      withTraining((t) => (t.settings.epochs = 0)),
      'training.settings.epochs',
      'training.settings.epochs: expected a whole number from 1 to 4294967295, found number 0',
    ],
    [
      'a seed beyond 32 bits',
      withTraining((t) => (t.settings.seed = 2 ** 32)),
      'training.settings.seed',
      'training.settings.seed: expected a whole number from 0 to 4294967295, found number 4294967296',
    ],
    [
      'a negative seed',
      withTraining((t) => (t.settings.seed = -1)),
      'training.settings.seed',
      'training.settings.seed: expected a whole number from 0 to 4294967295, found number -1',
    ],
    [
      'a validation split over one half',
      withTraining((t) => (t.settings.validationSplit = 0.6)),
      'training.settings.validationSplit',
      'training.settings.validationSplit: expected a number from 0 to 0.5, found number 0.6',
    ],
    [
      'a history that is a list',
      withTraining((t) => (t.curves = [] as never)),
      'training.curves',
      'training.curves: expected an object of lists {"step": [...], "loss": [...], ...}, found a list of 0',
    ],
    [
      'an unknown curve',
      withTraining((t) => ((t.curves as Record<string, unknown>).learningRate = [1, 1, 1])),
      'training.curves.learningRate',
      'training.curves.learningRate: unknown key "learningRate", allowed keys are step, loss, accuracy, validationLoss, validationAccuracy',
    ],
    [
      'steps that are not a list',
      withTraining((t) => ((t.curves as Record<string, unknown>).step = 3)),
      'training.curves.step',
      'training.curves.step: expected a list of step numbers, found number 3',
    ],
    [
      'steps out of order',
      withTraining((t) => (t.curves.step = [1, 3, 2])),
      'training.curves.step[2]',
      'training.curves.step[2]: expected a whole number above 3 (the step before), found number 2',
    ],
    [
      'a repeated step',
      withTraining((t) => (t.curves.step = [1, 1, 2])),
      'training.curves.step[1]',
      'training.curves.step[1]: expected a whole number above 1 (the step before), found number 1',
    ],
    [
      'a negative first step',
      withTraining((t) => (t.curves.step = [-1, 1, 2])),
      'training.curves.step[0]',
      'training.curves.step[0]: expected a whole number ≥ 0, found number -1',
    ],
    [
      'a fractional step',
      withTraining((t) => (t.curves.step = [1, 1.5, 2])),
      'training.curves.step[1]',
      'training.curves.step[1]: expected a whole number above 1 (the step before), found number 1.5',
    ],
    [
      'a curve one entry short',
      withTraining((t) => t.curves.accuracy.pop()),
      'training.curves.accuracy',
      'training.curves.accuracy: expected 3 entries like training.curves.step, found 2',
    ],
    [
      'a validation curve one entry long',
      withTraining((t) => t.curves.validationLoss.push(null)),
      'training.curves.validationLoss',
      'training.curves.validationLoss: expected 3 entries like training.curves.step, found 4',
    ],
    [
      'a missing curve',
      withTraining((t) => delete (t.curves as Partial<Training['curves']>).validationAccuracy),
      'training.curves.validationAccuracy',
      'training.curves.validationAccuracy: expected a list with one entry per step, found nothing (the key is missing)',
    ],
    [
      'a loss of null',
      withTraining((t) => ((t.curves.loss as unknown[])[1] = null)),
      'training.curves.loss[1]',
      'training.curves.loss[1]: expected a finite number, found null',
    ],
    [
      'an accuracy written as a percentage',
      withTraining((t) => (t.curves.accuracy[2] = 100)),
      'training.curves.accuracy[2]',
      'training.curves.accuracy[2]: expected a number from 0 to 1, found number 100',
    ],
    [
      'a validation loss written as text',
      withTraining((t) => ((t.curves.validationLoss as unknown[])[0] = 'n/a')),
      'training.curves.validationLoss[0]',
      'training.curves.validationLoss[0]: expected a finite number or null, found the text "n/a"',
    ],
    [
      'a negative validation accuracy',
      withTraining((t) => (t.curves.validationAccuracy[1] = -0.1)),
      'training.curves.validationAccuracy[1]',
      'training.curves.validationAccuracy[1]: expected a number from 0 to 1 or null, found number -0.1',
    ],
    [
      'a list instead of an object',
      [validDoc()],
      '',
      'expected an object {"format": "weightcraft-model", ...}, found a list of 1',
    ],
  ];

  cases.push(
    [
      'a wire into itself',
      withDoc((d) => d.wires.push({ from: 'n2', to: 'n2' })),
      'wires[2]',
      'wires[2]: a wire from "n2" into itself',
    ],
    [
      'the same wire twice',
      withDoc((d) => d.wires.push({ from: 'n1', to: 'n2' })),
      'wires[2]',
      'wires[2]: the same wire as wires[0] (n1 → n2)',
    ],
    [
      'a wire into an input layer',
      withDoc((d) => d.wires.push({ from: 'n3', to: 'n1' })),
      'wires[2].to',
      'wires[2].to: "n1" is an input layer (input), which takes no wires in',
    ],
    [
      'a wire without its start',
      withDoc((d) => delete d.wires[1]!.from),
      'wires[1].from',
      "wires[1].from: expected a layer's id, found nothing (the key is missing)",
    ],
    [
      'wires that are not a list',
      withDoc((d) => (d.wires = {} as never)),
      'wires',
      'wires: expected a list of wires, found an object',
    ],
    [
      'a final accuracy over 1',
      withTraining((t) => (t.final.accuracy = 1.5)),
      'training.final.accuracy',
      'training.final.accuracy: expected a number from 0 to 1 or null, found number 1.5',
    ],
    [
      'more right than validated',
      withTraining((t) => (t.final.validationRight = 151)),
      'training.final.validationRight',
      'training.final.validationRight: expected at most validationTotal (150), found 151',
    ],
    [
      'an unknown schedule',
      withTraining((t) => (t.settings.schedule = 'cosine')),
      'training.settings.schedule',
      'training.settings.schedule: unknown schedule "cosine", expected one of constant, inverse-time, one-cycle',
    ],
    [
      'class names as JSON text',
      withTraining((t) => (t.classNames = '["a"]' as never)),
      'training.classNames',
      'training.classNames: expected a list of class names, or null, found the text "[\\"a\\"]"',
    ],
    [
      'a missing data hash',
      withTraining((t) => delete (t.data as { hash?: null }).hash),
      'training.data.hash',
      'training.data.hash: expected the file list\'s hash ("fnv1a64:…") or null, found nothing (the key is missing)',
    ],
    [
      'image preprocessing with two means for three channels',
      withTraining(
        (t) =>
          (t.preprocessing = {
            kind: 'image',
            height: 4,
            width: 4,
            channels: 3,
            mean: [0, 0],
            std: [1, 1, 1],
            testFlip: true,
          }),
      ),
      'training.preprocessing.mean',
      'training.preprocessing.mean: expected a list of 3 numbers, one per channel, found a list of 2',
    ],
  );

  it.each(cases)('refuses %s', (_name, doc, path, message) => {
    const error = refusal(doc);
    expect(error.message).toBe(message);
    expect(error.path).toBe(path);
  });
});

describe('validateModel on values that did not come from our parser', () => {
  it('refuses prototype keys that JSON.parse keeps as own properties', () => {
    const doc = JSON.parse(
      '{"format": "weightcraft-model", "version": 4, "metadata": {"__proto__": {"x": 1}}, "layers": [{"type": "input", "id": "a", "units": 1}]}',
    );
    expect(() => validateModel(doc)).toThrow(
      'metadata.__proto__: the key "__proto__" is not allowed',
    );
    const layer = JSON.parse('{"type": "relu", "constructor": 1}');
    const doc2 = {
      format: 'weightcraft-model',
      version: 4,
      layers: [
        { type: 'input', id: 'a', units: 1 },
        { id: 'b', ...layer },
      ],
    };
    expect(() => validateModel(doc2)).toThrow(
      'layers[1].constructor: the key "constructor" is not allowed',
    );
  });

  it('refuses a non-finite position, which JSON cannot hold but an object can', () => {
    const doc = withDoc((d) => (d.layers[1]!.position = { x: 0, y: -Infinity }));
    expect(() => validateModel(doc)).toThrow(
      'layers[1].position.y: expected a finite number, found -Infinity',
    );
  });

  it('refuses non-finite numbers in the training record', () => {
    const nan = withTraining((t) => (t.curves.loss[1] = NaN));
    expect(() => validateModel(nan)).toThrow(
      'training.curves.loss[1]: expected a finite number, found NaN',
    );
    const infinite = withTraining((t) => (t.curves.validationLoss[1] = Infinity));
    expect(() => validateModel(infinite)).toThrow(
      'training.curves.validationLoss[1]: expected a finite number or null, found Infinity',
    );
    const rate = withTraining((t) => (t.settings.learningRate = Infinity));
    expect(() => validateModel(rate)).toThrow(
      'training.settings.learningRate: expected a finite number > 0, found Infinity',
    );
  });
});

describe('file size', () => {
  it('refuses text over MAX_FILE_BYTES before parsing it, and accepts text at the limit', () => {
    const doc = JSON.stringify(validDoc());
    const atLimit = doc + ' '.repeat(MAX_FILE_BYTES - doc.length);
    expect(parseModelFile(atLimit).nodes).toHaveLength(3);
    // Not JSON at all: refused for its size, never parsed.
    const error = refusal('['.repeat(MAX_FILE_BYTES + 1));
    expect(error.message).toBe('the file is 64.1 MiB, over the 64 MiB limit for model files');
    expect(error.path).toBe('');
  });

  it('counts UTF-8 bytes, not characters', () => {
    const name = 'é'.repeat(MAX_FILE_BYTES / 2);
    const text = JSON.stringify({ ...validDoc(), metadata: { name } });
    expect(text.length).toBeLessThan(MAX_FILE_BYTES);
    expect(refusal(text).message).toBe(
      'the file is 64.1 MiB, over the 64 MiB limit for model files',
    );
  });
});
