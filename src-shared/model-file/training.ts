/**
 * The optional `training` record (format v4): how the model was trained — settings, curves,
 * final figures, class names, preprocessing, data, version and times — so it reopens with its
 * curves and new data is prepared as the training data was. Checked as strictly as the layers:
 * every key known and present (null where unknown), every number in range, the curves' lists
 * one entry per step.
 */
import type {
  FinalFigures,
  Preprocessing,
  TrainingCurves,
  TrainingData,
  TrainingRecord,
} from '../nn/model.ts';
import { NORMALIZATIONS } from '../data/normalize.ts';
import {
  LOSS_NAMES,
  OPTIMIZER_TYPES,
  PRECISIONS,
  SCHEDULES,
  type TrainingSettings,
} from '../train/settings.ts';
import { checkKeys, expectObject, isFiniteNumber, type JsonObject } from './checks.ts';
import { childPath, fail, found, quote } from './errors.ts';
import { MAX_IMAGE_SIDE, MAX_UNITS } from './limits.ts';

/** In the order the file writes them: the short facts first, the long curves last. */
export const TRAINING_KEYS = [
  'weightcraft',
  'started',
  'ended',
  'data',
  'settings',
  'final',
  'classNames',
  'preprocessing',
  'curves',
] as const satisfies readonly (keyof TrainingRecord)[];
export const SETTING_KEYS = [
  'optimizer',
  'learningRate',
  'schedule',
  'decay',
  'momentum',
  'nesterov',
  'beta1',
  'beta2',
  'epsilon',
  'weightDecay',
  'loss',
  'labelSmoothing',
  'augment',
  'batchSize',
  'epochs',
  'seed',
  'validationSplit',
  'precision',
] as const satisfies readonly (keyof TrainingSettings)[];
export const CURVE_KEYS = [
  'step',
  'loss',
  'accuracy',
  'validationLoss',
  'validationAccuracy',
] as const satisfies readonly (keyof TrainingCurves)[];
export const DATA_KEYS = ['name', 'hash', 'training', 'validation'] as const;
export const FINAL_KEYS = [
  'epochs',
  'steps',
  'loss',
  'accuracy',
  'validationLoss',
  'validationAccuracy',
  'validationRight',
  'validationTotal',
] as const satisfies readonly (keyof FinalFigures)[];
export const IMAGE_PREPROCESSING_KEYS = [
  'kind',
  'height',
  'width',
  'channels',
  'mean',
  'std',
  'testFlip',
] as const;
export const FEATURE_PREPROCESSING_KEYS = ['kind', 'normalization', 'offset', 'scale'] as const;

/** Seeds are NumPy's 32-bit words; epochs, steps and sample counts share the bound. */
const MAX_COUNT = 2 ** 32 - 1;

/** Reads the values of one object, each check naming `path.key`. */
class Reader {
  constructor(
    readonly object: JsonObject,
    readonly path: string,
  ) {}

  at(key: string): string {
    return childPath(this.path, key);
  }

  check<T>(key: string, expected: string, ok: (v: unknown) => boolean): T {
    const item = this.object[key];
    if (!ok(item)) fail(this.at(key), `expected ${expected}, found ${found(item)}`);
    return item as T;
  }

  number(key: string, expected: string, ok: (n: number) => boolean): number {
    return this.check(key, expected, (v) => isFiniteNumber(v) && ok(v));
  }

  count(key: string, min = 0, note = ''): number {
    return this.number(
      key,
      `a whole number from ${min} to ${MAX_COUNT}${note}`,
      (n) => Number.isInteger(n) && n >= min && n <= MAX_COUNT,
    );
  }

  choice<T extends string>(key: string, options: readonly T[], what: string): T {
    const item = this.object[key];
    if (typeof item !== 'string') {
      const a = /^[aeiou]/.test(what) ? 'an' : 'a';
      fail(
        this.at(key),
        `expected ${a} ${what} (one of ${options.join(', ')}), found ${found(item)}`,
      );
    }
    if (!(options as readonly string[]).includes(item)) {
      fail(this.at(key), `unknown ${what} ${quote(item)}, expected one of ${options.join(', ')}`);
    }
    return item as T;
  }

  boolean(key: string): boolean {
    return this.check(key, 'true or false', (v) => typeof v === 'boolean');
  }

  /** A value or null (not recorded); `key` must be present either way. */
  orNull<T>(key: string, read: () => T): T | null {
    return this.object[key] === null ? null : read();
  }

  text(key: string, what: string): string {
    return this.check(key, what, (v) => typeof v === 'string');
  }

  numbers(key: string, length: number, what: string): number[] {
    const expected = `a list of ${length} numbers, ${what}`;
    const item = this.object[key];
    if (!Array.isArray(item) || item.length !== length) {
      fail(this.at(key), `expected ${expected}, found ${found(item)}`);
    }
    item.forEach((v: unknown, i) => {
      if (!isFiniteNumber(v))
        fail(childPath(this.at(key), i), `expected a number, found ${found(v)}`);
    });
    return item.slice() as number[];
  }
}

function object(value: unknown, path: string, expected: string, keys: readonly string[]): Reader {
  const item = expectObject(value, path, expected);
  checkKeys(item, path, keys);
  return new Reader(item, path);
}

const isFraction = (n: number) => n >= 0 && n <= 1;

/** The record as a TrainingRecord; undefined when the file has none. */
export function readTraining(value: unknown): TrainingRecord | undefined {
  if (value === undefined) return undefined;
  const r = object(
    value,
    'training',
    'an object {"settings": ..., "curves": ..., ...}',
    TRAINING_KEYS,
  );
  const date = (key: string) =>
    r.orNull(key, () =>
      r.text(key, 'an ISO 8601 date-time such as "2026-11-26T10:00:00.000Z", or null'),
    );
  // Object literals evaluate in order, so the checks run in TRAINING_KEYS order.
  const weightcraft = r.orNull('weightcraft', () =>
    r.text('weightcraft', 'the Weightcraft version that trained it, or null'),
  );
  const started = date('started');
  const ended = date('ended');
  const data = readData(r.object.data);
  const settings = readSettings(r.object.settings);
  const final = readFinal(r.object.final);
  const classNames = r.orNull('classNames', () => readClassNames(r));
  const preprocessing = r.orNull('preprocessing', () => readPreprocessing(r.object.preprocessing));
  const curves = readCurves(r.object.curves);
  return { weightcraft, started, ended, data, settings, final, classNames, preprocessing, curves };
}

function readData(value: unknown): TrainingData {
  const r = object(value, 'training.data', 'an object {"name": ..., "hash": ..., ...}', DATA_KEYS);
  return {
    name: r.text('name', "text (the data set's name or path)"),
    hash: r.orNull('hash', () => r.text('hash', 'the file list\'s hash ("fnv1a64:…") or null')),
    training: r.orNull('training', () => r.count('training')),
    validation: r.orNull('validation', () => r.count('validation')),
  };
}

export function readSettings(value: unknown, path = 'training.settings'): TrainingSettings {
  const r = object(value, path, 'an object of training settings {"optimizer": ...}', SETTING_KEYS);
  const below1 = (n: number) => n >= 0 && n < 1;
  return {
    optimizer: r.choice('optimizer', OPTIMIZER_TYPES, 'optimizer'),
    learningRate: r.number('learningRate', 'a finite number > 0', (n) => n > 0),
    schedule: r.choice('schedule', SCHEDULES, 'schedule'),
    decay: r.number('decay', 'a finite number ≥ 0', (n) => n >= 0),
    momentum: r.number('momentum', 'a finite number ≥ 0', (n) => n >= 0),
    nesterov: r.boolean('nesterov'),
    beta1: r.number('beta1', 'a number from 0 to below 1', below1),
    beta2: r.number('beta2', 'a number from 0 to below 1', below1),
    epsilon: r.number('epsilon', 'a finite number > 0', (n) => n > 0),
    weightDecay: r.number('weightDecay', 'a finite number ≥ 0', (n) => n >= 0),
    loss: r.choice('loss', LOSS_NAMES, 'loss'),
    labelSmoothing: r.number('labelSmoothing', 'a number from 0 to below 1', below1),
    augment: readAugment(r.object.augment, r.at('augment')),
    batchSize: r.count('batchSize', 0, ' (0 for the whole training set)'),
    epochs: r.count('epochs', 1),
    seed: r.count('seed'),
    validationSplit: r.number(
      'validationSplit',
      'a number from 0 to 0.5',
      (n) => n >= 0 && n <= 0.5,
    ),
    precision: r.choice('precision', PRECISIONS, 'precision'),
  };
}

function readAugment(value: unknown, path: string): TrainingSettings['augment'] {
  const r = object(value, path, 'an object {"shift": pixels, "flip": true or false}', [
    'shift',
    'flip',
  ]);
  return {
    shift: r.number(
      'shift',
      `a whole number of pixels from 0 to ${MAX_IMAGE_SIDE}`,
      (n) => Number.isInteger(n) && n >= 0 && n <= MAX_IMAGE_SIDE,
    ),
    flip: r.boolean('flip'),
  };
}

function readFinal(value: unknown): FinalFigures {
  const r = object(
    value,
    'training.final',
    'an object of figures {"epochs": ..., "loss": ...}',
    FINAL_KEYS,
  );
  const loss = (key: string) =>
    r.orNull(key, () => r.number(key, 'a finite number or null', () => true));
  const fraction = (key: string) =>
    r.orNull(key, () => r.number(key, 'a number from 0 to 1 or null', isFraction));
  const final: FinalFigures = {
    epochs: r.count('epochs'),
    steps: r.count('steps'),
    loss: loss('loss'),
    accuracy: fraction('accuracy'),
    validationLoss: loss('validationLoss'),
    validationAccuracy: fraction('validationAccuracy'),
    validationRight: r.orNull('validationRight', () => r.count('validationRight')),
    validationTotal: r.orNull('validationTotal', () => r.count('validationTotal')),
  };
  const { validationRight: right, validationTotal: total } = final;
  if (right !== null && (total === null || right > total)) {
    fail(
      r.at('validationRight'),
      `expected at most validationTotal (${total ?? 'null'}), found ${right}`,
    );
  }
  return final;
}

function readClassNames(r: Reader): string[] {
  const names = r.object.classNames;
  const path = r.at('classNames');
  if (!Array.isArray(names) || names.length === 0 || names.length > MAX_UNITS) {
    fail(path, `expected a list of class names, or null, found ${found(names)}`);
  }
  names.forEach((name: unknown, i) => {
    if (typeof name !== 'string') fail(childPath(path, i), `expected text, found ${found(name)}`);
  });
  return names.slice() as string[];
}

function readPreprocessing(value: unknown): Preprocessing {
  const path = 'training.preprocessing';
  const item = expectObject(value, path, 'an object {"kind": "image" or "features", ...}, or null');
  const kind = new Reader(item, path).choice('kind', ['image', 'features'] as const, 'kind');
  if (kind === 'image') {
    const r = object(item, path, '', IMAGE_PREPROCESSING_KEYS);
    const side = (key: string) =>
      r.number(
        key,
        `a whole number from 1 to ${MAX_IMAGE_SIDE}`,
        (n) => Number.isInteger(n) && n >= 1 && n <= MAX_IMAGE_SIDE,
      );
    const height = side('height');
    const width = side('width');
    const channels = r.check<number>('channels', '1 (grey) or 3 (RGB)', (v) => v === 1 || v === 3);
    return {
      kind,
      height,
      width,
      channels,
      mean: r.numbers('mean', channels, 'one per channel'),
      std: r.numbers('std', channels, 'one per channel'),
      testFlip: r.boolean('testFlip'),
    };
  }
  const r = object(item, path, '', FEATURE_PREPROCESSING_KEYS);
  const normalization = r.choice('normalization', NORMALIZATIONS, 'normalization');
  const offset = r.object.offset;
  const columns = Array.isArray(offset) ? offset.length : 0;
  return {
    kind,
    normalization,
    offset: r.numbers('offset', columns, 'one per feature'),
    scale: r.numbers('scale', columns, 'one per feature, like offset'),
  };
}

/** What one entry of each list may hold. */
const ENTRIES: Record<Exclude<keyof TrainingCurves, 'step'>, [string, (v: unknown) => boolean]> = {
  loss: ['a finite number', isFiniteNumber],
  accuracy: ['a number from 0 to 1', (v) => isFiniteNumber(v) && isFraction(v)],
  validationLoss: ['a finite number or null', (v) => v === null || isFiniteNumber(v)],
  validationAccuracy: [
    'a number from 0 to 1 or null',
    (v) => v === null || (isFiniteNumber(v) && isFraction(v)),
  ],
};

function readCurves(value: unknown): TrainingCurves {
  const path = 'training.curves';
  const { object: curves } = object(
    value,
    path,
    'an object of lists {"step": [...], "loss": [...], ...}',
    CURVE_KEYS,
  );
  const step = readSteps(curves.step, `${path}.step`);
  const list = <T>(key: keyof typeof ENTRIES): T[] => {
    const listPath = `${path}.${key}`;
    const items = readList(curves[key], listPath, 'a list with one entry per step');
    if (items.length !== step.length) {
      fail(listPath, `expected ${step.length} entries like ${path}.step, found ${items.length}`);
    }
    const [expected, ok] = ENTRIES[key];
    for (let i = 0; i < items.length; i++) {
      if (!ok(items[i])) {
        fail(`${listPath}[${i}]`, `expected ${expected}, found ${found(items[i])}`);
      }
    }
    return items.slice() as T[];
  };
  return {
    step,
    loss: list<number>('loss'),
    accuracy: list<number>('accuracy'),
    validationLoss: list<number | null>('validationLoss'),
    validationAccuracy: list<number | null>('validationAccuracy'),
  };
}

/** Step numbers: whole, each above the one before. */
function readSteps(value: unknown, path: string): number[] {
  const steps = readList(value, path, 'a list of step numbers');
  let previous = -1;
  for (let i = 0; i < steps.length; i++) {
    const item = steps[i];
    if (!Number.isSafeInteger(item) || (item as number) <= previous) {
      const expected =
        i === 0 ? 'a whole number ≥ 0' : `a whole number above ${previous} (the step before)`;
      fail(`${path}[${i}]`, `expected ${expected}, found ${found(item)}`);
    }
    previous = item as number;
  }
  return steps.slice() as number[];
}

function readList(value: unknown, path: string, expected: string): unknown[] {
  if (!Array.isArray(value)) fail(path, `expected ${expected}, found ${found(value)}`);
  return value;
}
