/**
 * Losses and their gradients, as nnfs writes them (Loss_CategoricalCrossentropy,
 * Activation_Softmax_Loss_CategoricalCrossentropy, Loss_BinaryCrossentropy,
 * Loss_MeanSquaredError). The loss of a batch is the mean of its samples' losses; each gradient
 * is dL/doutput of that mean, so it carries the 1/n.
 *
 *   categorical cross-entropy  L_i = −log clip(p_i,y_i)                  dL/dp = −y/p / n
 *   … after softmax, combined  dL/dz = (p − onehot) / n   (stable: no division by p)
 *   binary cross-entropy       L_i = mean_j −(y log p + (1−y) log(1−p))   dL/dp = −(y/p − (1−y)/(1−p)) / outputs / n
 *   mean squared error         L_i = mean_j (y − p)²                     dL/dp = −2(y − p) / outputs / n
 *
 * Probabilities are clipped to [1e-7, 1 − 1e-7] as nnfs does, so log never sees 0.
 *
 * Class labels stand for one-hot rows (for binary cross-entropy with one output, for the 0/1
 * target itself). Label smoothing ε makes the rows (1 − ε)·onehot + ε/outputs, for cross-entropy.
 */
import { shapeToString, type Tensor, type TypedArray } from '../tensor/tensor.ts';

export const LOSSES = ['categorical-crossentropy', 'binary-crossentropy', 'mse'] as const;
export type LossName = (typeof LOSSES)[number];

/**
 * What a data set's samples should give: class indices (n,), or one row of targets per sample
 * (n, outputs) — one-hot rows, 0/1 targets for binary cross-entropy, values for regression.
 */
export type Labels = Int32Array | Tensor;

/** A batch's targets on flat arrays: class indices, or `width` values per sample. */
export type Targets =
  | { readonly kind: 'classes'; readonly classes: Int32Array; readonly smoothing?: number }
  | { readonly kind: 'values'; readonly values: Float64Array };

/** nnfs's clip: probabilities stay in [1e-7, 1 − 1e-7]. */
export const CLIP = 1e-7;
const CLIP_HIGH = 1 - CLIP;
const clip = (p: number) => (p < CLIP ? CLIP : p > CLIP_HIGH ? CLIP_HIGH : p);

/** Each sample's loss into `out` (batch,), for `batch` rows of `width` outputs. */
export function sampleLossesInto(
  loss: LossName,
  output: TypedArray,
  targets: Targets,
  out: Float64Array,
  batch: number,
  width: number,
): void {
  switch (loss) {
    case 'categorical-crossentropy':
      for (let i = 0; i < batch; i++) {
        const row = i * width;
        if (targets.kind === 'classes' && !targets.smoothing) {
          out[i] = -Math.log(clip(output[row + targets.classes[i]!]!));
        } else if (targets.kind === 'classes') {
          // −Σ t·log p over the smoothed row.
          let sum = 0;
          for (let j = 0; j < width; j++) {
            sum -= target(targets, row + j, i, width) * Math.log(clip(output[row + j]!));
          }
          out[i] = sum;
        } else {
          // np.sum(y_pred_clipped * y_true, axis=1): one-hot rows pick the true class.
          let confidence = 0;
          for (let j = 0; j < width; j++) {
            confidence += clip(output[row + j]!) * targets.values[row + j]!;
          }
          out[i] = -Math.log(confidence);
        }
      }
      break;
    case 'binary-crossentropy':
      for (let i = 0; i < batch; i++) {
        const row = i * width;
        let sum = 0;
        for (let j = 0; j < width; j++) {
          const p = clip(output[row + j]!);
          const y = target(targets, row + j, i);
          sum += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
        }
        out[i] = sum / width;
      }
      break;
    case 'mse':
      for (let i = 0; i < batch; i++) {
        const row = i * width;
        let sum = 0;
        for (let j = 0; j < width; j++) {
          const d = target(targets, row + j, i, width) - output[row + j]!;
          sum += d * d;
        }
        out[i] = sum / width;
      }
      break;
    default:
      throw new Error(`unknown loss ${loss satisfies never}`);
  }
}

/**
 * dL/doutput of the batch's mean loss into `dinputs`. With `afterSoftmax`, categorical
 * cross-entropy gives instead dL/dz for the softmax's inputs z, the combined (p − y)/n,
 * and the softmax's own backward pass is skipped.
 */
export function lossGradientInto(
  loss: LossName,
  output: TypedArray,
  targets: Targets,
  dinputs: TypedArray,
  batch: number,
  width: number,
  afterSoftmax = false,
): void {
  const size = batch * width;
  switch (loss) {
    case 'categorical-crossentropy':
      if (afterSoftmax) {
        for (let i = 0; i < size; i++) {
          dinputs[i] = (output[i]! - target(targets, i, (i / width) | 0, width)) / batch;
        }
      } else {
        for (let i = 0; i < size; i++) {
          dinputs[i] = -target(targets, i, (i / width) | 0, width) / output[i]! / batch;
        }
      }
      break;
    case 'binary-crossentropy':
      for (let i = 0; i < size; i++) {
        const p = clip(output[i]!);
        const y = target(targets, i, (i / width) | 0);
        dinputs[i] = -(y / p - (1 - y) / (1 - p)) / width / batch;
      }
      break;
    case 'mse':
      for (let i = 0; i < size; i++) {
        const y = target(targets, i, (i / width) | 0, width);
        dinputs[i] = (-2 * (y - output[i]!)) / width / batch;
      }
      break;
    default:
      throw new Error(`unknown loss ${loss satisfies never}`);
  }
}

/**
 * The target of flat output position `index` (sample `sample`): the value itself; from class
 * indices, the one-hot entry when `width` is given, else the class itself (0/1, one output).
 */
function target(targets: Targets, index: number, sample: number, width?: number): number {
  if (targets.kind === 'values') return targets.values[index]!;
  const c = targets.classes[sample]!;
  if (width === undefined) return c;
  const off = (targets.smoothing ?? 0) / width;
  return index - sample * width === c ? 1 - (targets.smoothing ?? 0) + off : off;
}

/**
 * Checks labels against a loss and the network's outputs and returns them as targets.
 * Class indices suit categorical cross-entropy (0 ≤ class < outputs) and binary cross-entropy
 * with one output (classes 0 and 1); rows of targets must have the output's shape.
 */
export function toTargets(
  loss: LossName,
  labels: Labels,
  samples: number,
  outputs: number,
  smoothing = 0,
): Targets {
  if (!(smoothing >= 0 && smoothing < 1)) {
    throw new RangeError(`label smoothing takes 0 ≤ ε < 1, found ${smoothing}`);
  }
  if (labels instanceof Int32Array) {
    if (labels.length !== samples) {
      throw new Error(`${samples} samples need ${samples} labels, found ${labels.length}`);
    }
    if (loss === 'mse' && outputs === 1) {
      throw new Error(
        'mean squared error with one output needs target values of shape (samples, 1), not class indices',
      );
    }
    const classes = loss === 'binary-crossentropy' ? 2 : outputs;
    if (loss === 'binary-crossentropy' && outputs !== 1) {
      throw new Error(
        `binary cross-entropy with class labels needs one output, found ${outputs}: give 0/1 targets of shape (${samples}, ${outputs})`,
      );
    }
    for (let i = 0; i < labels.length; i++) {
      const c = labels[i]!;
      if (c < 0 || c >= classes) {
        throw new Error(
          `label ${i} is class ${c}, but the network has ${outputs} output${outputs === 1 ? '' : 's'}: classes must be 0 to ${classes - 1}`,
        );
      }
    }
    return loss === 'categorical-crossentropy' && smoothing > 0
      ? { kind: 'classes', classes: labels, smoothing }
      : { kind: 'classes', classes: labels };
  }
  if (labels.shape.length !== 2 || labels.shape[0] !== samples || labels.shape[1] !== outputs) {
    throw new Error(
      `targets must have shape (${samples}, ${outputs}) like the network's output, found ${shapeToString(labels.shape)}`,
    );
  }
  for (let i = 0; i < labels.data.length; i++) {
    if (!Number.isFinite(labels.data[i])) {
      throw new Error(`target ${i} is ${labels.data[i]}, not a finite number`);
    }
  }
  return { kind: 'values', values: Float64Array.from(labels.data) };
}

/** The mean loss of a batch of outputs (batch, outputs). */
export function lossValue(loss: LossName, output: Tensor, labels: Labels): number {
  const [batch, width] = dims(output);
  const out = new Float64Array(batch);
  sampleLossesInto(loss, f64(output), toTargets(loss, labels, batch, width), out, batch, width);
  let sum = 0;
  for (let i = 0; i < batch; i++) sum += out[i]!;
  return sum / batch;
}

/** dL/doutput of the mean loss, nnfs's `loss.backward(output, y)`. */
export function lossGradient(loss: LossName, output: Tensor, labels: Labels): Tensor {
  return gradient(loss, output, labels, false);
}

/** The combined softmax + categorical cross-entropy gradient dL/dz = (p − onehot) / n. */
export function softmaxCrossEntropyGradient(probabilities: Tensor, labels: Labels): Tensor {
  return gradient('categorical-crossentropy', probabilities, labels, true);
}

function gradient(loss: LossName, output: Tensor, labels: Labels, afterSoftmax: boolean): Tensor {
  const [batch, width] = dims(output);
  const dinputs = new Float64Array(batch * width);
  const targets = toTargets(loss, labels, batch, width);
  lossGradientInto(loss, f64(output), targets, dinputs, batch, width, afterSoftmax);
  return { shape: [batch, width], dtype: 'float64', data: dinputs };
}

function dims(output: Tensor): [number, number] {
  if (output.shape.length !== 2) {
    throw new Error(
      `a loss takes outputs of shape (batch, outputs), found ${shapeToString(output.shape)}`,
    );
  }
  return output.shape as [number, number];
}

function f64(t: Tensor): Float64Array {
  return t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
}
