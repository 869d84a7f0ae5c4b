/**
 * Accuracy and the confusion matrix, as nnfs measures them: the predicted class is the
 * largest output (`np.argmax(output, axis=1)`); binary outputs are thresholded at 0.5; a
 * regression output counts as right within std(y)/250 of its target (Accuracy_Regression).
 */
import type { LossName, Targets } from './losses.ts';
import type { TypedArray } from '../tensor/tensor.ts';

/** The index of each row's largest value; the first one on ties, or the first NaN, as np.argmax. */
export function argmaxRows(
  data: ArrayLike<number>,
  rows: number,
  width: number,
  out: Int32Array = new Int32Array(rows),
): Int32Array {
  for (let i = 0; i < rows; i++) {
    const row = i * width;
    let best = 0;
    let max = data[row]!;
    if (!Number.isNaN(max)) {
      for (let j = 1; j < width; j++) {
        const v = data[row + j]!;
        if (v > max || Number.isNaN(v)) {
          best = j;
          max = v;
          if (Number.isNaN(v)) break;
        }
      }
    }
    out[i] = best;
  }
  return out;
}

/** The fraction of predictions equal to the truth, `np.mean(predictions == y)`. */
export function accuracy(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  if (predicted.length !== truth.length) {
    throw new Error(`${predicted.length} predictions for ${truth.length} labels`);
  }
  let right = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) right++;
  return truth.length === 0 ? 0 : right / truth.length;
}

/** Counts per (true class, predicted class): rows are the true class, columns the prediction. */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const row = matrix[truth[i]!];
    const p = predicted[i]!;
    if (row && p >= 0 && p < classes) row[p]!++;
  }
  return matrix;
}

/**
 * Accumulates what one loss counts as right over batches: classes for categorical
 * cross-entropy (and for mean squared error on class labels, which stand for one-hot rows),
 * thresholded outputs for binary cross-entropy, outputs within `precision` of their targets
 * for mean squared error on values. Keeps the confusion matrix where there are classes.
 */
export class Scorer {
  right = 0;
  total = 0;
  readonly confusion: number[][] | null;
  private predicted = new Int32Array(0);
  private truth = new Int32Array(0);
  private readonly loss: LossName;

  constructor(
    loss: LossName,
    private readonly width: number,
    /** Mean squared error: a prediction within this of its target counts as right. */
    private readonly precision = 0,
    /** Whether the targets are class labels rather than values. */
    classLabels = false,
  ) {
    this.loss = loss === 'mse' && classLabels ? 'categorical-crossentropy' : loss;
    const classes =
      this.loss === 'categorical-crossentropy'
        ? width
        : loss === 'binary-crossentropy' && width === 1
          ? 2
          : 0;
    this.confusion = classes ? confusionMatrix([], [], classes) : null;
  }

  get accuracy(): number {
    return this.total === 0 ? 0 : this.right / this.total;
  }

  add(output: TypedArray, targets: Targets, batch: number): void {
    const width = this.width;
    if (this.loss === 'mse') {
      for (let i = 0; i < batch * width; i++) {
        const y = targets.kind === 'values' ? targets.values[i]! : targets.classes[i]!;
        if (Math.abs(output[i]! - y) < this.precision) this.right++;
      }
      this.total += batch * width;
      return;
    }
    if (this.predicted.length < batch * width) {
      this.predicted = new Int32Array(batch * width);
      this.truth = new Int32Array(batch * width);
    }
    let count = batch;
    if (this.loss === 'categorical-crossentropy') {
      argmaxRows(output, batch, width, this.predicted);
      if (targets.kind === 'classes') this.truth.set(targets.classes.subarray(0, batch));
      else argmaxRows(targets.values, batch, width, this.truth);
    } else {
      count = batch * width;
      for (let i = 0; i < count; i++) {
        this.predicted[i] = output[i]! > 0.5 ? 1 : 0;
        const y = targets.kind === 'values' ? targets.values[i]! : targets.classes[i]!;
        this.truth[i] = y > 0.5 ? 1 : 0;
      }
    }
    for (let i = 0; i < count; i++) {
      const t = this.truth[i]!;
      const p = this.predicted[i]!;
      if (t === p) this.right++;
      const row = this.confusion?.[t];
      if (row) row[p]!++;
    }
    this.total += count;
  }
}

/** nnfs's Accuracy_Regression precision: the targets' standard deviation / 250. */
export function regressionPrecision(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i]! - mean) ** 2;
  return Math.sqrt(sq / n) / 250;
}
