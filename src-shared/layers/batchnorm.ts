/**
 * Batch normalisation over the last axis (channels) of NHWC pictures or (batch, features) rows:
 * every other axis is a "row". Training normalises with the batch's own statistics and folds
 * them into the running ones (PyTorch's convention); inference uses the running statistics.
 * (Ioffe & Szegedy, 2015.)
 */
import { ShapeError } from '../tensor/ops.ts';
import { sizeOf, type Tensor, type TypedArray } from '../tensor/tensor.ts';
import { childPath } from '../model-file/errors.ts';
import { channelPassBytes } from '../kernels/working-set.ts';
import type { Backend } from './backend.ts';
import type { LayerReader } from './file-form.ts';
import type { ChannelMap, LayerKind } from './kind.ts';
import { describeShape, single } from './shapes.ts';
import { filled, param, saved } from './tensors.ts';

export interface BatchNormLayer {
  readonly type: 'batchnorm';
  /** Each of shape (channels,). */
  readonly gamma: Tensor;
  readonly beta: Tensor;
  /** Running statistics, used outside training. */
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  readonly epsilon: number;
  /** Weight of the newest batch in the running statistics, as PyTorch's `momentum`. */
  readonly momentum: number;
}

/** Four lists of one length, one number per channel, loaded as float32. */
function readBatchNorm(from: LayerReader): BatchNormLayer {
  const gamma = from.list('gamma', 'one per channel');
  const channels = gamma.length;
  const perChannel = (key: 'beta' | 'runningMean' | 'runningVar') => {
    const expected = `a list of ${channels} numbers like gamma, one per channel`;
    const values = from.vector(key, expected);
    if (values.length !== channels) from.fail(key, `expected ${expected}, found ${values.length}`);
    return values;
  };
  const beta = perChannel('beta');
  const runningMean = perChannel('runningMean');
  const runningVar = perChannel('runningVar');
  runningVar.forEach((v, c) => {
    if (v < 0) {
      from.fail(childPath('runningVar', c), `expected a variance of 0 or more, found ${v}`);
    }
  });
  const epsilon = from.number('epsilon', 'a number above 0 (such as 0.001)', (e) => e > 0);
  const momentum = from.number(
    'momentum',
    'a number above 0 and at most 1 (such as 0.1)',
    (m) => m > 0 && m <= 1,
  );
  const load = (values: number[], key: string) => from.tensor(values, [channels], key, 'float32');
  return {
    type: 'batchnorm',
    gamma: load(gamma, 'gamma'),
    beta: load(beta, 'beta'),
    runningMean: load(runningMean, 'runningMean'),
    runningVar: load(runningVar, 'runningVar'),
    epsilon,
    momentum,
  };
}

/**
 * y = gamma · (x − mean) / √(var + ε) + beta with the running statistics as y = x · scale +
 * shift, written into `map`.
 */
export function inferenceMapInto(p: BatchNormParams, map: ChannelMap): ChannelMap {
  const { scale, shift } = map;
  for (let c = 0; c < scale.length; c++) {
    const s = p.gamma[c]! / Math.sqrt(p.runningVar[c]! + p.epsilon);
    scale[c] = s;
    shift[c] = p.beta[c]! - p.runningMean[c]! * s;
  }
  return map;
}

/**
 * The inference map (`inferenceMapInto`) on the backend's affine pass; with `relu`, that also
 * receives max(0, y).
 */
export function batchNormInference(
  p: BatchNormParams,
  x: TypedArray,
  y: TypedArray,
  scratch: ChannelMap,
  passes: BatchNormPasses,
  relu: TypedArray | null = null,
): void {
  const { scale, shift } = inferenceMapInto(p, scratch);
  passes.channelAffine(x, null, scale, null, shift, y, { relu });
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

/** The passes over every row, the backend's: float64 loops, or float32 kernels. */
export type BatchNormPasses = Pick<Backend, 'channelMoments' | 'channelDots' | 'channelAffine'>;

export interface BatchNormParams {
  readonly gamma: TypedArray;
  readonly beta: TypedArray;
  readonly runningMean: TypedArray;
  readonly runningVar: TypedArray;
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
  x: TypedArray,
  y: TypedArray,
  stats: BatchStats,
  passes: BatchNormPasses,
  relu: TypedArray | null = null,
): void {
  const channels = p.gamma.length;
  const rows = x.length / channels;
  const { mean, invStd, sum, sum2 } = stats;
  for (let c = 0; c < channels; c++) mean[c] = x[c]!;
  passes.channelMoments(x, mean, sum, sum2);
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
  passes.channelAffine(x, null, sum, null, sum2, y, { relu });
}

/**
 * Training backward, with x̂ = (x − mean) · invStd never stored:
 * dbeta = Σ dy, dgamma = Σ dy · x̂ = invStd · (Σ dy · x − mean · Σ dy), and
 * dx = gamma · invStd · (dy − dbeta / n − x̂ · dgamma / n), which is a · dy + b · x + k per channel.
 * With a gate (the output of a ReLU after this layer), dy is that ReLU's, multiplied by its
 * 0/1 mask as the ReLU's own backward does (so an infinite dy where it is off still gives NaN).
 */
export function batchNormTrainBackward(
  p: BatchNormParams,
  x: TypedArray,
  dy: TypedArray,
  dx: TypedArray | null,
  stats: BatchStats,
  dgamma: TypedArray,
  dbeta: TypedArray,
  passes: BatchNormPasses,
  gate: TypedArray | null = null,
): void {
  const channels = p.gamma.length;
  const rows = x.length / channels;
  const { mean, invStd, sum, sum2, coef } = stats;
  passes.channelDots(dy, x, sum, sum2, gate);
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
  passes.channelAffine(dy, x, sum, coef, sum2, dx, { gate });
}

export const batchNormKind: LayerKind<BatchNormLayer> = {
  type: 'batchnorm',
  label: 'BatchNorm',
  hint: 'γ · (x − mean) / √(var + ε) + β per channel',
  role: 'layer',
  settings: [
    // Above 0, as the model file asks: a momentum of 0 would never update the running statistics.
    { key: 'momentum', label: 'Momentum', min: 0.001, max: 1, integer: false },
    { key: 'epsilon', label: 'ε', min: 1e-12, max: 1, integer: false },
  ],
  defaults: { momentum: 0.1, epsilon: 1e-5 },
  settingsOf: (l) => ({ momentum: l.momentum, epsilon: l.epsilon }),
  describe: (l) => `γ · (x − running mean) / √(running var + ${l.epsilon}) + β per channel`,
  create({ momentum, epsilon }, inputs) {
    const input = single('batchnorm', inputs);
    const c = [input[input.length - 1]!];
    return {
      type: 'batchnorm',
      gamma: filled(c, 1, 'float32'),
      beta: filled(c, 0, 'float32'),
      runningMean: filled(c, 0, 'float32'),
      runningVar: filled(c, 1, 'float32'),
      epsilon: epsilon!,
      momentum: momentum!,
    };
  },
  outputShape(layer, inputs) {
    const input = single('batchnorm', inputs);
    const channels = layer.gamma.data.length;
    if ((input.length !== 1 && input.length !== 3) || input[input.length - 1] !== channels) {
      throw new ShapeError(
        `batchnorm normalises ${channels} channels, found ${describeShape(input)}`,
      );
    }
    if (!(layer.momentum >= 0 && layer.momentum <= 1) || !(layer.epsilon > 0)) {
      throw new ShapeError(
        `batchnorm: momentum must be 0 to 1 and ε above 0, found ${layer.momentum} and ${layer.epsilon}`,
      );
    }
    return [...input];
  },
  parameters: (layer) => [
    { field: 'gamma', tensor: layer.gamma, decay: false },
    { field: 'beta', tensor: layer.beta, decay: false },
  ],
  cost(layer, inputs) {
    const values = sizeOf(inputs[0]!);
    const channels = layer.gamma.data.length;
    return {
      flops: values,
      // float64 runs plain loops in place; float32 copies each pass into the kernels' memory.
      kernelBytes: (batch, precision) =>
        precision === 'float64' ? 0 : channelPassBytes(batch * values, channels),
    };
  },
  runtime(layer, inputs, backend) {
    const channels = layer.gamma.data.length;
    const gamma = param(backend, 'gamma', layer.gamma, false);
    const beta = param(backend, 'beta', layer.beta, false);
    const runningMean = backend.copy(layer.runningMean.data);
    const runningVar = backend.copy(layer.runningVar.data);
    const { epsilon, momentum } = layer;
    const stats = batchStats(channels);
    const inference = { scale: new Float64Array(channels), shift: new Float64Array(channels) };
    const output = backend.scratch();
    const current = (): BatchNormParams => ({
      gamma: gamma.value,
      beta: beta.value,
      runningMean,
      runningVar,
      epsilon,
      momentum,
    });
    let input: TypedArray = runningMean;
    let trained = false;
    const forward = (xs: readonly TypedArray[], training: boolean, relu: TypedArray | null) => {
      input = xs[0]!;
      trained = training;
      const y = output.get(input.length);
      if (training) batchNormTrainForward(current(), input, y, stats, backend, relu);
      else batchNormInference(current(), input, y, inference, backend, relu);
      return y;
    };
    const backward = (dy: TypedArray, dx: TypedArray | null, gate: TypedArray | null) => {
      if (!trained) throw new Error('batchnorm: backward needs a forward pass in training mode');
      const { grad } = gamma;
      batchNormTrainBackward(current(), input, dy, dx, stats, grad, beta.grad, backend, gate);
    };
    return {
      outShape: [...inputs[0]!],
      params: [gamma, beta],
      forward: (xs, _batch, { training }) => forward(xs, training, null),
      backward: (dy, [dx]) => backward(dy, dx ?? null, null),
      withRelu: {
        forward: (xs, _batch, { training }, relu) => forward(xs, training, relu),
        backward: (dRelu, relu, [dx]) => backward(dRelu, dx ?? null, relu),
      },
      inferenceMap: () => inferenceMapInto(current(), inference),
      toLayer: () => {
        const shape = [channels];
        const dtype = layer.gamma.dtype;
        return {
          ...layer,
          gamma: saved(gamma.value, shape, dtype),
          beta: saved(beta.value, shape, dtype),
          runningMean: saved(runningMean, shape, layer.runningMean.dtype),
          runningVar: saved(runningVar, shape, layer.runningVar.dtype),
        };
      },
    };
  },
  file: {
    keys: ['gamma', 'beta', 'runningMean', 'runningVar', 'epsilon', 'momentum'],
    write: (layer, out) => ({
      gamma: out.tensor(layer.gamma, 'gamma', 'float32'),
      beta: out.tensor(layer.beta, 'beta', 'float32'),
      runningMean: out.tensor(layer.runningMean, 'runningMean', 'float32'),
      runningVar: out.tensor(layer.runningVar, 'runningVar', 'float32'),
      epsilon: out.number(layer.epsilon, 'epsilon'),
      momentum: out.number(layer.momentum, 'momentum'),
    }),
    read: readBatchNorm,
  },
};
