/**
 * What the trainer trains on, whatever the data: a numbered set of samples whose inputs and
 * labels are packed by index for one batch. Rows of features are float64 (the notebook's
 * numbers); pictures stay raw bytes until a replica augments and converts them, so a batch
 * crosses to a worker at a quarter of the size.
 */
import { pictureSize, type ImageSet } from '../data/image-set.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Tensor } from '../tensor/tensor.ts';
import type { Labels } from './losses.ts';

export interface Batch {
  /** count × the sample size: features as float64, or pictures as bytes (NHWC). */
  inputs: Float64Array | Uint8Array;
  /** Class indices (count,), or target rows (count × outputs). */
  labels: Int32Array | Float64Array;
  count: number;
}

export interface Samples {
  readonly count: number;
  /** The shape of one sample: (features,) or (height, width, channels). */
  readonly shape: readonly number[];
  /** All labels, to check them against the network and the loss once. */
  readonly labels: Labels;
  /**
   * The samples at `indices`, packed into buffers kept for the next call, so a step allocates
   * nothing: the batch is valid until then, and whoever takes it reads, copies or transfers it
   * before gathering again (a replica does before its `step` or `predict` returns). A buffer
   * transferred to a worker is detached, and the next call makes a new one.
   */
  gather(indices: ArrayLike<number>): Batch;
}

/** A buffer of at least `length` values, grown as needed (and remade once transferred away). */
function scratch<T extends Float64Array | Int32Array | Uint8Array>(
  kept: { buffer: T | null },
  make: (length: number) => T,
  length: number,
): T {
  if (!kept.buffer || kept.buffer.length < length) kept.buffer = make(length);
  return kept.buffer.subarray(0, length) as T;
}

/** Rows of features (samples, features) with class indices or target rows. */
export function featureSamples(x: Tensor, y: Labels, what = 'data'): Samples {
  if (x.shape.length !== 2) {
    throw new ShapeError(
      `the ${what} must have shape (samples, features), found ${shapeToString(x.shape)}`,
    );
  }
  const [count, features] = x.shape as [number, number];
  const data = x.data instanceof Float64Array ? x.data : Float64Array.from(x.data);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new Error(
        `the ${what} holds ${data[i]} at sample ${Math.floor(i / features)}, feature ${i % features}`,
      );
    }
  }
  const labelCount = y instanceof Int32Array ? y.length : (y.shape[0] ?? 0);
  if (labelCount !== count) {
    throw new Error(`the ${what} has ${count} samples but ${labelCount} labels`);
  }
  const width = y instanceof Int32Array ? 1 : (y.shape[1] ?? 1);
  const targets = y instanceof Int32Array ? null : Float64Array.from(y.data);
  const keptInputs = { buffer: null as Float64Array | null };
  const keptLabels = { buffer: null as Float64Array | Int32Array | null };
  return {
    count,
    shape: [features],
    labels: y,
    gather(indices) {
      const n = indices.length;
      const inputs = scratch(keptInputs, (k) => new Float64Array(k), n * features);
      const labels: Float64Array | Int32Array = targets
        ? scratch(
            keptLabels as { buffer: Float64Array | null },
            (k) => new Float64Array(k),
            n * width,
          )
        : scratch(keptLabels as { buffer: Int32Array | null }, (k) => new Int32Array(k), n);
      for (let r = 0; r < n; r++) {
        const i = indices[r]!;
        inputs.set(data.subarray(i * features, (i + 1) * features), r * features);
        if (targets) labels.set(targets.subarray(i * width, (i + 1) * width), r * width);
        else labels[r] = (y as Int32Array)[i]!;
      }
      return { inputs, labels, count: n };
    },
  };
}

/** The pictures of `set` at `indices` (a training or validation split), in that order. */
export function pictureSamples(set: ImageSet, indices: ArrayLike<number>): Samples {
  const size = pictureSize(set);
  const labels = Int32Array.from(indices, (i) => set.labels[i]!);
  const keptPixels = { buffer: null as Uint8Array | null };
  const keptLabels = { buffer: null as Int32Array | null };
  return {
    count: indices.length,
    shape: [set.height, set.width, set.channels],
    labels,
    gather(chosen) {
      const n = chosen.length;
      const pixels = scratch(keptPixels, (k) => new Uint8Array(k), n * size);
      const batchLabels = scratch(keptLabels, (k) => new Int32Array(k), n);
      for (let r = 0; r < n; r++) {
        const i = indices[chosen[r]!]!;
        pixels.set(set.pixels.subarray(i * size, (i + 1) * size), r * size);
        batchLabels[r] = set.labels[i]!;
      }
      return { inputs: pixels, labels: batchLabels, count: n };
    },
  };
}
