/**
 * A classifier's answer for each input, pictures or rows alike: every class's probability, the
 * most likely class and its probability. `predict` prints these; `evaluate` takes the rows'
 * answers for its list of confident mistakes.
 */
import { argmaxRows } from '../src-shared/train/metrics.ts';
import { tensor, type Tensor } from '../src-shared/tensor/tensor.ts';
import { applyTransform } from '../src-shared/vision/augment.ts';
import { finiteForward } from './finite-outputs.ts';
import { printable } from './printable.ts';
import type { Runnable } from './read-model.ts';

export interface Prediction {
  /** What was predicted: a picture file, or a row of a file ("X.csv row 2"). */
  input: string;
  class: string;
  probability: number;
  /** Every class's probability, by name. */
  probabilities: Record<string, number>;
}

/**
 * Each row's class probabilities (rows × classes, row-major). A sigmoid's one unit is the
 * probability of class 1, so it becomes two columns, 1 − p and p.
 */
export function rowProbabilities(model: Runnable, x: Tensor, source: string): Float64Array {
  const output = finiteForward(model, x, source).at(-1)!.data;
  const rows = x.shape[0]!;
  if (output.length !== rows) return Float64Array.from(output);
  const both = new Float64Array(rows * 2);
  output.forEach((p, i) => {
    both[2 * i] = 1 - p;
    both[2 * i + 1] = p;
  });
  return both;
}

/**
 * One picture's class probabilities. With `flip` (how a model trained with test-time flips was
 * scored), the average of the picture's and its mirror image's.
 */
export function pictureProbabilities(
  model: Runnable,
  pixels: Uint8Array,
  flip: boolean,
  source: string,
): Float32Array {
  const input = model.network.layers[0] as { height: number; width: number; channels: number };
  const shape = [1, input.height, input.width, input.channels];
  const run = (values: Float32Array) =>
    finiteForward(model, tensor(values, shape), source).at(-1)!.data;
  const probabilities = Float32Array.from(run(Float32Array.from(pixels)));
  if (flip) {
    const mirrored = new Float32Array(pixels.length);
    applyTransform(pixels, mirrored, 0, input, { dy: 0, dx: 0, flip: true });
    run(mirrored).forEach((p, k) => (probabilities[k] = (probabilities[k]! + p) / 2));
  }
  return probabilities;
}

/** The prediction read from one input's probabilities (in the order of `classNames`). */
export function toPrediction(
  input: string,
  probabilities: ArrayLike<number>,
  classNames: readonly string[],
): Prediction {
  const best = argmaxRows(probabilities, 1, classNames.length)[0]!;
  return {
    input,
    class: classNames[best]!,
    probability: probabilities[best]!,
    probabilities: Object.fromEntries(classNames.map((name, k) => [name, probabilities[k]!])),
  };
}

/** One line of `predict`'s text output: `Cat/1.jpg: Cat 95.5%`. */
/** One line whatever the file is called: its name escaped (a newline in it cannot forge a line). */
export const predictionLine = (p: Prediction) =>
  `${printable(p.input)}: ${printable(p.class)} ${(p.probability * 100).toFixed(1)}%`;
