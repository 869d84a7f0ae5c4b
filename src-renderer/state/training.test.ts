import { describe, expect, it } from 'vitest';
import { documentFromLesson } from '../../src-shared/document/index.ts';
import { lessonById } from '../../src-shared/lessons/index.ts';
import { residualCnnDocument } from '../../src-shared/document/test-support.ts';
import { brightOrDark } from '../../src-shared/train/test-support.ts';
import { FEATURE_DEFAULTS, IMAGE_DEFAULTS } from '../../src-shared/train/settings.ts';
import { parseCsvDataset } from '../../src-shared/data/csv.ts';
import { fitNormalization } from '../../src-shared/data/normalize.ts';
import { splitData } from '../../src-shared/worker/row-split.ts';
import { EngineClient } from '../../src-shared/worker/engine-client.ts';
import { serveEngine } from '../../src-shared/worker/engine-host.ts';
import { makeEngineHandlers } from '../../src-shared/worker/handlers.ts';
import { evaluateRows } from '../../src-shared/worker/train-handler.ts';
import type { TrainResult } from '../../src-shared/worker/train-types.ts';
import type {
  EngineRequest,
  EngineResponse,
  MessageChannelLike,
} from '../../src-shared/worker/protocol.ts';
import type { LoadedFolder } from '../images/load-folder.ts';
import { EditorStore } from './editor.svelte.ts';
import { lossFitting, TrainingSession, type PictureSource } from './training.svelte.ts';

/**
 * An engine served in this thread over an asynchronous channel, as a worker would be; `seen`
 * lists the operations called and keeps the results of `train` calls.
 */
function engine(seen: { ops: string[]; trained: TrainResult[] } = { ops: [], trained: [] }) {
  const toHost: ((m: EngineRequest) => void)[] = [];
  const toClient: ((m: EngineResponse) => void)[] = [];
  const ops = new Map<number, string>();
  const host: MessageChannelLike<EngineRequest, EngineResponse> = {
    post: (m) => setTimeout(() => toClient.forEach((h) => h(structuredClone(m))), 0),
    listen: (h) => toHost.push(h),
  };
  serveEngine(host, makeEngineHandlers());
  return new EngineClient({
    post: (m) => {
      if (m.kind === 'call') {
        ops.set(m.id, m.op);
        seen.ops.push(m.op);
      }
      setTimeout(() => toHost.forEach((h) => h(structuredClone(m))), 0);
    },
    listen: (h) =>
      toClient.push((m) => {
        if (m.kind === 'result' && ops.get(m.id) === 'train')
          seen.trained.push(m.result as TrainResult);
        h(m);
      }),
  });
}

/** A folder of 40 bright and dark 8×8 pictures, as the Evaluate tab would have loaded it. */
function folder(loaded = true): PictureSource {
  const set = brightOrDark(40, 3);
  return {
    message: loaded ? null : 'pets: only one class (Cat): a classifier needs at least two.',
    at: async () =>
      loaded ? ({ root: 'bright-dark', set, skipped: [], cached: false } as LoadedFolder) : null,
  };
}

const residualCnn = () => residualCnnDocument(8);

const finished = async (session: TrainingSession) => {
  await expect.poll(() => session.status, { timeout: 20_000 }).toMatch(/finished|failed/);
  expect(session.message).toBeNull();
  expect(session.status).toBe('finished');
};

describe('TrainingSession', () => {
  it('trains the spiral in the engine and puts weights and record back as one undo step', async () => {
    const store = new EditorStore(documentFromLesson(lessonById('spiral-2-64-3')));
    const untrained = store.doc;
    const session = new TrainingSession(engine(), store, folder());
    session.useLesson({ dataset: 'spiral:3x20', settings: { epochs: 30, precision: 'float32' } });
    expect(session.kind).toBe('features');
    expect(session.settings).toEqual({ ...FEATURE_DEFAULTS, epochs: 30, precision: 'float32' });
    await session.start();
    await finished(session);
    expect(session.step).toBe(30);
    expect(session.history.step).toHaveLength(30);
    const dense = store.doc.nodes['n2'];
    if (dense?.kind !== 'dense') throw new Error('n2 should be the first Dense layer');
    // Trained in float32, kept in the lesson's float64.
    expect(dense.weights!.dtype).toBe('float64');
    expect(dense.weights).not.toEqual((untrained.nodes['n2'] as typeof dense).weights);
    expect(store.doc.training).toMatchObject({
      settings: { precision: 'float32', epochs: 30, optimizer: 'adam' },
      data: { name: 'spiral:3x20', training: 60, validation: 0 },
      final: { epochs: 30, steps: 30 },
      classNames: null,
    });
    expect(store.doc.training!.curves.step).toEqual(session.history.step);
    expect(store.undoLabel).toBe('Undo Train');
    store.undo();
    expect(store.doc.nodes).toEqual(untrained.nodes);
    expect(store.doc.training).toBeUndefined();
  });

  it('sends the data set once for its runs, and shows the exact confusion matrix when a run ends', async () => {
    const store = new EditorStore(documentFromLesson(lessonById('spiral-2-64-3')));
    const seen = { ops: [] as string[], trained: [] as TrainResult[] };
    const session = new TrainingSession(engine(seen), store, folder());
    session.useLesson({ dataset: 'spiral:3x20', settings: { epochs: 3, batchSize: 16 } });
    for (const epochs of [3, 2]) {
      session.settings.epochs = epochs;
      await session.start();
      await finished(session);
      // Not the batches' own predictions (the weights changed between them): the final weights'.
      const exact = await evaluateRows({
        network: seen.trained.at(-1)!.network,
        data: session.rows!,
        settings: { ...session.settings },
      });
      await expect.poll(() => session.confusion).toEqual(exact.confusion);
    }
    expect(seen.ops).toEqual(['keepData', 'train', 'evaluateRows', 'train', 'evaluateRows']);
  });

  it('goes on where the last run ended when only the epochs changed', async () => {
    const store = new EditorStore(documentFromLesson(lessonById('spiral-2-64-3')));
    const session = new TrainingSession(engine(), store, folder());
    session.useLesson({ dataset: 'spiral:3x20', settings: { epochs: 20 } });
    await session.start();
    await finished(session);
    session.settings.epochs = 5;
    await session.start();
    await finished(session);
    expect(session.step).toBe(25);
    // The record counts both runs' epochs, as the trainer did.
    expect(store.doc.training).toMatchObject({
      settings: { epochs: 25 },
      final: { epochs: 25, steps: 25 },
    });
    // Another learning rate starts the optimizer afresh; the step count goes on.
    session.settings.learningRate = 0.01;
    session.settings.epochs = 2;
    await session.start();
    await finished(session);
    expect(session.step).toBe(27);
    expect(store.doc.training).toMatchObject({ settings: { epochs: 2, learningRate: 0.01 } });
  });

  it('trains a branching CNN on pictures with MSE in the worker and records the folder', async () => {
    const store = new EditorStore(residualCnn());
    const untrained = store.doc;
    expect(store.derived.networks[0]!.network.inputs).toEqual([
      [],
      [0],
      [1],
      [2, 0],
      [3],
      [4],
      [5],
    ]);
    const session = new TrainingSession(engine(), store, folder());
    session.fitSettings();
    expect(session.kind).toBe('pictures');
    expect(session.settings).toEqual(IMAGE_DEFAULTS);
    Object.assign(session.settings, { epochs: 2, batchSize: 8, loss: 'mse', learningRate: 0.01 });
    session.settings.validationSplit = 0.25;
    await session.start();
    await finished(session);
    expect(session.stepsPerEpoch).toBeGreaterThan(0);
    expect(session.step).toBe(2 * session.stepsPerEpoch);
    expect(session.validationAccuracy).not.toBeNull();
    expect(session.secondsPerEpoch).not.toBeNull();
    const record = store.doc.training!;
    expect(record).toMatchObject({
      settings: { loss: 'mse', precision: 'float32', epochs: 2 },
      classNames: ['bright', 'dark'],
      data: { name: 'bright-dark' },
      preprocessing: { kind: 'image', height: 8, width: 8, channels: 3, testFlip: true },
      final: { epochs: 2 },
    });
    expect(record.data.training! + record.data.validation!).toBe(40);
    expect(record.final.validationTotal).toBe(record.data.validation);
    // Each epoch's end wrote the weights: one undo step back to the untrained kernels.
    const conv = store.doc.nodes['n2']!;
    expect(conv).not.toEqual(untrained.nodes['n2']);
    expect(store.undoLabel).toBe('Undo Train');
    store.undo();
    expect(store.doc.nodes).toEqual(untrained.nodes);
    expect(store.undoLabel).toBeNull();
  });

  it('says what is missing instead of training, and takes each kind’s defaults', async () => {
    const store = new EditorStore(residualCnn());
    const session = new TrainingSession(engine(), store, folder(false));
    await session.start();
    expect(session.status).toBe('failed');
    expect(session.message).toBe('pets: only one class (Cat): a classifier needs at least two.');
    session.fitSettings();
    session.settings.epochs = 3;
    session.fitSettings(); // the same kind keeps the learner's choices
    expect(session.settings.epochs).toBe(3);
    session.fitSettings('features');
    expect(session.settings).toEqual(FEATURE_DEFAULTS);
  });

  it('shows a reopened model’s settings and curves', async () => {
    const store = new EditorStore(documentFromLesson(lessonById('spiral-2-64-3')));
    const session = new TrainingSession(engine(), store, folder());
    session.useLesson({ dataset: 'spiral:3x20', settings: { epochs: 10, optimizer: 'sgd' } });
    await session.start();
    await finished(session);
    const record = store.doc.training!;
    const other = new TrainingSession(engine(), store, folder());
    other.restore(record);
    expect(other.settings).toEqual(record.settings);
    expect(other.settings.optimizer).toBe('sgd');
    expect(other.history.step).toEqual(record.curves.step);
    expect(other.rows?.x.shape).toEqual([60, 2]);
  });
});

describe('TrainingSession on pictures, again', () => {
  it('goes on with a folder’s run when only the epochs changed, as it does with rows', async () => {
    const store = new EditorStore(residualCnn());
    const session = new TrainingSession(engine(), store, folder());
    session.fitSettings();
    Object.assign(session.settings, { epochs: 2, batchSize: 8, learningRate: 0.01 });
    await session.start();
    await finished(session);
    const perEpoch = session.stepsPerEpoch;
    session.settings.epochs = 1;
    await session.start();
    await finished(session);
    expect(session.step).toBe(3 * perEpoch);
    expect(store.doc.training).toMatchObject({ settings: { epochs: 3 }, final: { epochs: 3 } });
  });
});

describe('TrainingSession with a CSV file', () => {
  it('scales by the training rows alone, as `weightcraft train` does', async () => {
    const store = new EditorStore(documentFromLesson(lessonById('spiral-2-64-3')));
    const session = new TrainingSession(engine(), store, folder());
    session.useLesson({ dataset: 'spiral:3x20', settings: { epochs: 2 } });
    // 40 rows of two features whose scale differs, three classes.
    const lines = ['a,b,label'];
    for (let i = 0; i < 40; i++) lines.push(`${i},${100 + 7 * (i % 5)},${i % 3}`);
    expect(session.importCsv(lines.join('\n'), 'rows.csv', { normalize: 'z-score' })).toBeNull();
    session.settings.validationSplit = 0.25;
    await session.start();
    await finished(session);
    const raw = parseCsvDataset(lines.join('\n'), { normalize: 'none' });
    const rows = { x: raw.train.x, y: raw.train.y, classes: 3 };
    const fitted = fitNormalization(
      'z-score',
      splitData(rows, 0.25, session.settings.seed).train.x,
    );
    const everyRow = fitNormalization('z-score', raw.train.x);
    expect(store.doc.training!.preprocessing).toEqual({
      kind: 'features',
      normalization: 'z-score',
      offset: fitted.offset,
      scale: fitted.scale,
    });
    expect(fitted.offset).not.toEqual(everyRow.offset);
    expect(store.doc.training!.data).toMatchObject({
      name: 'rows.csv',
      training: 30,
      validation: 10,
    });
  });
});

describe('lossFitting', () => {
  const ending = (last: 'softmax' | 'sigmoid' | 'linear') => ({
    layers: [
      { type: 'input' as const, units: 2 },
      {
        type: 'dense' as const,
        weights: { data: new Float64Array(2), shape: [2, 1], dtype: 'float64' as const },
        biases: { data: new Float64Array(1), shape: [1], dtype: 'float64' as const },
      },
      { type: last },
    ],
  });

  it('keeps a loss that fits the last layer', () => {
    expect(lossFitting(ending('softmax'), 'categorical-crossentropy')).toBeNull();
    expect(lossFitting(ending('softmax'), 'mse')).toBeNull();
    expect(lossFitting(ending('sigmoid'), 'binary-crossentropy')).toBeNull();
    expect(lossFitting(ending('linear'), 'mse')).toBeNull();
  });

  it('changes one that cannot work, and says why', () => {
    expect(lossFitting(ending('sigmoid'), 'categorical-crossentropy')).toEqual({
      loss: 'binary-crossentropy',
      note: 'Training with binary cross-entropy: cross-entropy does not fit a network that ends in a sigmoid.',
    });
    expect(lossFitting(ending('linear'), 'categorical-crossentropy')!.loss).toBe('mse');
    expect(lossFitting(ending('linear'), 'binary-crossentropy')!.note).toMatch(
      /ends in a linear layer/,
    );
  });
});
