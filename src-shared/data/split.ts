/**
 * A seeded train/validation split: `RandomState(seed).permutation(n)`, the first rows of it
 * for training and the last round(n · fraction) for validation, each kept in that order.
 * In NumPy: `idx = np.random.RandomState(seed).permutation(n); train, val = idx[:n - k], idx[n - k:]`.
 */
import { RandomState } from '../rng/random-state.ts';
import type { Tensor } from '../tensor/tensor.ts';

export interface LabelledSet {
  x: Tensor;
  y: Int32Array;
}

export function splitDataset(
  data: LabelledSet,
  fraction: number,
  seed = 0,
): { train: LabelledSet; validation: LabelledSet | null } {
  if (!(fraction >= 0 && fraction < 1)) {
    throw new Error(`the validation share must be at least 0 and below 1, found ${fraction}`);
  }
  const n = data.x.shape[0] as number;
  const held = Math.round(n * fraction);
  if (held === 0) return { train: data, validation: null };
  if (held >= n) throw new Error(`holding out ${held} of ${n} rows leaves none to train on`);
  const order = new RandomState(seed).permutation(n);
  return {
    train: take(data, order.subarray(0, n - held)),
    validation: take(data, order.subarray(n - held)),
  };
}

/** The rows `indices` of a data set, in that order. */
export function take(data: LabelledSet, indices: Int32Array): LabelledSet {
  const cols = data.x.shape[1] as number;
  const x = new Float64Array(indices.length * cols);
  const y = new Int32Array(indices.length);
  indices.forEach((row, i) => {
    x.set(data.x.data.subarray(row * cols, (row + 1) * cols), i * cols);
    y[i] = data.y[row]!;
  });
  return { x: { shape: [indices.length, cols], dtype: 'float64', data: x }, y };
}
