/**
 * Trains an image network over replicas (one per worker): each step splits the batch between
 * them, adds up their gradients and updates the one master copy of the parameters. Two workers
 * take about half the time of one; the only difference in the arithmetic is that BatchNorm
 * normalises each worker's share with that share's statistics (as multi-GPU training does).
 */
import type { ImageSet } from '../data/image-set.ts';
import { pictureSize } from '../data/image-set.ts';
import { RandomState } from '../rng/random-state.ts';
import { referenceKernels } from '../kernels/reference.ts';
import type { Layer } from '../layers/index.ts';
import { Net } from '../net/net.ts';
import { sizeOf } from '../tensor/tensor.ts';
import { argmaxRows } from '../train/metrics.ts';
import { Optimizer } from '../train/optimizer.ts';
import type { Precision } from '../train/settings.ts';
import type { ReplicaStepArgs, ReplicaStepResult } from './replica.ts';
import type {
  Evaluation,
  ImageEpochReport,
  ImageStepPoint,
  ImageTrainResult,
  ImageTrainSettings,
} from './types.ts';

/** A replica as the trainer sees it: in this thread or behind a worker. */
export interface ReplicaClient {
  /** Float32 unless the settings say otherwise. */
  load(layers: Layer[], precision?: Precision): Promise<unknown>;
  step(args: ReplicaStepArgs): Promise<ReplicaStepResult>;
  predict(pixels: Uint8Array, batch: number, flip: boolean): Promise<Float32Array>;
  layers(): Promise<Layer[]>;
}

export interface ImageTrainOptions {
  layers: Layer[];
  set: ImageSet;
  train: Int32Array;
  validation: Int32Array;
  settings: ImageTrainSettings;
  replicas: ReplicaClient[];
  onStep?: (point: ImageStepPoint) => void;
  onEpoch?: (report: ImageEpochReport) => void | Promise<void>;
  /** Polled between steps: true stops after the current step, keeping the last weights. */
  shouldStop?: () => boolean;
}

const PREDICT_CHUNK = 100;

export async function trainImages(options: ImageTrainOptions): Promise<ImageTrainResult> {
  const { set, settings, replicas } = options;
  const precision = settings.precision ?? 'float32';
  const net = new Net({ layers: options.layers }, { precision, kernels: referenceKernels });
  checkInput(net, set);
  if (options.train.length === 0) {
    throw new Error('no pictures left for training: the validation split took them all');
  }
  const stepsPerEpoch = stepsIn(options.train.length, settings.batchSize, replicas.length);
  const totalSteps = stepsPerEpoch * settings.epochs;
  const optimizer = createOptimizer(net, settings, totalSteps);
  const epochs: ImageEpochReport[] = [];
  const rng = new RandomState(settings.seed);
  const size = pictureSize(set);
  let layers = options.layers;
  let step = 0;
  await Promise.all(replicas.map((r) => r.load(layers, precision)));
  const finish = (reason: ImageTrainResult['reason'], message: string | null) => ({
    layers,
    reason,
    message,
    epochs,
  });

  for (let epoch = 1; epoch <= settings.epochs; epoch++) {
    const started = Date.now();
    const order = rng.permutation(options.train.length);
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let s = 0; s < stepsPerEpoch; s++) {
      const indices: number[] = [];
      for (
        let k = s * settings.batchSize;
        k < Math.min((s + 1) * settings.batchSize, order.length);
        k++
      ) {
        indices.push(options.train[order[k]!]!);
      }
      const shares = splitShares(indices, replicas.length);
      const results = await Promise.all(
        shares.map((share, part) =>
          replicas[part]!.step({
            params: net.params.map((p) => p.value),
            ...gather(set, share, size),
            batch: share.length,
            pad: settings.pad,
            flip: settings.flip,
            seed: [settings.seed, step, part],
            labelSmoothing:
              settings.loss && settings.loss !== 'categorical-crossentropy'
                ? 0
                : settings.labelSmoothing,
            ...(settings.loss ? { loss: settings.loss } : {}),
          }),
        ),
      );
      const batchLoss = results.reduce((sum, r) => sum + r.loss, 0);
      const batchCorrect = results.reduce((sum, r) => sum + r.correct, 0);
      const bad = nonFinite(batchLoss, results, net.names);
      if (bad) {
        // The master missed this step's update; the replicas' running statistics may hold the
        // bad batch, so the last synchronised ones go with it.
        layers = withStatistics([...net.toNetwork().layers], [layers]);
        return finish(
          'non-finite',
          `training stopped at step ${step + 1} (epoch ${epoch}): ${bad}. The weights of the last good step are kept; lower the learning rate (now ${settings.learningRate}) and train again.`,
        );
      }
      net.params.forEach(({ grad: g }, i) => {
        g.set(results[0]!.grads[i]!);
        for (const r of results.slice(1)) {
          const other = r.grads[i]!;
          for (let j = 0; j < g.length; j++) g[j] = g[j]! + other[j]!;
        }
        for (let j = 0; j < g.length; j++) g[j] = g[j]! / indices.length;
      });
      const learningRate = optimizer.currentLearningRate();
      const outcome = optimizer.step();
      if (!outcome.ok) {
        return finish(
          'non-finite',
          `training stopped at step ${step + 1} (epoch ${epoch}): ${net.names[outcome.param]} became ${outcome.value}. The weights of the last good step are kept; lower the learning rate (now ${settings.learningRate}) and train again.`,
        );
      }
      step++;
      lossSum += batchLoss;
      correct += batchCorrect;
      seen += indices.length;
      options.onStep?.({
        step,
        epoch,
        loss: batchLoss / indices.length,
        accuracy: batchCorrect / indices.length,
        learningRate,
      });
      if (options.shouldStop?.()) {
        layers = await syncReplicas(net, replicas);
        return finish('stopped', `stopped at step ${step} (epoch ${epoch})`);
      }
    }
    layers = await syncReplicas(net, replicas);
    const validation =
      options.validation.length > 0
        ? await evaluateImages(
            replicas,
            set,
            options.validation,
            settings.testFlip,
            sizeOf(net.outputShape),
          )
        : null;
    const report: ImageEpochReport = {
      epoch,
      step,
      loss: lossSum / seen,
      accuracy: correct / seen,
      validation,
      seconds: (Date.now() - started) / 1000,
      layers,
    };
    epochs.push(report);
    await options.onEpoch?.(report);
  }
  return finish('finished', null);
}

/**
 * Steps per epoch: a short last batch is dropped when it would leave a replica fewer than two
 * pictures, because BatchNorm's statistics over one picture have no variance to learn from.
 */
export function stepsIn(pictures: number, batchSize: number, replicas: number): number {
  const full = Math.floor(pictures / batchSize);
  const rest = pictures - full * batchSize;
  return full + (rest >= 2 * replicas || full === 0 ? 1 : 0);
}

/**
 * The one optimizer family with what image training has always meant: SGD with Nesterov
 * momentum and L2 decay, or Adam with decoupled decay (AdamW) and PyTorch's ε.
 */
function createOptimizer(net: Net, s: ImageTrainSettings, totalSteps: number): Optimizer {
  const common = {
    learningRate: s.learningRate,
    schedule: s.schedule,
    weightDecay: s.weightDecay,
    totalSteps,
  };
  return new Optimizer(
    s.optimizer === 'adam'
      ? { type: 'adamw', epsilon: 1e-8, ...common }
      : { type: 'sgd', momentum: s.momentum, nesterov: true, ...common },
    net.params,
  );
}

function checkInput(net: Net, set: ImageSet): void {
  const [height, width, channels] = net.inputShape;
  const outputs = net.outputShape.length === 1 ? net.outputShape[0]! : sizeOf(net.outputShape);
  if (height !== set.height || width !== set.width || channels !== set.channels) {
    throw new Error(
      `the network takes ${height}×${width}×${channels} pictures, but the data set was loaded at ${set.height}×${set.width}×${set.channels}`,
    );
  }
  if (net.outputShape.length !== 1 || outputs !== set.classNames.length) {
    throw new Error(
      `the network has ${outputs} outputs, but the data set has ${set.classNames.length} classes (${set.classNames.join(', ')})`,
    );
  }
}

/** Splits a batch into near-equal contiguous shares, one per replica (none empty). */
function splitShares(indices: number[], parts: number): number[][] {
  const n = Math.min(parts, indices.length);
  return Array.from({ length: n }, (_, p) =>
    indices.slice(Math.floor((p * indices.length) / n), Math.floor(((p + 1) * indices.length) / n)),
  );
}

function gather(set: ImageSet, indices: readonly number[], size: number) {
  const pixels = new Uint8Array(indices.length * size);
  const labels = new Int32Array(indices.length);
  indices.forEach((i, j) => {
    pixels.set(set.pixels.subarray(i * size, (i + 1) * size), j * size);
    labels[j] = set.labels[i]!;
  });
  return { pixels, labels };
}

/** What is not finite in a step's results, named for the message; null when all is well. */
function nonFinite(loss: number, results: ReplicaStepResult[], names: string[]): string | null {
  if (!Number.isFinite(loss)) return `the loss became ${loss}`;
  for (const r of results) {
    for (const [i, g] of r.grads.entries()) {
      for (let j = 0; j < g.length; j++) {
        if (!Number.isFinite(g[j]!)) return `the gradient of ${names[i]} became ${g[j]}`;
      }
    }
  }
  return null;
}

/**
 * The master's parameters with the replicas' running statistics averaged (each saw its own
 * shares of the batches), loaded back into every replica so all of them evaluate alike.
 */
async function syncReplicas(master: Net, replicas: ReplicaClient[]): Promise<Layer[]> {
  const copies = await Promise.all(replicas.map((r) => r.layers()));
  const layers = withStatistics([...master.toNetwork().layers], copies);
  await Promise.all(replicas.map((r) => r.load(layers, master.precision)));
  return layers;
}

/** `layers` with each BatchNorm's running mean and variance averaged over `sources`. */
function withStatistics(layers: Layer[], sources: Layer[][]): Layer[] {
  return layers.map((layer, i) => {
    if (layer.type !== 'batchnorm') return layer;
    const average = (field: 'runningMean' | 'runningVar') => {
      const values = new Float32Array(layer[field].data.length);
      for (const source of sources) {
        const other = source[i] as typeof layer;
        other[field].data.forEach((v, j) => (values[j] = values[j]! + v / sources.length));
      }
      return { ...layer[field], data: values };
    };
    return { ...layer, runningMean: average('runningMean'), runningVar: average('runningVar') };
  });
}

/** Loss, accuracy, confusion matrix and per-picture predictions over `indices` of `set`. */
export async function evaluateImages(
  replicas: ReplicaClient[],
  set: ImageSet,
  indices: ArrayLike<number>,
  flip: boolean,
  classes: number,
): Promise<Evaluation> {
  const size = pictureSize(set);
  const chunks: number[][] = [];
  for (let k = 0; k < indices.length; k += PREDICT_CHUNK) {
    chunks.push(
      Array.from(
        { length: Math.min(PREDICT_CHUNK, indices.length - k) },
        (_, j) => indices[k + j]!,
      ),
    );
  }
  const probabilities: Float32Array[] = new Array(chunks.length);
  // Each replica takes the next chunk as soon as it is free.
  let next = 0;
  await Promise.all(
    replicas.map(async (replica) => {
      while (next < chunks.length) {
        const c = next++;
        const { pixels } = gather(set, chunks[c]!, size);
        probabilities[c] = await replica.predict(pixels, chunks[c]!.length, flip);
      }
    }),
  );
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const predicted = new Int32Array(indices.length);
  const confidence = new Float32Array(indices.length);
  let loss = 0;
  let correct = 0;
  let n = 0;
  chunks.forEach((chunk, c) => {
    const p = probabilities[c]!;
    chunk.forEach((index, j) => {
      const best = argmaxRows(p.subarray(j * classes, (j + 1) * classes), 1, classes)[0]!;
      const truth = set.labels[index]!;
      loss -= Math.log(Math.max(p[j * classes + truth]!, 1e-7));
      if (best === truth) correct++;
      confusion[truth]![best]!++;
      predicted[n] = best;
      confidence[n] = p[j * classes + best]!;
      n++;
    });
  });
  return { loss: loss / n, accuracy: correct / n, confusion, predicted, confidence };
}
