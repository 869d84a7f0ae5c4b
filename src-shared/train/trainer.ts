/**
 * A step-based trainer for a worker or the CLI: each `step()` trains on one mini-batch
 * (forward, loss, backward, update) and reports; the caller decides when to step, pause or
 * stop, and asks for `network()` snapshots to draw.
 *
 * Batches: each epoch takes `permutation(n)` from `RandomState(seed)` (NumPy's legacy
 * generator) and cuts it into batches in order, the last one smaller when n is not a
 * multiple. A NumPy script replays it with
 *   rs = np.random.RandomState(seed)
 *   for epoch in range(epochs):
 *       idx = rs.permutation(n)
 *       for b in range(steps): X[idx[b*batch_size:(b+1)*batch_size]] ...
 * The same seed gives the same batches, hence the same losses step for step.
 *
 * Divergence: when the loss or a new weight is not finite, the trainer stops at that step with
 * the last good weights (the update that went bad is never committed) and a message.
 */
import type { Network } from '../net/network.ts';
import { formatPythonFloat } from '../numpy/format.ts';
import { RandomState } from '../rng/random-state.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, sizeOf, type Tensor } from '../tensor/tensor.ts';
import { Net } from '../net/net.ts';
import { precisionOf } from '../net/network.ts';
import type { Precision } from './settings.ts';
import {
  LOSSES,
  lossGradientInto,
  sampleLossesInto,
  toTargets,
  type Labels,
  type LossName,
  type Targets,
} from './losses.ts';
import { regressionPrecision, Scorer } from './metrics.ts';
import {
  Optimizer,
  type OptimizerConfig,
  type OptimizerState,
  type UpdateOutcome,
} from './optimizer.ts';

export interface Dataset {
  /** Shape (samples, features). */
  x: Tensor;
  /** Class indices (samples,), or targets (samples, outputs): see `Labels`. */
  y: Labels;
}

export interface TrainerOptions {
  network: Network;
  data: Dataset;
  /** Evaluated at the end of every epoch. */
  validation?: Dataset;
  loss: LossName;
  optimizer: OptimizerConfig;
  /** Samples per step; 0 (or ≥ the number of samples) trains on the whole set each step. */
  batchSize: number;
  /** Seeds the shuffling. */
  seed: number;
  epochs: number;
  /** Shuffle each epoch (default); without it batches follow the data's order. */
  shuffle?: boolean;
  /** Default: the network's own (float64 for rows of features). */
  precision?: Precision;
  /** Continue from a checkpoint; `network` must then be the checkpoint's network. */
  resume?: TrainerCheckpoint;
}

export interface Evaluation {
  loss: number;
  accuracy: number;
  /** Rows: true class, columns: predicted class; null for regression. */
  confusion: number[][] | null;
}

export interface EpochReport {
  epoch: number;
  /** Mean loss and accuracy over the epoch's batches, as they were trained on. */
  loss: number;
  accuracy: number;
  validation?: Evaluation;
}

export interface StepReport {
  /** Counted from 1. */
  step: number;
  epoch: number;
  /** The batch within the epoch, from 1. */
  batch: number;
  /** The batch's mean loss and accuracy, before this step's update. */
  loss: number;
  accuracy: number;
  /** The learning rate this step used (after decay). */
  learningRate: number;
  /** Present on the last step of an epoch. */
  epochEnd?: EpochReport;
  /** True on the last step of the last epoch. */
  done: boolean;
}

export interface NonFiniteStop {
  stopped: 'non-finite';
  step: number;
  epoch: number;
  message: string;
}

/** What resuming needs besides the network's weights; plain data, to save as JSON. */
export interface TrainerCheckpoint {
  version: 1;
  /** Steps done. */
  step: number;
  optimizer: OptimizerState;
}

export interface Trainer {
  /** Trains one batch. Throws once training is done; repeats the stop once stopped. */
  step(): StepReport | NonFiniteStop;
  /** Loss, accuracy and confusion matrix of the current weights on a data set. */
  evaluate(x: Tensor, y: Labels): Evaluation;
  /** A snapshot of the current network, in new tensors. */
  network(): Network;
  checkpoint(): TrainerCheckpoint;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** Steps done so far. */
  readonly steps: number;
  readonly done: boolean;
  readonly stopped: NonFiniteStop | null;
}

/** Rows evaluated at once, to bound memory on large sets. */
const EVALUATION_CHUNK = 1024;

export function createTrainer(options: TrainerOptions): Trainer {
  const { loss, epochs, seed, shuffle = true } = options;
  if (!(LOSSES as readonly string[]).includes(loss)) {
    throw new Error(`unknown loss "${loss}": choose one of ${LOSSES.join(', ')}`);
  }
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new Error(`epochs must be a whole number ≥ 1, found ${epochs}`);
  }
  const pass = new Net(options.network, {
    precision: options.precision ?? precisionOf(options.network),
  });
  if (pass.inputShape.length !== 1) {
    throw new Error('this trainer takes rows of features: picture networks train on folders');
  }
  const features = pass.inputShape[0]!;
  const width = sizeOf(pass.outputShape);
  const x = inputsOf(options.data.x, features, 'data');
  const n = options.data.x.shape[0] as number;
  if (n === 0) throw new Error('the training data has no samples');
  const targets = toTargets(loss, options.data.y, n, width);
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 0) {
    throw new Error(`batchSize must be a whole number ≥ 0 (0: all samples), found ${batchSize}`);
  }
  const size = batchSize === 0 ? n : Math.min(batchSize, n);
  const stepsPerEpoch = Math.ceil(n / size);
  const totalSteps = epochs * stepsPerEpoch;
  const validation = options.validation && {
    x: options.validation.x,
    y: options.validation.y,
  };
  if (validation) inputsOf(validation.x, features, 'validation');
  // Softmax then cross-entropy: the combined gradient, without the softmax's Jacobian.
  const combined = loss === 'categorical-crossentropy' && pass.endsWithSoftmax;
  // nnfs's Accuracy_Regression: right within std(y)/250 of the training targets.
  const precision =
    loss === 'mse' && targets.kind === 'values' ? regressionPrecision(targets.values) : 0;

  const optimizer = new Optimizer(
    {
      ...options.optimizer,
      totalSteps: epochs * Math.ceil(n / (batchSize === 0 ? n : Math.min(batchSize, n))),
    },
    pass.params,
    options.resume?.optimizer,
  );
  const random = new RandomState(seed);
  // Dropout draws from its own generator, so the batches stay the same with or without it.
  const training = { training: true, rng: new RandomState([seed, 1]) };
  let order: Int32Array = new Int32Array(0);
  let orderEpoch = -1;
  let stepCount = 0;
  let stopped: NonFiniteStop | null = null;
  let epochLoss = 0;
  let epochScore = new Scorer(loss, width, precision);

  if (options.resume) {
    const { step } = options.resume;
    if (!Number.isInteger(step) || step < 0 || step > totalSteps) {
      throw new Error(`the checkpoint is at step ${step}, outside 0 to ${totalSteps}`);
    }
    stepCount = step;
  }

  // Batch buffers, reused every step; the last batch of an epoch uses their first rows.
  const xBatch = new Float64Array(size * features);
  const batchTargets: Targets =
    targets.kind === 'classes'
      ? { kind: 'classes', classes: new Int32Array(size) }
      : { kind: 'values', values: new Float64Array(size * width) };
  const losses = new Float64Array(Math.max(size, EVALUATION_CHUNK));
  const dvalues = new Float64Array(size * width);

  /** The sample order of epoch e (from 0), drawing the permutations of the epochs before it. */
  function orderOf(epoch: number): Int32Array {
    if (!shuffle) {
      if (order.length !== n) order = Int32Array.from({ length: n }, (_, i) => i);
      return order;
    }
    while (orderEpoch < epoch) {
      order = random.permutation(n);
      orderEpoch++;
    }
    return order;
  }

  function gather(indices: Int32Array, start: number, count: number): void {
    for (let r = 0; r < count; r++) {
      const i = indices[start + r]!;
      xBatch.set(x.subarray(i * features, (i + 1) * features), r * features);
      if (targets.kind === 'classes') {
        (batchTargets as { classes: Int32Array }).classes[r] = targets.classes[i]!;
      } else {
        (batchTargets as { values: Float64Array }).values.set(
          targets.values.subarray(i * width, (i + 1) * width),
          r * width,
        );
      }
    }
  }

  function sliceTargets(t: Targets, start: number, count: number): Targets {
    return t.kind === 'classes'
      ? { kind: 'classes', classes: t.classes.subarray(start, start + count) }
      : { kind: 'values', values: t.values.subarray(start * width, (start + count) * width) };
  }

  function sumLosses(count: number): number {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += losses[i]!;
    return sum;
  }

  function evaluate(data: Tensor, labels: Labels): Evaluation {
    const samples = data.shape[0] as number;
    const inputs = inputsOf(data, features, 'evaluation');
    const all = toTargets(loss, labels, samples, width);
    const score = new Scorer(loss, width, precision);
    let total = 0;
    for (let start = 0; start < samples; start += EVALUATION_CHUNK) {
      const count = Math.min(EVALUATION_CHUNK, samples - start);
      const output = pass.forward(
        inputs.subarray(start * features, (start + count) * features),
        count,
      );
      const chunk = sliceTargets(all, start, count);
      sampleLossesInto(loss, output, chunk, losses, count, width);
      total += sumLosses(count);
      score.add(output, chunk, count);
    }
    return { loss: total / samples, accuracy: score.accuracy, confusion: score.confusion };
  }

  function stop(step: number, epoch: number, what: string, learningRate: number): NonFiniteStop {
    stopped = {
      stopped: 'non-finite',
      step,
      epoch,
      message: `${what} at step ${step}: lower the learning rate (now ${formatPythonFloat(learningRate)})`,
    };
    return stopped;
  }

  function describeTrouble(outcome: Exclude<UpdateOutcome, { ok: true }>): string {
    const name = pass.names[outcome.param]!;
    return outcome.array === 'value'
      ? `a weight became ${outcome.value} (${name})`
      : `the gradients grew too large (${name})`;
  }

  function step(): StepReport | NonFiniteStop {
    if (stopped) return stopped;
    if (stepCount >= totalSteps)
      throw new Error(`training is done: ${epochs} epochs, ${totalSteps} steps`);
    const epoch = Math.floor(stepCount / stepsPerEpoch);
    const batch = stepCount % stepsPerEpoch;
    const stepNumber = stepCount + 1;
    const start = batch * size;
    const count = Math.min(size, n - start);
    gather(orderOf(epoch), start, count);
    const xs = xBatch.subarray(0, count * features);
    const ts = sliceTargets(batchTargets, 0, count);

    const output = pass.forward(xs, count, training);
    sampleLossesInto(loss, output, ts, losses, count, width);
    const batchLoss = sumLosses(count) / count;
    const learningRate = optimizer.currentLearningRate();
    if (!Number.isFinite(batchLoss)) {
      return stop(stepNumber, epoch + 1, `the loss became ${batchLoss}`, learningRate);
    }
    const score = new Scorer(loss, width, precision);
    score.add(output, ts, count);
    epochScore.add(output, ts, count);
    epochLoss += batchLoss * count;

    lossGradientInto(loss, output, ts, dvalues, count, width, combined);
    pass.backward(dvalues.subarray(0, count * width), { skipSoftmax: combined });
    const outcome = optimizer.step();
    if (!outcome.ok) {
      return stop(stepNumber, epoch + 1, describeTrouble(outcome), learningRate);
    }
    stepCount++;

    const report: StepReport = {
      step: stepNumber,
      epoch: epoch + 1,
      batch: batch + 1,
      loss: batchLoss,
      accuracy: score.accuracy,
      learningRate,
      done: stepCount === totalSteps,
    };
    if (batch === stepsPerEpoch - 1) {
      report.epochEnd = {
        epoch: epoch + 1,
        loss: epochLoss / n,
        accuracy: epochScore.accuracy,
        ...(validation ? { validation: evaluate(validation.x, validation.y) } : {}),
      };
      epochLoss = 0;
      epochScore = new Scorer(loss, width, precision);
    }
    return report;
  }

  return {
    step,
    evaluate,
    network: () => pass.toNetwork(),
    checkpoint: () => ({ version: 1, step: stepCount, optimizer: optimizer.state() }),
    stepsPerEpoch,
    totalSteps,
    get steps() {
      return stepCount;
    },
    get done() {
      return stepCount >= totalSteps;
    },
    get stopped() {
      return stopped;
    },
  };
}

/** The values as float64 (a copy only when they are float32). */
function f64(t: Tensor): Float64Array {
  return t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
}

/** The samples as float64, after checking they have the network's features. */
function inputsOf(x: Tensor, features: number, what: string): Float64Array {
  if (x.shape.length !== 2 || x.shape[1] !== features) {
    throw new ShapeError(
      `the ${what} must have shape (samples, ${features}) for the input layer, found ${shapeToString(x.shape)}`,
    );
  }
  const data = f64(x);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      throw new Error(
        `the ${what} holds ${data[i]} at sample ${Math.floor(i / features)}, feature ${i % features}`,
      );
    }
  }
  return data;
}
