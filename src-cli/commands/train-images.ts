/**
 * `weightcraft train MODEL --data FOLDER`: trains an image network on a folder of class
 * subfolders, data-parallel over worker threads (one per core by default). The validation
 * pictures are chosen by a hash of their file names, so they never change between runs and are
 * never trained on. After every epoch the model so far is written to OUT, so a long run that is
 * stopped keeps its last finished epoch.
 */
import { availableParallelism } from 'node:os';
import { splitByHash } from '../../src-shared/data/image-set.ts';
import { DEFAULT_VALIDATION_SHARE } from '../../src-shared/train/validation-share.ts';
import { serializeModel } from '../../src-shared/model-file/index.ts';
import { withLayers } from '../../src-shared/document/model-io.ts';
import { fileListHash } from '../../src-shared/model-file/training-record.ts';
import type { ImageInputLayer, Layer } from '../../src-shared/layers/index.ts';
import type { Model, TrainingData } from '../../src-shared/nn/model.ts';
import { layerShapes, type Network } from '../../src-shared/net/network.ts';
import { TrainHistory } from '../../src-shared/train/history.ts';
import { LOSSES, type LossName } from '../../src-shared/train/losses.ts';
import { pictureSamples } from '../../src-shared/train/samples.ts';
import {
  IMAGE_DEFAULTS,
  PRECISIONS,
  type Precision,
  type TrainingSettings,
} from '../../src-shared/train/settings.ts';
import { createTrainer, type EpochReport } from '../../src-shared/train/trainer.ts';
import { engineReplica } from '../../src-shared/worker/replica-ops.ts';
import { startNodeEngine } from '../engine-node.ts';
import { LoadProgressPrinter } from '../images/progress.ts';
import { loadImageFolder } from '../images/load-folder.ts';
import { parseChoice, parseNumber, parseWhole } from '../options.ts';
import { writeText } from '../read-text.ts';
import { trainingRecord } from '../trained.ts';
import { runnable } from '../read-model.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export interface TrainImagesOptions {
  data?: string;
  epochs?: string;
  batch?: string;
  lr?: string;
  optimizer?: string;
  momentum?: string;
  seed?: string;
  validation?: string;
  smoothing?: string;
  pad?: string;
  'weight-decay'?: string;
  /** categorical-crossentropy (default), binary-crossentropy or mse, for any network. */
  loss?: string;
  /** float32 (default for pictures) or float64. */
  precision?: string;
  workers?: string;
  output?: string;
}

/** The model's layers as a trainable image network, or a message naming the first misfit. */
export function visionLayers(network: Network, path: string): Layer[] {
  const layers = network.layers;
  if (layers[0]?.type !== 'image-input') {
    throw new UsageError(
      `${path} starts with a ${layers[0]?.type ?? 'missing'} layer; a folder of pictures needs a model that starts with an image input (weightcraft new --template small-cnn)`,
    );
  }
  // The picture replicas load a list of layers, each reading the one before.
  if (network.inputs) {
    throw new UsageError(
      `${path}: the network branches or merges (Add, Concatenate); training on a folder of pictures takes a chain of layers for now`,
    );
  }
  const shapes = layerShapes(network);
  if (shapes[shapes.length - 1]!.length !== 1) {
    throw new UsageError(
      `${path}: the network ends with a ${shapes[shapes.length - 1]!.join('×')} picture; end with Flatten or GlobalAvgPool and Dense(classes)`,
    );
  }
  return [...layers];
}

export async function trainImagesCommand(
  modelPath: string,
  model: Model,
  options: TrainImagesOptions & { data: string; output: string },
  io: CommandIo,
): Promise<void> {
  const chain = runnable(model, modelPath);
  const layers = visionLayers(chain.network, modelPath);
  const input = layers[0] as ImageInputLayer;
  const validationShare = options.validation
    ? parseNumber(options.validation, '--validation', {
        min: 0,
        max: 0.5,
        expected: 'a share from 0 to 0.5',
      })
    : DEFAULT_VALIDATION_SHARE;
  const settings = parseImageSettings(options, validationShare);
  if (settings.augment.shift >= Math.min(input.height, input.width)) {
    throw new UsageError(
      `--pad: shifts must be smaller than the ${input.height}×${input.width} pictures, found ${settings.augment.shift}`,
    );
  }
  const workers = options.workers
    ? parseWhole(options.workers, '--workers', 16)
    : Math.min(2, availableParallelism());
  if (workers < 1) throw new UsageError('--workers: expected a whole number ≥ 1, found 0');

  const printer = new LoadProgressPrinter(io);
  const loaded = await loadImageFolder(options.data, {
    height: input.height,
    width: input.width,
    channels: input.channels,
    onProgress: (done, total) => printer.progress(done, total),
  });
  printer.end();
  const { set } = loaded;
  reportSkipped(loaded.skipped, io);
  const { train, validation } = splitByHash(set.files, validationShare);
  io.stdout(
    `training ${modelPath} on ${options.data}: ${train.length} pictures (+${validation.length} for validation, chosen by file-name hash), ` +
      `${set.classNames.length} classes (${set.classNames.join(', ')}), ${set.height}×${set.width}×${set.channels}; ` +
      `${settings.optimizer} peak lr ${settings.learningRate}, ${settings.schedule}; ${settings.epochs} epochs of batch ${settings.batchSize} on ${workers} worker${workers === 1 ? '' : 's'}\n`,
  );

  const engines = Array.from({ length: workers }, () => startNodeEngine());
  const started = performance.now();
  const run: Run = {
    model,
    nodeIds: chain.nodeIds,
    settings,
    data: {
      name: options.data,
      hash: fileListHash(set.files),
      training: train.length,
      validation: validation.length,
    },
    classNames: set.classNames,
    started: new Date(),
    curves: new TrainHistory(),
  };
  let lastLine = 0;
  let epochStarted = performance.now();
  let saved = 0;
  try {
    const trainer = await createTrainer({
      network: { ...chain.network, layers },
      data: pictureSamples(set, train),
      validation: pictureSamples(set, validation),
      settings,
      testFlip: TEST_FLIP,
      replicas: engines.map((e) => engineReplica(e.client)),
    });
    const perEpoch = trainer.stepsPerEpoch;
    while (!trainer.done) {
      const point = await trainer.step();
      if ('stopped' in point) {
        const kept = saved
          ? `; ${options.output} holds the model after epoch ${saved}`
          : '; nothing was written';
        throw new Error(`${point.message}${kept}`);
      }
      run.curves.add({ points: [point], validation: [] });
      if (io.interactive) {
        const now = performance.now();
        if (now - lastLine >= 250) {
          lastLine = now;
          io.stdout(
            `\repoch ${point.epoch}/${settings.epochs}  step ${point.batch}/${perEpoch}  loss ${point.loss.toFixed(4)}  acc ${(point.accuracy * 100).toFixed(2)}%  lr ${point.learningRate.toPrecision(3)}   `,
          );
        }
      }
      const report = point.epochEnd;
      if (!report) continue;
      const seconds = (performance.now() - epochStarted) / 1000;
      epochStarted = performance.now();
      if (io.interactive) io.stdout('\r');
      io.stdout(epochLine(report, settings.epochs, seconds, (performance.now() - started) / 1000));
      const v = report.validation;
      if (v) run.curves.add({ points: [], validation: [{ step: point.step, ...v }] });
      const network = await trainer.network();
      await writeText(options.output, modelText(run, report, point.step, network.layers));
      saved = report.epoch;
    }
    const minutes = (performance.now() - started) / 60_000;
    io.stdout(`done in ${minutes.toFixed(1)} min; wrote ${options.output}\n`);
  } finally {
    await Promise.all(engines.map((e) => e.close()));
  }
}

/** Validation averages each picture's outputs with its mirror image's, as the app predicts. */
const TEST_FLIP = true;

function epochLine(r: EpochReport, epochs: number, seconds: number, elapsed: number): string {
  const v = r.validation;
  return (
    `epoch ${String(r.epoch).padStart(String(epochs).length)}/${epochs}  ` +
    `loss ${r.loss.toFixed(4)}  accuracy ${(r.accuracy * 100).toFixed(2)}%` +
    (v
      ? `  validation loss ${v.loss.toFixed(4)}  accuracy ${(v.accuracy * 100).toFixed(2)}%`
      : '') +
    `  (${seconds.toFixed(0)} s; ${(elapsed / 60).toFixed(1)} min in all)\n`
  );
}

/** What one run writes after each epoch, besides the layers. */
interface Run {
  model: Model;
  /** The nodes the trained layers go back to. */
  nodeIds: readonly string[];
  settings: TrainingSettings;
  data: TrainingData;
  classNames: readonly string[];
  started: Date;
  curves: TrainHistory;
}

/** The model after this epoch: its layers, and a training record that replaces the old one. */
function modelText(run: Run, report: EpochReport, step: number, layers: readonly Layer[]): string {
  const { model, settings } = run;
  const v = report.validation;
  const input = layers[0] as ImageInputLayer;
  const training = trainingRecord({
    settings,
    curves: run.curves.snapshot(),
    final: {
      epochs: report.epoch,
      steps: step,
      loss: report.loss,
      accuracy: report.accuracy,
      validationLoss: v ? v.loss : null,
      validationAccuracy: v ? v.accuracy : null,
      validationRight: v?.confusion ? v.confusion.reduce((sum, row, i) => sum + row[i]!, 0) : null,
      validationTotal: v?.predicted ? v.predicted.length : null,
    },
    classNames: [...run.classNames],
    preprocessing: {
      kind: 'image',
      height: input.height,
      width: input.width,
      channels: input.channels,
      mean: input.mean,
      std: input.std,
      testFlip: TEST_FLIP,
    },
    data: run.data,
    started: run.started,
    ended: new Date(),
  });
  const trained = withLayers(model, run.nodeIds, [...layers]);
  return serializeModel({
    ...trained,
    metadata: { ...model.metadata, modified: new Date().toISOString() },
    training,
  });
}

function reportSkipped(skipped: { file: string; reason: string }[], io: CommandIo): void {
  if (skipped.length === 0) return;
  const shown = skipped.slice(0, 10).map((s) => `  ${s.file}: ${s.reason}\n`);
  const more = skipped.length > 10 ? `  … and ${skipped.length - 10} more\n` : '';
  io.stdout(
    `skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'} that are not pictures:\n${shown.join('')}${more}`,
  );
}

/** The image trainer's settings from the command line, on IMAGE_DEFAULTS. */
export function parseImageSettings(
  options: TrainImagesOptions,
  validationSplit: number,
): TrainingSettings {
  const d = IMAGE_DEFAULTS;
  const number = (
    text: string | undefined,
    fallback: number,
    flag: string,
    range: Parameters<typeof parseNumber>[2],
  ) => (text === undefined ? fallback : parseNumber(text, flag, range));
  const epochs = options.epochs ? parseWhole(options.epochs, '--epochs') : d.epochs;
  if (epochs < 1) throw new UsageError('--epochs: expected a whole number ≥ 1, found 0');
  const batchSize = options.batch ? parseWhole(options.batch, '--batch') : d.batchSize;
  if (batchSize < 1) throw new UsageError('--batch: expected a whole number ≥ 1, found 0');
  // `adam` here has always meant decoupled weight decay: AdamW with PyTorch's ε.
  const adam =
    parseChoice(options.optimizer ?? 'sgd', '--optimizer', ['sgd', 'adam'] as const) === 'adam';
  return {
    ...d,
    epochs,
    batchSize,
    optimizer: adam ? 'adamw' : 'sgd',
    learningRate: number(options.lr, adam ? 0.003 : d.learningRate, '--lr', {
      min: 0,
      minOpen: true,
      expected: 'a number > 0',
    }),
    momentum: number(options.momentum, d.momentum, '--momentum', {
      min: 0,
      max: 1,
      maxOpen: true,
      expected: 'a number from 0 to below 1',
    }),
    weightDecay: number(options['weight-decay'], d.weightDecay, '--weight-decay', {
      min: 0,
      expected: 'a number ≥ 0',
    }),
    labelSmoothing: number(options.smoothing, d.labelSmoothing, '--smoothing', {
      min: 0,
      max: 1,
      maxOpen: true,
      expected: 'a number from 0 to below 1',
    }),
    augment: {
      ...d.augment,
      shift: options.pad ? parseWhole(options.pad, '--pad', 64) : d.augment.shift,
    },
    seed: options.seed ? parseWhole(options.seed, '--seed', 2 ** 32 - 1) : d.seed,
    validationSplit,
    ...(options.loss ? { loss: parseLoss(options.loss) } : {}),
    ...(options.precision ? { precision: parsePrecision(options.precision) } : {}),
  };
}

export function parseLoss(text: string): LossName {
  return parseChoice(text, '--loss', LOSSES);
}

export function parsePrecision(text: string): Precision {
  return parseChoice(text, '--precision', PRECISIONS);
}
