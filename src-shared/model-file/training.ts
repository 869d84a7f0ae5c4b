/**
 * The optional `training` section (format version 2): how the model was trained, so it
 * reopens with its settings and curves. Checked as strictly as the layers: every key known,
 * every number in range, the history's lists one entry per step.
 */
import type { TrainingRecord } from '../nn/model.ts';
import type { TrainSettings } from '../worker/train-types.ts';
import { checkKeys, expectObject, isFiniteNumber } from './checks.ts';
import { childPath, fail, found, quote } from './errors.ts';

type History = TrainingRecord['history'];

const TRAINING_KEYS = ['dataset', 'settings', 'history'] as const;
/** In the order the file writes them. */
export const SETTING_KEYS = [
  'optimizer',
  'learningRate',
  'decay',
  'momentum',
  'batchSize',
  'epochs',
  'seed',
  'validationSplit',
] as const satisfies readonly (keyof TrainSettings)[];
export const HISTORY_KEYS = [
  'step',
  'loss',
  'accuracy',
  'validationLoss',
  'validationAccuracy',
] as const satisfies readonly (keyof History)[];

const OPTIMIZERS: readonly string[] = ['adam', 'sgd'] satisfies TrainSettings['optimizer'][];
/** Seeds are NumPy's 32-bit words; epochs and batch sizes share the bound. */
const MAX_COUNT = 2 ** 32 - 1;

/** The section as a TrainingRecord; undefined when the file has none. */
export function readTraining(value: unknown): TrainingRecord | undefined {
  if (value === undefined) return undefined;
  const path = 'training';
  const training = expectObject(
    value,
    path,
    'an object {"dataset": ..., "settings": ..., "history": ...}',
  );
  checkKeys(training, path, TRAINING_KEYS);
  const { dataset } = training;
  if (typeof dataset !== 'string') {
    fail(`${path}.dataset`, `expected text (the data set's name), found ${found(dataset)}`);
  }
  return {
    dataset,
    settings: readSettings(training.settings),
    history: readHistory(training.history),
  };
}

function readSettings(value: unknown): TrainSettings {
  const path = 'training.settings';
  const settings = expectObject(value, path, 'an object of training settings {"optimizer": ...}');
  checkKeys(settings, path, SETTING_KEYS);
  const { optimizer } = settings;
  const optimizerPath = `${path}.optimizer`;
  if (typeof optimizer !== 'string') {
    fail(
      optimizerPath,
      `expected an optimizer (one of ${OPTIMIZERS.join(', ')}), found ${found(optimizer)}`,
    );
  }
  if (optimizer !== 'adam' && optimizer !== 'sgd') {
    fail(
      optimizerPath,
      `unknown optimizer ${quote(optimizer)}, expected one of ${OPTIMIZERS.join(', ')}`,
    );
  }
  const number = (key: string, expected: string, ok: (n: number) => boolean): number => {
    const item = settings[key];
    if (!isFiniteNumber(item) || !ok(item)) {
      fail(childPath(path, key), `expected ${expected}, found ${found(item)}`);
    }
    return item;
  };
  const count = (key: string, min: number, note = ''): number =>
    number(
      key,
      `a whole number from ${min} to ${MAX_COUNT}${note}`,
      (n) => Number.isInteger(n) && n >= min && n <= MAX_COUNT,
    );
  // Object literals evaluate in order, so the checks run in SETTING_KEYS order.
  return {
    optimizer,
    learningRate: number('learningRate', 'a finite number > 0', (n) => n > 0),
    decay: number('decay', 'a finite number ≥ 0', (n) => n >= 0),
    momentum: number('momentum', 'a finite number ≥ 0', (n) => n >= 0),
    batchSize: count('batchSize', 0, ' (0 for the whole training set)'),
    epochs: count('epochs', 1),
    seed: count('seed', 0),
    validationSplit: number('validationSplit', 'a number from 0 to 0.5', (n) => n >= 0 && n <= 0.5),
  };
}

/** What one entry of each list may hold. */
const ENTRIES: Record<Exclude<keyof History, 'step'>, [string, (v: unknown) => boolean]> = {
  loss: ['a finite number', isFiniteNumber],
  accuracy: ['a number from 0 to 1', isFraction],
  validationLoss: ['a finite number or null', (v) => v === null || isFiniteNumber(v)],
  validationAccuracy: ['a number from 0 to 1 or null', (v) => v === null || isFraction(v)],
};

function isFraction(value: unknown): boolean {
  return isFiniteNumber(value) && value >= 0 && value <= 1;
}

function readHistory(value: unknown): History {
  const path = 'training.history';
  const history = expectObject(
    value,
    path,
    'an object of lists {"step": [...], "loss": [...], ...}',
  );
  checkKeys(history, path, HISTORY_KEYS);
  const step = readSteps(history.step, `${path}.step`);
  const list = <T>(key: keyof typeof ENTRIES): T[] => {
    const listPath = `${path}.${key}`;
    const items = readList(history[key], listPath, 'a list with one entry per step');
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
