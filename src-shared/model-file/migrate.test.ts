import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runnableNetwork } from '../document/model-io.ts';
import { forward } from '../net/forward.ts';
import { FEATURE_DEFAULTS, IMAGE_DEFAULTS } from '../train/settings.ts';
import { CURRENT_VERSION, ModelFileError, parseModelFile, serializeModel } from './index.ts';
import { migrate, MIGRATIONS } from './migrate.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

function refusal(text: string): ModelFileError {
  try {
    parseModelFile(text);
  } catch (error) {
    if (error instanceof ModelFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('migration', () => {
  it('has one step per version, in order, ending at the current version', () => {
    MIGRATIONS.forEach((step, i) => {
      expect(step.to).toBe(step.from + 1);
      if (i > 0) expect(step.from).toBe(MIGRATIONS[i - 1]!.to);
    });
    expect(MIGRATIONS[MIGRATIONS.length - 1]!.to).toBe(CURRENT_VERSION);
  });

  it('reads version 0 (weights neuron by neuron), 1, 2 and 3 files as their version 4 equivalent', () => {
    const v0 = parseModelFile(fixture('notebook-v0.json'));
    const v4 = parseModelFile(fixture('notebook-v4.json'));
    for (const name of ['notebook-v1.json', 'notebook-v2.json', 'notebook-v3.json']) {
      expect(parseModelFile(fixture(name))).toEqual(v4);
    }
    expect(v0).toEqual(v4);
    expect('training' in v4).toBe(false);
    expect(serializeModel(v0)).toBe(fixture('notebook-v4.json'));
    expect(serializeModel(parseModelFile(fixture('notebook-v3.json')))).toBe(
      fixture('notebook-v4.json'),
    );
    const trained = fixture('notebook-v4-trained.json');
    for (const name of ['notebook-v2-trained.json', 'notebook-v3-trained.json']) {
      expect(serializeModel(parseModelFile(fixture(name)))).toBe(trained);
    }
    const inputs = v4.examples[0]!.inputs;
    const out0 = forward(runnableNetwork(v0), inputs);
    const out4 = forward(runnableNetwork(v4), inputs);
    expect(out0.length).toBe(4);
    out4.forEach((t, i) => {
      expect(out0[i]!.shape).toEqual(t.shape);
      t.data.forEach((value, j) => expect(Object.is(out0[i]!.data[j], value)).toBe(true));
    });
  });

  it('gives a version 3 chain ids n1, n2, … and a wire from each layer to the next', () => {
    const v3 = JSON.parse(fixture('cnn-v3.json'));
    const v4 = migrate(v3) as { layers: { id: string }[]; wires: object[] };
    const count = v3.layers.length;
    expect(count).toBeGreaterThan(5);
    expect(v4.layers.map((layer) => layer.id)).toEqual(
      Array.from({ length: count }, (_, i) => `n${i + 1}`),
    );
    expect(v4.wires).toEqual(
      Array.from({ length: count - 1 }, (_, i) => ({ from: `n${i + 1}`, to: `n${i + 2}` })),
    );
    const model = parseModelFile(fixture('cnn-v3.json'));
    expect(runnableNetwork(model).layers.map((layer) => layer.type)).toEqual(
      v3.layers.map((layer: { type: string }) => layer.type),
    );
  });

  it("moves the old training section's settings to the one record, stating what the trainer used", () => {
    const { training } = parseModelFile(fixture('notebook-v3-trained.json'));
    const old = JSON.parse(fixture('notebook-v3-trained.json')).training;
    expect(training!.settings).toEqual({
      ...FEATURE_DEFAULTS,
      ...old.settings,
      schedule: 'inverse-time',
      nesterov: false,
      epsilon: 1e-7,
      loss: 'categorical-crossentropy',
      precision: 'float64',
    });
    expect(training!.curves).toEqual(old.history);
    expect(training!.data.name).toBe('sensors.csv');
    // The figures where the curves end.
    expect(training!.final).toMatchObject({ epochs: 3, steps: 6, loss: 0.5987103446671352 });
    const sgd = JSON.parse(fixture('notebook-v3-trained.json'));
    sgd.training.settings = { ...sgd.training.settings, optimizer: 'sgd', momentum: 0.5 };
    const settings = parseModelFile(JSON.stringify(sgd)).training!.settings;
    expect([settings.optimizer, settings.momentum, settings.nesterov]).toEqual(['sgd', 0.5, false]);
  });

  it('moves the flat trained.* keys of `weightcraft train` on a CSV file into the record', () => {
    const v3 = JSON.parse(fixture('notebook-v3-trained.json'));
    const scaling = { kind: 'z-score', offset: [1, 2, 3, 4], scale: [0.5, 1, 2, 4] };
    v3.metadata = {
      ...v3.metadata,
      modified: '2026-11-27T10:00:00.000Z',
      'trained.data': 'sensors.csv',
      'trained.epochs': 3,
      'trained.steps': 6,
      'trained.batch': 4,
      'trained.optimizer': 'adam',
      'trained.learningRate': 0.05,
      'trained.decay': 5e-7,
      'trained.seed': 0,
      'trained.validationSplit': 0.2,
      'trained.loss': 0.55,
      'trained.accuracy': 0.75,
      'trained.validationLoss': 0.6,
      'trained.validationAccuracy': 0.5,
      'trained.classes': '["off","on"]',
      'trained.normalization': JSON.stringify(scaling),
    };
    const model = parseModelFile(JSON.stringify(v3));
    expect(model.metadata).toEqual({
      name: 'Notebook 4-5-2',
      created: '2026-11-26T10:00:00.000Z',
      seed: 0,
      modified: '2026-11-27T10:00:00.000Z',
    });
    const training = model.training!;
    expect(training.classNames).toEqual(['off', 'on']);
    expect(training.preprocessing).toEqual({
      kind: 'features',
      normalization: 'z-score',
      offset: [1, 2, 3, 4],
      scale: [0.5, 1, 2, 4],
    });
    // The CLI measured these on the whole sets after training: they win over the curves' ends.
    expect(training.final).toEqual({
      epochs: 3,
      steps: 6,
      loss: 0.55,
      accuracy: 0.75,
      validationLoss: 0.6,
      validationAccuracy: 0.5,
      validationRight: null,
      validationTotal: null,
    });
    expect(training.curves.step).toHaveLength(6);
    const saved = serializeModel(model);
    expect(saved).not.toContain('trained.');
    expect(parseModelFile(saved)).toEqual(model);
  });

  it('moves trained.* keys into one record (the cats-vs-dogs model as shipped until 2026-12, its middle layers left out)', () => {
    const text = readFileSync(
      new URL('./fixtures/cnn-v4-trained-keys.json', import.meta.url),
      'utf8',
    );
    const model = parseModelFile(text);
    expect(Object.keys(model.metadata).filter((key) => key.startsWith('trained.'))).toEqual([]);
    expect(model.metadata.name).toBe('Small CNN 64×64×3');
    const training = model.training!;
    expect(training.settings).toEqual({
      ...IMAGE_DEFAULTS,
      decay: 0,
      optimizer: 'sgd',
      learningRate: 0.1,
      schedule: 'one-cycle',
      momentum: 0.9,
      nesterov: true,
      epsilon: 1e-8,
      weightDecay: 0.0005,
      labelSmoothing: 0.1,
      augment: { shift: 4, flip: true },
      batchSize: 64,
      epochs: 20,
      seed: 0,
      validationSplit: 0.1,
      precision: 'float32',
    });
    expect(training.final).toEqual({
      epochs: 20,
      steps: 6460,
      loss: 0.2651571897664096,
      accuracy: 0.9716446124763705,
      validationLoss: 0.1507149293142263,
      validationAccuracy: 0.9564850021123785,
      validationRight: 2264,
      validationTotal: 2367,
    });
    expect(training.classNames).toEqual(['Cat', 'Dog']);
    expect(training.preprocessing).toEqual({
      kind: 'image',
      height: 64,
      width: 64,
      channels: 3,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
      testFlip: true,
    });
    expect(training.data).toEqual({
      name: 'image folder',
      hash: null,
      training: null,
      validation: null,
    });
    expect([training.weightcraft, training.started, training.ended]).toEqual([null, null, null]);
    expect(runnableNetwork(model).layers).toHaveLength(model.nodes.length);
  });

  it("records the app's image training keys, taking the image trainer's defaults for the rest", () => {
    const cnn = JSON.parse(fixture('cnn-v3.json'));
    cnn.metadata = {
      ...cnn.metadata,
      'trained.classes': '["a","b"]',
      'trained.epochs': 2,
      'trained.accuracy': 0.5,
      'trained.validationSplit': 0.2,
    };
    const training = parseModelFile(JSON.stringify(cnn)).training!;
    expect(training.classNames).toEqual(['a', 'b']);
    expect(training.settings.validationSplit).toBe(0.2);
    expect(training.settings.optimizer).toBe('sgd');
    expect(training.settings.nesterov).toBe(true);
    expect(training.final).toMatchObject({ epochs: 2, accuracy: 0.5, loss: null });
    cnn.metadata['trained.classes'] = 'Cat, Dog';
    expect(refusal(JSON.stringify(cnn)).message).toBe(
      'training.classNames: expected a list of class names, or null, found the text "Cat, Dog"',
    );
  });

  it('leaves the document it was given unchanged', () => {
    const document = JSON.parse(fixture('notebook-v0.json'));
    const before = structuredClone(document);
    const migrated = migrate(document) as { version: number; layers: object[] };
    expect(document).toEqual(before);
    expect(migrated.version).toBe(CURRENT_VERSION);
    expect(migrated.layers[1]).not.toHaveProperty('neuron_weights');
  });

  it('names the version 0 key when its neuron_weights are ragged', () => {
    const text = fixture('notebook-v0.json').replace(
      '[0.040015720836722335, 0.09500884175255894, 0.1454273506962975, 0.14940790731576062]',
      '[0.040015720836722335, 0.09500884175255894]',
    );
    expect(refusal(text).message).toBe(
      'layers[1].neuron_weights[1]: expected 4 numbers like layers[1].neuron_weights[0], found 2 (ragged rows)',
    );
  });

  it('refuses content newer than the version the file declares', () => {
    const cnn = JSON.parse(fixture('cnn-v3.json'));
    expect(parseModelFile(JSON.stringify(cnn)).nodes.length).toBe(cnn.layers.length);
    for (const version of [0, 1, 2]) {
      // Image layers came with version 3: the first one is named.
      const claimed = { ...cnn, version, ...(version === 0 && { format: undefined }) };
      const error = refusal(JSON.stringify(claimed));
      expect(error.message).toBe(
        `layers[0].type: the text "image-input" came with format version 3, but the file says version ${version}; is its "version" right?`,
      );
      expect(error.path).toBe('layers[0].type');
    }
    const v4 = JSON.parse(fixture('cnn-v4.json'));
    expect(refusal(JSON.stringify({ ...v4, version: 3 })).message).toBe(
      'wires: wires came with format version 4, but the file says version 3; is its "version" right?',
    );
    delete v4.wires;
    expect(refusal(JSON.stringify({ ...v4, version: 3 })).message).toBe(
      'layers[0].id: layer ids came with format version 4, but the file says version 3; is its "version" right?',
    );
  });

  it('refuses versions it has no step for', () => {
    const text = (version: string) => `{"version": ${version}, "layers": []}`;
    expect(refusal(text('-1')).message).toBe(
      'format: expected "weightcraft-model", found nothing (the key is missing) — is this a Weightcraft model?',
    );
    expect(refusal(`{"format": "weightcraft-model", "version": 0.5, "layers": []}`).message).toBe(
      'version: expected a whole number (4 for this Weightcraft), found number 0.5',
    );
    expect(refusal(`{"format": "weightcraft-model", "version": 12, "layers": []}`).message).toBe(
      'version: the file was made by a newer Weightcraft (format version 12; this one reads up to 4), update Weightcraft to open it',
    );
    const v5 = fixture('notebook-v4-trained.json').replace('"version": 4', '"version": 5');
    const error = refusal(v5);
    expect(error.message).toBe(
      'version: the file was made by a newer Weightcraft (format version 5; this one reads up to 4), update Weightcraft to open it',
    );
    expect(error.path).toBe('version');
  });
});
