/**
 * `train`'s one set of options, read into the trainer's `TrainingSettings` (the form the model
 * file's training record keeps). Rows of features start from FEATURE_DEFAULTS (the book's Adam),
 * pictures from IMAGE_DEFAULTS (what trained the shipped cats-vs-dogs model); every option means
 * the same for both, and the few that cannot apply to one kind are refused naming the kind.
 */
import { availableParallelism } from 'node:os';
import { precisionOf, type Network } from '../src-shared/net/network.ts';
import { LOSSES } from '../src-shared/train/losses.ts';
import {
  defaultLearningRate,
  FEATURE_DEFAULTS,
  IMAGE_DEFAULTS,
  OPTIMIZER_TYPES,
  PRECISIONS,
  SCHEDULES,
  type TrainingSettings,
} from '../src-shared/train/settings.ts';
import { lossFor } from '../src-shared/worker/train-handler.ts';
import { parseChoice, parseNumber, parseWhole, type NumberRange } from './options.ts';
import { UsageError } from './usage.ts';

/** What the data is: rows of features (a CSV file, a generated set) or a folder of pictures. */
export type DataKind = 'rows' | 'pictures';

export interface TrainOptions {
  data?: string;
  'memory-limit'?: string;
  output?: string;
  epochs?: string;
  batch?: string;
  lr?: string;
  optimizer?: string;
  schedule?: string;
  decay?: string;
  momentum?: string;
  'weight-decay'?: string;
  smoothing?: string;
  loss?: string;
  precision?: string;
  seed?: string;
  validation?: string;
  pad?: string;
  workers?: string;
  /** Rows: the CSV label column, and feature scaling. */
  label?: string;
  /** Rows from a CSV file: the label of class 0, 1, … (default: the labels in sorted order). */
  labels?: string;
  normalize?: string;
}

/** Adam's peak rate on pictures: SGD's 0.1 would throw AdamW's weights about. */
/** Largest `--pad`, and most `--workers`. */
const MAX_PAD = 64;
const MAX_WORKERS = 16;

const SHARE: NumberRange = { min: 0, max: 0.5, expected: 'a share from 0 to 0.5' };
const BELOW_ONE: NumberRange = {
  min: 0,
  max: 1,
  maxOpen: true,
  expected: 'a number from 0 to below 1',
};
const NOT_NEGATIVE: NumberRange = { min: 0, expected: 'a number ≥ 0' };

/**
 * The settings a run trains with. The loss defaults to the one the last layer asks for
 * (softmax: cross-entropy, sigmoid: binary cross-entropy) and the precision to the network's
 * own (float64 for rows, float32 for pictures).
 */
export function parseTrainingSettings(
  options: TrainOptions,
  kind: DataKind,
  network: Network,
): TrainingSettings {
  const d = kind === 'rows' ? FEATURE_DEFAULTS : IMAGE_DEFAULTS;
  const number = (text: string | undefined, fallback: number, flag: string, range: NumberRange) =>
    text === undefined ? fallback : parseNumber(text, flag, range);

  const optimizer = parseChoice(options.optimizer ?? d.optimizer, '--optimizer', OPTIMIZER_TYPES);
  if (options.momentum !== undefined && optimizer !== 'sgd') {
    throw new UsageError('--momentum applies to --optimizer sgd only');
  }
  const schedule = parseChoice(options.schedule ?? d.schedule, '--schedule', SCHEDULES);
  if (options.decay !== undefined && schedule !== 'inverse-time') {
    throw new UsageError(
      `--decay applies to --schedule inverse-time only (this run's schedule is ${schedule})`,
    );
  }
  const loss = parseChoice(options.loss ?? lossFor(network), '--loss', LOSSES);
  if (options.smoothing !== undefined && loss !== 'categorical-crossentropy') {
    throw new UsageError(`--smoothing applies to --loss categorical-crossentropy only`);
  }
  if (options.pad !== undefined && kind === 'rows') {
    throw new UsageError(
      '--pad applies to folders of pictures only: it shifts pictures by up to that many pixels, and rows of features have no pixels',
    );
  }
  const epochs = parseWhole(options.epochs ?? String(d.epochs), '--epochs');
  if (epochs < 1) throw new UsageError('--epochs: expected a whole number ≥ 1, found 0');

  return {
    ...d,
    optimizer,
    learningRate: number(
      options.lr,
      defaultLearningRate(kind === 'rows' ? 'features' : 'pictures', optimizer),
      '--lr',
      { min: 0, minOpen: true, expected: 'a number > 0' },
    ),
    schedule,
    decay:
      schedule === 'inverse-time' ? number(options.decay, d.decay, '--decay', NOT_NEGATIVE) : 0,
    momentum: number(options.momentum, d.momentum, '--momentum', BELOW_ONE),
    weightDecay: number(options['weight-decay'], d.weightDecay, '--weight-decay', NOT_NEGATIVE),
    loss,
    labelSmoothing:
      loss === 'categorical-crossentropy'
        ? number(options.smoothing, d.labelSmoothing, '--smoothing', BELOW_ONE)
        : 0,
    augment: {
      ...d.augment,
      shift:
        options.pad === undefined ? d.augment.shift : parseWhole(options.pad, '--pad', MAX_PAD),
    },
    batchSize: parseWhole(options.batch ?? String(d.batchSize), '--batch'),
    epochs,
    seed: parseWhole(options.seed ?? String(d.seed), '--seed', 2 ** 32 - 1),
    validationSplit: number(options.validation, d.validationSplit, '--validation', SHARE),
    precision: parseChoice(options.precision ?? precisionOf(network), '--precision', PRECISIONS),
  };
}

/**
 * Worker threads that compute each batch's shares: pictures use up to two by default (the
 * machine's cores), rows none (0: this thread), since a dense network's step is too short for
 * the messages to pay off.
 */
export function parseWorkers(text: string | undefined, kind: DataKind): number {
  if (text !== undefined) return parseWhole(text, '--workers', MAX_WORKERS);
  return kind === 'pictures' ? Math.min(2, availableParallelism()) : 0;
}

/** "sgd lr 0.1, one-cycle, momentum 0.9 (Nesterov), weight decay 0.0005, smoothing 0.1". */
export function describeSettings(s: TrainingSettings): string {
  const parts = [
    `${s.optimizer} lr ${s.learningRate}`,
    s.schedule === 'inverse-time' ? `inverse-time decay ${s.decay}` : s.schedule,
    s.optimizer === 'sgd' && s.momentum
      ? `momentum ${s.momentum}${s.nesterov ? ' (Nesterov)' : ''}`
      : '',
    s.weightDecay ? `weight decay ${s.weightDecay}` : '',
    s.labelSmoothing ? `smoothing ${s.labelSmoothing}` : '',
    s.augment.shift || s.augment.flip
      ? `augment${s.augment.shift ? ` pad ${s.augment.shift}` : ''}${s.augment.flip ? ' flip' : ''}`
      : '',
  ];
  return `${parts.filter(Boolean).join(', ')}; ${s.loss}, ${s.precision}`;
}
