/**
 * `evaluate` on rows of features (a CSV file or a generated data set): the loss, accuracy and
 * confusion matrix the trainer computes, with the class names and feature scaling that `train`
 * stored in the model, so new data is read as the training file was.
 */
import { describeReading } from '../src-shared/data/csv.ts';
import { applyNormalization } from '../src-shared/data/normalize.ts';
import { argmaxRows } from '../src-shared/train/metrics.ts';
import { inClasses } from './class-labels.ts';
import { checkFits, evaluateNetwork } from './evaluation.ts';
import { confidentMistakes, rightOf, type EvaluationReport } from './evaluation-report.ts';
import { DataMisfitError, type ModelInput } from './model-input.ts';
import { rowProbabilities } from './prediction.ts';
import type { LoadedData } from './read-data.ts';
import type { Runnable } from './read-model.ts';
import { readPreprocessing } from './trained.ts';
import { UsageError } from './usage.ts';

/** Where rows of features come from, for messages that say what the model takes. */
export const ROWS_HINT = 'a CSV file, or a generated data set such as spiral:3x100';

export async function evaluateRows(
  modelPath: string,
  model: Runnable,
  input: Extract<ModelInput, { kind: 'rows' }>,
  loaded: LoadedData,
  /** `--labels`: the file's label of each class, for a model that stores no class names. */
  labels: string[] | null,
): Promise<EvaluationReport> {
  const features = loaded.x.shape[1]!;
  if (features !== input.features) {
    throw new DataMisfitError(modelPath, input, ROWS_HINT, rowsText(loaded));
  }
  let stored;
  try {
    stored = readPreprocessing(model.training, features);
  } catch (error) {
    throw new Error(`${modelPath}: ${(error as Error).message}`, { cause: error });
  }
  if (labels && stored.classNames) {
    throw new UsageError(
      `--labels: ${modelPath} stores its class names (${stored.classNames.join(', ')}) and labels map by them; --labels is for models without them`,
    );
  }
  if (labels && !loaded.features) throw new UsageError('--labels applies to CSV files only');
  const data = !loaded.features
    ? loaded
    : stored.classNames
      ? inClasses(loaded, stored.classNames, 'the model was trained on')
      : labels
        ? inClasses(loaded, labels, '--labels lists')
        : numberedClasses(loaded);
  checkFits(model.network, data, modelPath);
  const x = stored.normalization ? applyNormalization(stored.normalization, data.x) : data.x;
  // First, so that a row that overflows stops the command before any figure is made of it.
  const probabilities = rowProbabilities(model, x, data.source);
  const { loss, accuracy, confusion } = await evaluateNetwork(model.network, x, data.y);
  // checkFits has refused networks that are not classifiers, so there is a confusion matrix.
  if (!confusion) throw new Error(`${modelPath}: the network is not a classifier`);
  if (!Number.isFinite(loss)) throw new Error(nonFiniteLoss(data.source, loss));
  const samples = data.y.length;
  const classes = probabilities.length / samples;
  const predicted = argmaxRows(probabilities, samples, classes);
  return {
    model: modelPath,
    data: data.source,
    split: 'all',
    splitRule: null,
    reading: data.reading && describeReading(data.reading),
    samples,
    right: rightOf(confusion),
    accuracy,
    loss,
    classes: data.classNames,
    confusion,
    skipped: [],
    mistakes: confidentMistakes({
      inputs: (k) => `row ${k + 1}`,
      truths: data.y,
      predicted,
      confidence: Array.from(predicted, (c, k) => probabilities[k * classes + c]!),
      classNames: data.classNames,
    }),
  };
}

/** The loss alone can overflow (a probability of 0 for the true class): no figure then. */
export function nonFiniteLoss(source: string, loss: number): string {
  return `${source}: the loss is ${Number.isNaN(loss) ? 'nan' : 'inf'} (an answer gave the true class no chance at all), so there is no result`;
}

/** "blobs.csv is a CSV file of 2 features per row (x1, x2)", for messages. */
export function rowsText(data: LoadedData): string {
  const n = data.x.shape[1]!;
  const names = data.features && n <= 8 ? ` (${data.features.join(', ')})` : '';
  const kind = data.features ? 'a CSV file' : 'a generated data set';
  return `${data.source} is ${kind} of ${n} feature${n === 1 ? '' : 's'} per row${names}`;
}

/**
 * Without stored class names a label can only be the class's number: the file's labels must be
 * exactly 0, 1, …, k−1 (so the reader's numbering is theirs). Anything else would be a guess.
 */
function numberedClasses(data: LoadedData): LoadedData {
  const numbered = data.classNames.every((name, i) => name === String(i));
  if (numbered) return data;
  throw new Error(
    `${data.source}: the model stores no class names, so the file's ${data.classNames.length} different labels must be the class numbers 0 to ${data.classNames.length - 1}; found ${data.classNames.join(', ')}. ` +
      'Give the label of each class with --labels (--labels=-1,0,1: -1 is class 0), relabel the file with class numbers, or train the model with weightcraft train so that it stores its class names',
  );
}
