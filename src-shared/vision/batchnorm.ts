/**
 * Batch normalisation over the last axis (channels) of NHWC pictures or (batch, features) rows:
 * every other axis is a "row". Training normalises with the batch's own statistics and folds
 * them into the running ones (PyTorch's convention); inference uses the running statistics.
 */
import type { BatchNormLayer } from '../nn/image-layers.ts';
import {
  float32Tensor,
  Scratch,
  toFloat32,
  type Param,
  type RuntimeLayer,
  type VisionLayer,
} from './runtime-layer.ts';

/** y = gamma · (x − mean) / √(var + ε) + beta with the running statistics. */
export function batchNormInference(
  x: Float32Array,
  y: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  epsilon: number,
  scratch?: { scale: Float32Array; shift: Float32Array },
): void {
  const channels = gamma.length;
  const scale = scratch?.scale ?? new Float32Array(channels);
  const shift = scratch?.shift ?? new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const s = gamma[c]! / Math.sqrt(variance[c]! + epsilon);
    scale[c] = s;
    shift[c] = beta[c]! - mean[c]! * s;
  }
  for (let at = 0; at < x.length; at += channels) {
    for (let c = 0; c < channels; c++) y[at + c] = x[at + c]! * scale[c]! + shift[c]!;
  }
}

/** What the training forward pass keeps for the backward pass, one entry per channel. */
export interface BatchStats {
  readonly mean: Float64Array;
  readonly invStd: Float64Array;
  /** Scratch for per-channel sums and coefficients. */
  readonly sum: Float64Array;
  readonly sum2: Float64Array;
  readonly coef: Float64Array;
}

export function batchStats(channels: number): BatchStats {
  return {
    mean: new Float64Array(channels),
    invStd: new Float64Array(channels),
    sum: new Float64Array(channels),
    sum2: new Float64Array(channels),
    coef: new Float64Array(channels),
  };
}

export interface BatchNormParams {
  readonly gamma: Float32Array;
  readonly beta: Float32Array;
  readonly runningMean: Float32Array;
  readonly runningVar: Float32Array;
  readonly epsilon: number;
  readonly momentum: number;
}

/**
 * Training forward: batch mean and (biased) variance per channel in one pass of float64 sums,
 * shifted by the first row's values so that a large mean cannot cancel the variance away;
 * running mean/var ← (1 − momentum) · running + momentum · batch, the variance unbiased
 * (× n / (n − 1)) as PyTorch keeps it.
 */
export function batchNormTrainForward(
  p: BatchNormParams,
  x: Float32Array,
  y: Float32Array,
  stats: BatchStats,
): void {
  const channels = p.gamma.length;
  const rows = x.length / channels;
  const { mean, invStd, sum, sum2 } = stats;
  for (let c = 0; c < channels; c++) mean[c] = x[c]!;
  sum.fill(0);
  sum2.fill(0);
  for (let at = 0; at < x.length; at += channels) {
    for (let c = 0; c < channels; c++) {
      const d = x[at + c]! - mean[c]!;
      sum[c] = sum[c]! + d;
      sum2[c] = sum2[c]! + d * d;
    }
  }
  const m = p.momentum;
  for (let c = 0; c < channels; c++) {
    const shift = sum[c]! / rows;
    const variance = Math.max(0, sum2[c]! / rows - shift * shift);
    mean[c] = mean[c]! + shift;
    invStd[c] = 1 / Math.sqrt(variance + p.epsilon);
    const unbiased = rows > 1 ? (variance * rows) / (rows - 1) : variance;
    p.runningMean[c] = (1 - m) * p.runningMean[c]! + m * mean[c]!;
    p.runningVar[c] = (1 - m) * p.runningVar[c]! + m * unbiased;
    // Reuse the sums as this pass's scale and shift: y = x · scale + offset.
    sum[c] = p.gamma[c]! * invStd[c]!;
    sum2[c] = p.beta[c]! - mean[c]! * sum[c]!;
  }
  for (let at = 0; at < x.length; at += channels) {
    for (let c = 0; c < channels; c++) y[at + c] = x[at + c]! * sum[c]! + sum2[c]!;
  }
}

/**
 * Training backward, with x̂ = (x − mean) · invStd never stored:
 * dbeta = Σ dy, dgamma = Σ dy · x̂ = invStd · (Σ dy · x − mean · Σ dy), and
 * dx = gamma · invStd · (dy − dbeta / n − x̂ · dgamma / n), which is a · dy + b · x + k per channel.
 */
export function batchNormTrainBackward(
  p: BatchNormParams,
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array | null,
  stats: BatchStats,
  dgamma: Float32Array,
  dbeta: Float32Array,
): void {
  const channels = p.gamma.length;
  const rows = x.length / channels;
  const { mean, invStd, sum, sum2, coef } = stats;
  sum.fill(0);
  sum2.fill(0);
  for (let at = 0; at < x.length; at += channels) {
    for (let c = 0; c < channels; c++) {
      const g = dy[at + c]!;
      sum[c] = sum[c]! + g;
      sum2[c] = sum2[c]! + g * x[at + c]!;
    }
  }
  for (let c = 0; c < channels; c++) {
    dbeta[c] = sum[c]!;
    dgamma[c] = invStd[c]! * (sum2[c]! - mean[c]! * sum[c]!);
  }
  if (!dx) return;
  for (let c = 0; c < channels; c++) {
    const a = p.gamma[c]! * invStd[c]!;
    const b = (-a * invStd[c]! * dgamma[c]!) / rows;
    // Reuse the sums for a and k.
    sum[c] = a;
    sum2[c] = -b * mean[c]! - (a * dbeta[c]!) / rows;
    coef[c] = b;
  }
  for (let at = 0; at < x.length; at += channels) {
    for (let c = 0; c < channels; c++) {
      dx[at + c] = sum[c]! * dy[at + c]! + coef[c]! * x[at + c]! + sum2[c]!;
    }
  }
}

/** The trainable layer: batch statistics while training, running statistics otherwise. */
export class BatchNormRuntime implements RuntimeLayer {
  readonly outShape: readonly number[];
  readonly params: readonly Param[];
  private readonly p: BatchNormParams;
  private readonly stats: BatchStats;
  private readonly inference: { scale: Float32Array; shift: Float32Array };
  private readonly output = new Scratch();
  private input: Float32Array = new Float32Array(0);
  private trained = false;

  constructor(
    private readonly layer: BatchNormLayer,
    inShape: readonly number[],
  ) {
    const channels = layer.gamma.data.length;
    this.outShape = [...inShape];
    this.p = {
      gamma: toFloat32(layer.gamma),
      beta: toFloat32(layer.beta),
      runningMean: toFloat32(layer.runningMean),
      runningVar: toFloat32(layer.runningVar),
      epsilon: layer.epsilon,
      momentum: layer.momentum,
    };
    this.stats = batchStats(channels);
    this.inference = { scale: new Float32Array(channels), shift: new Float32Array(channels) };
    this.params = [
      { field: 'gamma', value: this.p.gamma, grad: new Float32Array(channels), decay: false },
      { field: 'beta', value: this.p.beta, grad: new Float32Array(channels), decay: false },
    ];
  }

  forward(x: Float32Array, _batch: number, training: boolean): Float32Array {
    this.input = x;
    this.trained = training;
    const y = this.output.get(x.length);
    if (training) batchNormTrainForward(this.p, x, y, this.stats);
    else {
      const { gamma, beta, runningMean, runningVar, epsilon } = this.p;
      batchNormInference(x, y, gamma, beta, runningMean, runningVar, epsilon, this.inference);
    }
    return y;
  }

  backward(dy: Float32Array, spare: Float32Array, needDx: boolean): Float32Array | null {
    if (!this.trained) throw new Error('batchnorm: backward needs a forward pass in training mode');
    const dx = needDx ? spare : null;
    const [dgamma, dbeta] = [this.params[0]!.grad, this.params[1]!.grad];
    batchNormTrainBackward(this.p, this.input, dy, dx, this.stats, dgamma, dbeta);
    return dx;
  }

  toLayer(): VisionLayer {
    const shape = [this.p.gamma.length];
    return {
      ...this.layer,
      gamma: float32Tensor(this.p.gamma, shape),
      beta: float32Tensor(this.p.beta, shape),
      runningMean: float32Tensor(this.p.runningMean, shape),
      runningVar: float32Tensor(this.p.runningVar, shape),
    };
  }
}
