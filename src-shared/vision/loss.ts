/**
 * Softmax with categorical cross-entropy, fused: with p = softmax(z) and targets
 * t = (1 − ε) · onehot + ε / classes, the loss −Σ t · log p has the gradient p − t per sample,
 * which needs no division by p and so stays finite however confident the net is.
 */

export interface CrossEntropyOptions {
  readonly batch: number;
  readonly classes: number;
  /** Label smoothing ε in [0, 1): targets (1 − ε) · onehot + ε / classes. */
  readonly smoothing?: number;
}

/**
 * The batch's mean loss for `logits` (batch × classes) and integer `labels`; writes
 * dLoss/dlogits = (p − t) / batch into `dLogits` when given.
 */
export function softmaxCrossEntropy(
  logits: Float32Array,
  labels: ArrayLike<number>,
  dLogits: Float32Array | null,
  { batch, classes, smoothing = 0 }: CrossEntropyOptions,
): number {
  if (!(smoothing >= 0 && smoothing < 1)) {
    throw new RangeError(`label smoothing takes 0 ≤ ε < 1, found ${smoothing}`);
  }
  const off = smoothing / classes;
  const on = 1 - smoothing + off;
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const row = b * classes;
    const label = labels[b]!;
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) {
      throw new RangeError(`label ${b} is ${label}; labels run from 0 to ${classes - 1}`);
    }
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c]! - max);
    // log p_c = z_c − max − log Σ exp(z − max): shifting by the max keeps exp from overflowing.
    const logSum = Math.log(sum);
    for (let c = 0; c < classes; c++) {
      const logP = logits[row + c]! - max - logSum;
      const target = c === label ? on : off;
      if (target > 0) total -= target * logP;
      if (dLogits) dLogits[row + c] = (Math.exp(logP) - target) / batch;
    }
  }
  return total / batch;
}

/** Row-wise softmax of (rows × classes) values into `out` (may be `values` itself). */
export function softmaxRows(
  values: Float32Array,
  out: Float32Array,
  rows: number,
  classes: number,
): void {
  for (let r = 0; r < rows; r++) {
    const row = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, values[row + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(values[row + c]! - max);
      out[row + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) out[row + c] = out[row + c]! / sum;
  }
}

/** Index of each row's largest value (the first on ties), as NumPy's argmax. */
export function argmaxRow(values: Float32Array, row: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) {
    if (values[row * classes + c]! > values[row * classes + best]!) best = c;
  }
  return best;
}

/** How many of the batch's rows have their largest score at the label. */
export function countCorrect(
  scores: Float32Array,
  labels: ArrayLike<number>,
  batch: number,
  classes: number,
): number {
  let correct = 0;
  for (let b = 0; b < batch; b++) if (argmaxRow(scores, b, classes) === labels[b]) correct++;
  return correct;
}
