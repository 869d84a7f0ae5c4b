/** Helpers shared by the training tests: finite differences and comparisons. */
import type { ImageSet } from '../data/image-set.ts';
import { RandomState } from '../rng/random-state.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** A float64 tensor of standard normal values from a seeded generator. */
export function randomTensor(shape: number[], seed: number, scale = 1): Tensor {
  const t = new RandomState(seed).randn(...shape);
  for (let i = 0; i < t.data.length; i++) t.data[i] = scale * t.data[i]!;
  return t;
}

/**
 * dL/dvalues[i] by central differences, (L(v + h) − L(v − h)) / 2h, changing `values` in place
 * and restoring each entry.
 */
export function numericGradient(
  values: Float64Array | Float32Array,
  loss: () => number,
  h = 1e-6,
): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const old = values[i]!;
    values[i] = old + h;
    const up = loss();
    values[i] = old - h;
    const down = loss();
    values[i] = old;
    out[i] = (up - down) / (2 * h);
  }
  return out;
}

/** ‖a − b‖ / max(‖a‖, ‖b‖): the relative error of a whole gradient (0 when both are 0). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let diff = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  const scale = Math.sqrt(Math.max(na, nb));
  return scale === 0 ? 0 : Math.sqrt(diff) / scale;
}

/** Σ output ⊙ weights: a scalar whose gradient with respect to the output is `weights`. */
export function weightedSum(output: Tensor, weights: Tensor): number {
  let sum = 0;
  for (let i = 0; i < output.data.length; i++) sum += output.data[i]! * weights.data[i]!;
  return sum;
}

/** Bright and dark 8×8 noisy pictures, alternating: an easy two-class set. */
export function brightOrDark(count: number, seed: number): ImageSet {
  const rng = new RandomState(seed);
  const size = 8 * 8 * 3;
  const pixels = new Uint8Array(count * size);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    const level = labels[i] === 0 ? 190 : 70;
    for (let j = 0; j < size; j++) {
      pixels[i * size + j] = Math.round(level + 60 * (rng.randomSample() - 0.5));
    }
  }
  const files = Array.from({ length: count }, (_, i) => `${i % 2 ? 'dark' : 'bright'}/${i}.png`);
  return {
    height: 8,
    width: 8,
    channels: 3,
    classNames: ['bright', 'dark'],
    pixels,
    labels,
    files,
  };
}
