/**
 * Rows of features split for a run: the last `share` of a seeded shuffle held out for
 * validation, the same rows in the engine, the CLI and the app.
 */
import { RandomState } from '../rng/random-state.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import { featureSamples, type Samples } from '../train/samples.ts';
import type { FeatureData } from './train-types.ts';

interface Dataset {
  x: Tensor;
  y: Int32Array;
}

/** Splits off the last `share` of a seeded shuffle as validation data. */
export function splitData(
  data: FeatureData,
  share: number,
  seed: number,
): { train: Dataset; validation?: Dataset } {
  const n = data.y.length;
  const held = Math.floor(n * Math.min(0.5, Math.max(0, share)));
  if (held === 0) return { train: { x: data.x, y: data.y } };
  const order = new RandomState(seed).permutation(n);
  const take = (indices: ArrayLike<number>): Dataset => {
    const features = data.x.shape[1]!;
    const x = new Float64Array(indices.length * features);
    const y = new Int32Array(indices.length);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      x.set(data.x.data.subarray(i * features, (i + 1) * features), k * features);
      y[k] = data.y[i]!;
    }
    return { x: tensor(x, [indices.length, features]) as Tensor, y };
  };
  return { train: take(order.subarray(0, n - held)), validation: take(order.subarray(n - held)) };
}

/** Rows of features as the trainer takes them. */
export interface RowSamples {
  train: Samples;
  validation: Samples | null;
  /** Every row (the training ones when nothing is held out): the exact confusion matrix's. */
  all: Samples;
}

/** The rows checked and split as `splitData` splits them, each set checked once. */
export function rowSamples(data: FeatureData, share: number, seed: number): RowSamples {
  const all = featureSamples(data.x, data.y);
  const { train, validation } = splitData(data, share, seed);
  if (!validation) return { train: all, validation: null, all };
  return {
    train: featureSamples(train.x, train.y),
    validation: featureSamples(validation.x, validation.y, 'validation'),
    all,
  };
}
