/**
 * `weightcraft train`: trains a model on a CSV file or a generated data set in the engine
 * worker (the app's own `train` operation), prints progress and the final figures, and writes
 * the trained model with its training record (settings, curves, figures, class names, scaling,
 * data). The trained chain's layers replace their nodes; every other node and wire stays.
 *
 * A run whose loss or weights stop being finite writes nothing: it exits with the trainer's
 * message (which says to lower the learning rate) and code 1.
 */
import {
  applyNormalization,
  fitNormalization,
  NORMALIZATIONS,
  type NormalizationKind,
} from '../../src-shared/data/normalize.ts';
import { serializeModel } from '../../src-shared/model-file/index.ts';
import { precisionOf } from '../../src-shared/net/network.ts';
import { TrainHistory } from '../../src-shared/train/history.ts';
import { tensor } from '../../src-shared/tensor/tensor.ts';
import { withLayers } from '../../src-shared/document/model-io.ts';
import { fromDenseSettings } from '../../src-shared/model-file/legacy-settings.ts';
import { lossFor, splitData } from '../../src-shared/worker/train-handler.ts';
import { DEFAULT_SETTINGS, type TrainSettings } from '../../src-shared/worker/train-types.ts';
import { startNodeEngine } from '../engine-node.ts';
import {
  parseLoss,
  parsePrecision,
  trainImagesCommand,
  type TrainImagesOptions,
} from './train-images.ts';
import { checkFits, evaluateNetwork } from '../evaluation.ts';
import { parseChoice, parseNumber, parseWhole } from '../options.ts';
import { formatAccuracy, formatLoss, TrainProgressPrinter } from '../progress.ts';
import { readData } from '../read-data.ts';
import { readModel, runnable } from '../read-model.ts';
import { featurePreprocessing, trainingRecord } from '../trained.ts';
import { isFolder, writeText } from '../read-text.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export interface TrainOptions extends TrainImagesOptions {
  data?: string;
  epochs?: string;
  batch?: string;
  lr?: string;
  optimizer?: string;
  decay?: string;
  momentum?: string;
  seed?: string;
  validation?: string;
  label?: string;
  normalize?: string;
  output?: string;
}

export async function trainCommand(
  modelPath: string | undefined,
  options: TrainOptions,
  io: CommandIo,
): Promise<void> {
  if (!modelPath) {
    throw new UsageError('train needs a model file: weightcraft train MODEL --data DATA -o OUT');
  }
  if (!options.data) {
    throw new UsageError('train needs --data: a CSV file or a data set such as spiral:3x100');
  }
  if (!options.output) throw new UsageError('train needs -o OUT, the file to write the result to');
  if (await isFolder(options.data)) {
    const model = await readModel(modelPath);
    return trainImagesCommand(
      modelPath,
      model,
      { ...options, data: options.data, output: options.output },
      io,
    );
  }
  const settings = parseSettings(options);
  const scaling = parseNormalization(options.normalize);

  const model = await readModel(modelPath);
  const chain = runnable(model, modelPath);
  const loaded = await readData(options.data, { label: options.label, seed: settings.seed });
  checkFits(chain.network, loaded, modelPath);
  // Scaling statistics come from the training rows only: the engine splits off the same
  // validation rows (same function, share and seed) after this.
  const training = splitData(loaded, settings.validationSplit, settings.seed).train;
  const normalization = fitNormalization(scaling, training.x);
  const data = {
    x: applyNormalization(normalization, loaded.x),
    y: loaded.y,
    classes: loaded.classes,
  };
  const { train: trainSet, validation } = splitData(data, settings.validationSplit, settings.seed);
  const samples = trainSet.x.shape[0] as number;
  const features = data.x.shape[1] as number;
  const batch = Math.min(settings.batchSize || samples, samples);
  const steps = Math.ceil(samples / batch);
  io.stdout(
    `training ${modelPath} on ${loaded.source}: ${samples} samples` +
      (validation ? ` (+${validation.x.shape[0]} for validation)` : '') +
      `, ${features} features, ${loaded.classes} classes; ${describeOptimizer(settings)}; ` +
      `${settings.epochs} epochs of ${steps} step${steps === 1 ? '' : 's'} (batch ${batch})\n`,
  );

  const engine = startNodeEngine();
  const history = new TrainHistory();
  let result;
  let seconds;
  let startedAt: Date | undefined;
  try {
    // A one-sample forward pass first: the worker is up, so the clock times training alone.
    await engine.client.call('forward', {
      network: chain.network,
      inputs: tensor(data.x.data.slice(0, features), [1, features]),
    });
    const printer = new TrainProgressPrinter({
      io,
      epochs: settings.epochs,
      samples,
      batchSize: settings.batchSize,
    });
    startedAt = new Date();
    const started = performance.now();
    try {
      result = await engine.client.call(
        'train',
        {
          network: chain.network,
          data,
          settings: fromDenseSettings(settings, {
            loss: lossFor(chain.network),
            precision: precisionOf(chain.network),
          }),
          regions: false,
        },
        {
          onProgress: (progress) => {
            printer.progress(progress);
            history.add(progress);
          },
        },
      );
    } finally {
      printer.end();
    }
    seconds = (performance.now() - started) / 1000;
  } finally {
    await engine.close();
  }
  if (result.reason !== 'finished') {
    throw new Error(`training stopped: ${result.message ?? result.reason}; nothing was written`);
  }

  const final = await evaluateNetwork(result.network, trainSet.x, trainSet.y as Int32Array);
  const check =
    validation && (await evaluateNetwork(result.network, validation.x, validation.y as Int32Array));
  io.stdout(
    `done: ${settings.epochs} epochs, ${result.step} steps in ${seconds.toFixed(seconds < 10 ? 2 : 1)} s\n` +
      figuresLine('training', final, samples) +
      (check ? figuresLine('validation', check, validation.x.shape[0] as number) : ''),
  );

  const validationCount = validation ? (validation.x.shape[0] as number) : 0;
  const record = trainingRecord({
    settings: fromDenseSettings(settings, {
      loss: lossFor(chain.network),
      precision: precisionOf(chain.network),
    }),
    curves: history.snapshot(),
    final: {
      epochs: settings.epochs,
      steps: result.step,
      loss: final.loss,
      accuracy: final.accuracy,
      validationLoss: check ? check.loss : null,
      validationAccuracy: check ? check.accuracy : null,
      validationRight: check?.confusion ? diagonal(check.confusion) : null,
      validationTotal: check ? validationCount : null,
    },
    classNames: loaded.features ? loaded.classNames : null,
    preprocessing: featurePreprocessing(normalization),
    data: {
      name: loaded.source,
      hash: loaded.hash,
      training: samples,
      validation: validationCount,
    },
    started: startedAt ?? new Date(),
    ended: new Date(),
  });
  // The record replaces the previous run's whole; every node and wire of the file stays.
  const trained = withLayers(model, chain.nodeIds, result.network.layers);
  await writeText(
    options.output,
    serializeModel({
      ...trained,
      metadata: { ...model.metadata, modified: new Date().toISOString() },
      training: record,
    }),
  );
  io.stdout(`wrote ${options.output}\n`);
}

function parseSettings(options: TrainOptions): TrainSettings {
  const optimizer = parseChoice(options.optimizer ?? DEFAULT_SETTINGS.optimizer, '--optimizer', [
    'adam',
    'sgd',
  ] as const);
  if (options.momentum !== undefined && optimizer !== 'sgd') {
    throw new UsageError('--momentum applies to --optimizer sgd only');
  }
  const number = (
    text: string | undefined,
    fallback: number,
    flag: string,
    range: Parameters<typeof parseNumber>[2],
  ) => (text === undefined ? fallback : parseNumber(text, flag, range));
  const epochs = parseWhole(options.epochs ?? String(DEFAULT_SETTINGS.epochs), '--epochs');
  if (epochs < 1) throw new UsageError('--epochs: expected a whole number ≥ 1, found 0');
  return {
    optimizer,
    epochs,
    batchSize: parseWhole(options.batch ?? '0', '--batch'),
    learningRate: number(options.lr, DEFAULT_SETTINGS.learningRate, '--lr', {
      min: 0,
      minOpen: true,
      expected: 'a number > 0',
    }),
    decay: number(options.decay, DEFAULT_SETTINGS.decay, '--decay', {
      min: 0,
      expected: 'a number ≥ 0',
    }),
    momentum: number(options.momentum, DEFAULT_SETTINGS.momentum, '--momentum', {
      min: 0,
      max: 1,
      maxOpen: true,
      expected: 'a number from 0 to below 1',
    }),
    seed: parseWhole(options.seed ?? '0', '--seed', 2 ** 32 - 1),
    validationSplit: number(options.validation, 0, '--validation', {
      min: 0,
      max: 0.5,
      expected: 'a share from 0 to 0.5',
    }),
    ...(options.loss ? { loss: parseLoss(options.loss) } : {}),
    ...(options.precision ? { precision: parsePrecision(options.precision) } : {}),
  };
}

/** `none`, `minmax` or `zscore` (also `min-max`, `z-score`). */
export function parseNormalization(text: string | undefined): NormalizationKind {
  if (text === undefined) return 'none';
  const kind = { minmax: 'min-max', zscore: 'z-score' }[text] ?? text;
  if (!(NORMALIZATIONS as readonly string[]).includes(kind)) {
    throw new UsageError(`--normalize: expected none, minmax or zscore, found "${text}"`);
  }
  return kind as NormalizationKind;
}

function describeOptimizer(s: TrainSettings): string {
  const extras = [
    `lr ${s.learningRate}`,
    s.decay ? `decay ${s.decay}` : '',
    s.optimizer === 'sgd' && s.momentum ? `momentum ${s.momentum}` : '',
  ].filter(Boolean);
  return `${s.optimizer} ${extras.join(', ')}`;
}

/** Samples classified right: the confusion matrix's diagonal. */
function diagonal(confusion: number[][]): number {
  return confusion.reduce((sum, row, i) => sum + row[i]!, 0);
}

function figuresLine(
  name: string,
  figures: { loss: number; accuracy: number },
  samples: number,
): string {
  return `${name.padEnd(10)}  loss ${formatLoss(figures.loss)}  accuracy ${formatAccuracy(figures.accuracy)}  (${samples} samples)\n`;
}
