/**
 * The one trainer, for any network and any data: each `step()` trains on one mini-batch and
 * reports; the caller decides when to step, pause or stop (a worker's time slices, the CLI's
 * loop). The batch is split between replicas (copies of the network in this thread or in
 * workers); each returns the gradient of its share's mean loss, and the trainer weighs them by
 * share size and updates the one master copy of the parameters with the optimizer family.
 *
 * Batches: each epoch takes `permutation(n)` from `RandomState(seed)` (NumPy's legacy
 * generator) and cuts it into batches in order, the last one smaller when n is not a
 * multiple. A NumPy script replays it with
 *   rs = np.random.RandomState(seed)
 *   for epoch in range(epochs):
 *       idx = rs.permutation(n)
 *       for b in range(steps): X[idx[b*batch_size:(b+1)*batch_size]] ...
 * The same seed gives the same batches, hence the same losses step for step. Augmentation and
 * dropout draw from `RandomState([seed, step, share])`, so they repeat too.
 *
 * Divergence: when the loss or a new weight is not finite, the trainer stops at that step with
 * the last good weights (the update that went bad is never committed) and a message.
 */
import type { BatchNormLayer, Layer } from '../layers/index.ts';
import { Net } from '../net/net.ts';
import { inputsOf, type Network } from '../net/network.ts';
import { formatPythonFloat } from '../numpy/format.ts';
import { RandomState } from '../rng/random-state.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, sizeOf } from '../tensor/tensor.ts';
import { chanceLoss, DivergenceWatch } from './divergence.ts';
import { evaluateOn, type Evaluation } from './evaluate.ts';
import { LOSSES, toTargets } from './losses.ts';
import { regressionPrecision } from './metrics.ts';
import {
  Optimizer,
  type OptimizerConfig,
  type OptimizerState,
  type UpdateOutcome,
} from './optimizer.ts';
import {
  localReplica,
  masterReplica,
  type ReplicaClient,
  type ReplicaStepResult,
} from './replica.ts';
import type { Samples } from './samples.ts';
import type { TrainingSettings } from './settings.ts';
import { zeroWeightLayers } from './zero-weights.ts';
import {
  gradientNorm,
  HealthWatch,
  type HealthHint,
  type ReluActivity,
} from './training-health.ts';
import { learningRateAdvice } from './usual-ranges.ts';

export interface TrainerOptions {
  network: Network;
  data: Samples;
  /** Evaluated at the end of every epoch. */
  validation?: Samples;
  settings: TrainingSettings;
  /** Pictures: average each evaluated output with its mirror image's. */
  testFlip?: boolean;
  /** The copies that compute each batch's shares; default the trainer's own network. */
  replicas?: ReplicaClient[];
  /** Shuffle each epoch (default); without it batches follow the data's order. */
  shuffle?: boolean;
  /** Continue from a checkpoint; `network` must then be the checkpoint's network. */
  resume?: TrainerCheckpoint;
  /** How hints name layer i (e.g. the canvas's card title); default "layers[i] (relu)". */
  layerName?: (layer: number) => string;
}

export type { Evaluation };

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
  /** The learning rate this step used (after its schedule). */
  learningRate: number;
  /**
   * The epoch's training predictions so far by true class (rows) and predicted class, counted
   * from each batch before its update; null for regression.
   */
  confusion: number[][] | null;
  /** Present on the last step of an epoch. */
  epochEnd?: EpochReport;
  /** True on the last step of the last epoch. */
  done: boolean;
  /** Signs raised at this step that the run cannot learn, each once per run. */
  hints?: HealthHint[];
}

export interface NonFiniteStop {
  /** A value became infinite or NaN, or the loss ran far above what guessing gives. */
  stopped: 'non-finite' | 'diverged';
  /** Diverged: the epoch whose weights the trainer went back to (0: the weights it began with). */
  keptEpoch?: number;
  step: number;
  epoch: number;
  message: string;
}

/** What resuming needs besides the network's weights; plain data and typed arrays. */
export interface TrainerCheckpoint {
  version: 1;
  /** Steps done. */
  step: number;
  optimizer: OptimizerState;
}

export interface Trainer {
  /** Trains one batch. Throws once training is done; repeats the stop once stopped. */
  step(): Promise<StepReport | NonFiniteStop>;
  /** Loss, accuracy and confusion matrix of the current weights on a data set. */
  evaluate(samples: Samples): Promise<Evaluation>;
  /** The current network (running statistics averaged over the replicas), in new tensors. */
  network(): Promise<Network>;
  checkpoint(): TrainerCheckpoint;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  /** Steps done so far. */
  readonly steps: number;
  readonly done: boolean;
  readonly stopped: NonFiniteStop | null;
}

/** A loss for messages: four significant digits. */
const round = (x: number) => formatPythonFloat(Number(x.toPrecision(4)));

/** Steps the divergence watch averages at least (an epoch when epochs are longer). */
const MIN_WINDOW = 10;
/** Steps a loss must stay flat at chance, at least (three epochs when they are longer). */
const STAGNANT_STEPS = 100;
/** Samples a ReLU unit must stay silent for to count as dead (all of them in smaller sets). */
const DEAD_SAMPLES = 256;

/** The optimizer a record's settings describe, for a run of `totalSteps`. */
export function optimizerConfig(s: TrainingSettings, totalSteps: number): OptimizerConfig {
  return {
    type: s.optimizer,
    learningRate: s.learningRate,
    schedule: s.schedule,
    decay: s.decay,
    momentum: s.momentum,
    nesterov: s.nesterov,
    beta1: s.beta1,
    beta2: s.beta2,
    epsilon: s.epsilon,
    weightDecay: s.weightDecay,
    totalSteps,
  };
}

/**
 * Steps per epoch: with BatchNorm, a short last batch is dropped when it would leave a replica
 * fewer than two samples, because statistics over one sample have no variance to learn from.
 */
export function stepsIn(
  samples: number,
  batchSize: number,
  replicas: number,
  batchNorm = true,
): number {
  const size = batchSize === 0 ? samples : Math.min(batchSize, samples);
  const full = Math.floor(samples / size);
  const rest = samples - full * size;
  if (rest === 0) return full;
  return full + (!batchNorm || rest >= 2 * replicas || full === 0 ? 1 : 0);
}

export async function createTrainer(options: TrainerOptions): Promise<Trainer> {
  const { settings, shuffle = true } = options;
  const { loss, epochs, seed } = settings;
  if (!(LOSSES as readonly string[]).includes(loss)) {
    throw new Error(`unknown loss "${loss}": choose one of ${LOSSES.join(', ')}`);
  }
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new Error(`epochs must be a whole number ≥ 1, found ${epochs}`);
  }
  const { batchSize } = settings;
  if (!Number.isInteger(batchSize) || batchSize < 0) {
    throw new Error(`batchSize must be a whole number ≥ 0 (0: all samples), found ${batchSize}`);
  }
  const master = new Net(options.network, { precision: settings.precision });
  const data = options.data;
  const { shift } = settings.augment;
  if (data.shape.length === 3) {
    const side = Math.min(data.shape[0]!, data.shape[1]!);
    if (!(Number.isInteger(shift) && shift >= 0 && shift < side)) {
      throw new Error(
        `augment.shift: shifts must be whole pixels from 0 to ${side - 1} for ${data.shape[0]}×${data.shape[1]} pictures, found ${shift}`,
      );
    }
  }
  const n = data.count;
  if (n === 0) throw new Error('the training data has no samples');
  checkSamples(master, data, 'data');
  if (options.validation) checkSamples(master, options.validation, 'validation');
  const width = sizeOf(master.outputShape);
  const targets = toTargets(loss, data.labels, n, width);
  const smoothing = loss === 'categorical-crossentropy' ? settings.labelSmoothing : 0;
  if (smoothing) toTargets(loss, data.labels, n, width, smoothing);
  // nnfs's Accuracy_Regression: right within std(y)/250 of the training targets.
  const precision =
    loss === 'mse' && targets.kind === 'values' ? regressionPrecision(targets.values) : 0;

  const replicas = options.replicas ?? [masterReplica(master)];
  if (replicas.length === 0) throw new Error('training needs at least one replica');
  const size = batchSize === 0 ? n : Math.min(batchSize, n);
  const batchNorm = options.network.layers.some((l) => l.type === 'batchnorm');
  const stepsPerEpoch = stepsIn(n, batchSize, replicas.length, batchNorm);
  const totalSteps = epochs * stepsPerEpoch;
  const optimizer = new Optimizer(
    optimizerConfig(settings, totalSteps),
    master.params,
    options.resume?.optimizer,
  );
  await Promise.all(replicas.map((r) => r.load(options.network, settings.precision)));
  /** The network as the replicas last agreed on it (their running statistics). */
  let synced: Network = options.network;
  const watch = new DivergenceWatch(
    chanceLoss(loss, width, targets),
    Math.max(MIN_WINDOW, stepsPerEpoch),
  );
  const health = new HealthWatch({
    settings,
    chanceLoss: chanceLoss(loss, width, targets),
    chanceAccuracy: targets.kind === 'classes' ? largestShare(targets.classes, width) : null,
    classes: loss === 'categorical-crossentropy' ? Math.max(2, width) : null,
    window: Math.max(STAGNANT_STEPS, 3 * stepsPerEpoch),
    deadWindow: Math.max(3, Math.ceil(Math.min(n, DEAD_SAMPLES) / size)),
    ...(options.layerName ? { layerName: options.layerName } : {}),
    zeroWeights: zeroWeightsRead(options.network),
  });
  /** The parameters when the windowed loss was at its best (first: as the run began). */
  const best = {
    params: master.params.map((p) => p.value.slice()),
    network: options.network,
    epoch: 0,
  };
  /** The step whose parameters the replicas hold: they get new ones only with each step. */
  let loadedStep = options.resume?.step ?? 0;

  const random = new RandomState(seed);
  let order: Int32Array = new Int32Array(0);
  let orderEpoch = -1;
  let stepCount = 0;
  let stopped: NonFiniteStop | null = null;
  let epochLoss = 0;
  let epochRight = 0;
  let epochTotal = 0;
  /** The epoch's predictions so far, as they were trained on: a confusion matrix for free. */
  let epochConfusion: number[][] | null = null;
  let epochSamples = 0;

  if (options.resume) {
    const { step } = options.resume;
    if (!Number.isInteger(step) || step < 0 || step > totalSteps) {
      throw new Error(`the checkpoint is at step ${step}, outside 0 to ${totalSteps}`);
    }
    stepCount = step;
  }

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

  function stop(step: number, epoch: number, what: string): NonFiniteStop {
    stopped = {
      stopped: 'non-finite',
      step,
      epoch,
      message: `${what} at step ${step} (epoch ${epoch}); the weights of the last good step are kept: ${advice()}`,
    };
    return stopped;
  }

  /** Back to the weights of the best stretch of the run, and the reason. */
  function diverged(step: number, epoch: number): NonFiniteStop {
    master.params.forEach((p, i) => p.value.set(best.params[i]!));
    synced = best.network;
    const kept =
      best.epoch === 0
        ? 'the weights are as they were'
        : `the weights of epoch ${best.epoch} are kept`;
    stopped = {
      stopped: 'diverged',
      keptEpoch: best.epoch,
      step,
      epoch,
      message: `the loss ran away at step ${step} (epoch ${epoch}): ${round(watch.mean)} on average over the last ${watch.window} steps, more than four times ${round(watch.baseline)} (the untrained network's or a guess's); ${kept}: ${advice()}`,
    };
    return stopped;
  }

  /** What to do about the learning rate: about the setting, which the user changes. */
  const advice = () => learningRateAdvice(settings, 'lower');

  function describeTrouble(outcome: Exclude<UpdateOutcome, { ok: true }>): string {
    const name = master.names[outcome.param]!;
    return outcome.array === 'value'
      ? `a weight became ${outcome.value} (${name})`
      : `the gradients grew too large (${name})`;
  }

  /** The master's parameters with the replicas' running statistics averaged. */
  async function current(): Promise<Network> {
    const network = master.toNetwork();
    const sources = stopped ? [synced] : await Promise.all(replicas.map((r) => r.network()));
    return { ...network, layers: withStatistics(network.layers, sources) };
  }

  /**
   * Every replica takes the current parameters and the averaged running statistics, so all
   * evaluate alike and none is a step behind (the trainer's own network never is).
   */
  async function sync(): Promise<void> {
    synced = await current();
    if (options.replicas && loadedStep !== stepCount) {
      await Promise.all(replicas.map((r) => r.load(synced, settings.precision)));
      loadedStep = stepCount;
    }
  }

  async function evaluate(samples: Samples): Promise<Evaluation> {
    checkSamples(master, samples, 'evaluation');
    let evaluators = replicas;
    if (stopped) {
      // The step that went wrong may have left its running statistics in the replicas (and in
      // this thread's network): evaluate a fresh copy of the weights and statistics kept.
      const fresh = localReplica();
      await fresh.load(await current(), settings.precision);
      evaluators = [fresh];
    } else if (options.replicas) await sync();
    return evaluateOn(evaluators, samples, {
      loss,
      outputs: width,
      endsWithSoftmax: master.endsWithSoftmax,
      testFlip: options.testFlip ?? false,
      precision,
    });
  }

  async function step(): Promise<StepReport | NonFiniteStop> {
    if (stopped) return stopped;
    if (stepCount >= totalSteps) {
      throw new Error(`training is done: ${epochs} epochs, ${totalSteps} steps`);
    }
    const epoch = Math.floor(stepCount / stepsPerEpoch);
    const batch = stepCount % stepsPerEpoch;
    const stepNumber = stepCount + 1;
    const start = batch * size;
    const count = Math.min(size, n - start);
    const indices = orderOf(epoch).subarray(start, start + count);
    const params = master.params.map((p) => p.value);
    const shares = splitShares(count, replicas.length);
    // The last share goes out first: a replica in this thread computes as soon as it is called,
    // so it comes first in the list and workers compute meanwhile.
    const pending = new Array<Promise<ReplicaStepResult>>(shares.length);
    for (let part = shares.length - 1; part >= 0; part--) {
      const [from, to] = shares[part]!;
      pending[part] = replicas[part]!.step({
        ...data.gather(indices.subarray(from, to)),
        params,
        loss,
        labelSmoothing: smoothing,
        shift: settings.augment.shift,
        flip: settings.augment.flip,
        seed: [seed, stepCount, part],
        precision,
      });
    }
    const results = await Promise.all(pending);
    const learningRate = optimizer.currentLearningRate();
    let lossSum = 0;
    let right = 0;
    let scored = 0;
    for (const r of results) {
      lossSum += r.loss;
      right += r.right;
      scored += r.total;
    }
    const batchLoss = lossSum / count;
    if (!Number.isFinite(batchLoss)) {
      return stop(stepNumber, epoch + 1, `the loss became ${batchLoss}`);
    }
    master.params.forEach(({ grad }, i) => {
      if (results.length === 1) {
        const only = results[0]!.grads[i]!;
        if (only !== grad) grad.set(only);
        return;
      }
      grad.fill(0);
      results.forEach((r, part) => {
        const weight = (shares[part]![1] - shares[part]![0]) / count;
        const g = r.grads[i]!;
        for (let j = 0; j < grad.length; j++) grad[j] = grad[j]! + weight * g[j]!;
      });
    });
    const norm = gradientNorm(master.params.map((p) => p.grad));
    const outcome = optimizer.step();
    if (!outcome.ok) {
      return stop(stepNumber, epoch + 1, describeTrouble(outcome));
    }
    stepCount++;
    epochLoss += lossSum;
    const watched = watch.add(stepNumber, batchLoss);
    if (watched === 'diverged') return diverged(stepNumber, epoch + 1);
    if (watched === 'best') {
      // Copied into the same buffers each time; the network (for BatchNorm's running
      // statistics) only where there are statistics to keep.
      master.params.forEach((p, i) => best.params[i]!.set(p.value));
      if (batchNorm) best.network = await current();
      best.epoch = epoch + 1;
    }
    const hints = health.add({
      step: stepNumber,
      loss: batchLoss,
      accuracy: scored === 0 ? 0 : right / scored,
      gradientNorm: norm,
      relus: combineRelus(results),
    });
    epochRight += right;
    epochTotal += scored;
    for (const r of results) {
      if (!r.confusion) continue;
      epochConfusion ??= r.confusion.map((row) => row.map(() => 0));
      r.confusion.forEach((row, t) => row.forEach((c, p) => (epochConfusion![t]![p]! += c)));
    }
    epochSamples += count;

    const report: StepReport = {
      step: stepNumber,
      epoch: epoch + 1,
      batch: batch + 1,
      loss: batchLoss,
      accuracy: scored === 0 ? 0 : right / scored,
      learningRate,
      confusion: epochConfusion,
      done: stepCount === totalSteps,
      ...(hints.length ? { hints } : {}),
    };
    if (batch === stepsPerEpoch - 1) {
      // Running statistics averaged and kept at each epoch's end: a later non-finite step
      // falls back on them.
      if (batchNorm) await sync();
      report.epochEnd = {
        epoch: epoch + 1,
        loss: epochLoss / epochSamples,
        accuracy: epochTotal === 0 ? 0 : epochRight / epochTotal,
        ...(options.validation ? { validation: await evaluate(options.validation) } : {}),
      };
      epochLoss = 0;
      epochRight = 0;
      epochTotal = 0;
      epochConfusion = null;
      epochSamples = 0;
    }
    return report;
  }

  return {
    step,
    evaluate,
    network: current,
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

/** Checks that the samples have the input layer's shape, naming both. */
/** The Dense layers whose all-zero W blocks learning (zero-weights.ts), with the ReLUs reading each. */
function zeroWeightsRead(network: Network): { layer: number; relus: number[] }[] {
  return zeroWeightLayers(network).map(({ layer }) => ({
    layer,
    relus: network.layers.flatMap((l, i) =>
      l.type === 'relu' && inputsOf(network, i).includes(layer) ? [i] : [],
    ),
  }));
}

export function checkSamples(net: Pick<Net, 'inputShape'>, samples: Samples, what: string): void {
  const wanted = net.inputShape;
  const found = samples.shape;
  if (wanted.length === found.length && wanted.every((d, i) => d === found[i])) return;
  if (wanted.length === 3) {
    throw new ShapeError(
      `the network takes ${wanted.join('×')} pictures, but the ${what} ${found.length === 3 ? `was loaded at ${found.join('×')}` : `has samples of shape ${shapeToString(found)}`}`,
    );
  }
  throw new ShapeError(
    `the ${what} must have shape (samples, ${wanted.join(', ')}) for the input layer, found (${samples.count}, ${found.join(', ')})`,
  );
}

/** The largest class's share of the labels: the accuracy of always guessing it. */
function largestShare(classes: Int32Array, width: number): number {
  const counts = new Float64Array(Math.max(2, width));
  for (const c of classes) counts[c]!++;
  return Math.max(...counts) / classes.length;
}

/** A unit is alive on the batch when it was in any replica's share. */
function combineRelus(results: readonly ReplicaStepResult[]): ReluActivity[] {
  const [first, ...rest] = results;
  if (!first) return [];
  if (rest.length === 0) return first.relus;
  return first.relus.map(({ layer, alive }, k) => {
    const any = alive.slice();
    for (const r of rest) r.relus[k]!.alive.forEach((a, u) => (any[u]! |= a));
    return { layer, alive: any };
  });
}

/** Near-equal contiguous shares [from, to) of a batch, one per replica (none empty). */
function splitShares(count: number, parts: number): [number, number][] {
  const n = Math.min(parts, count);
  return Array.from({ length: n }, (_, p) => [
    Math.floor((p * count) / n),
    Math.floor(((p + 1) * count) / n),
  ]);
}

/** `layers` with each BatchNorm's running mean and variance averaged over `sources`. */
function withStatistics(layers: readonly Layer[], sources: readonly Network[]): Layer[] {
  return layers.map((layer, i) => {
    if (layer.type !== 'batchnorm') return layer;
    const average = (field: 'runningMean' | 'runningVar') => {
      const values = new (layer[field].data.constructor as Float64ArrayConstructor)(
        layer[field].data.length,
      );
      for (const source of sources) {
        const other = source.layers[i] as BatchNormLayer;
        other[field].data.forEach((v, j) => (values[j] = values[j]! + v / sources.length));
      }
      return { ...layer[field], data: values };
    };
    return { ...layer, runningMean: average('runningMean'), runningVar: average('runningVar') };
  });
}
