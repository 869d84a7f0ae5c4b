/**
 * One copy of the network in one worker. Training is data-parallel: each step, every replica
 * gets the current parameters and its share of the batch, and returns the gradient of its
 * share; the trainer adds them up and updates the parameters once. Two workers use both cores.
 */
import { fastKernels } from '../kernels/index.ts';
import { RandomState } from '../rng/random-state.ts';
import { applyTransform, augmentBatch } from '../vision/augment.ts';
import type { Layer } from '../layers/index.ts';
import { Net } from '../net/net.ts';
import type { Precision } from '../train/settings.ts';
import { sizeOf, type TypedArray } from '../tensor/tensor.ts';
import { softmaxRows } from '../layers/softmax.ts';
import { lossGradientInto, sampleLossesInto, toTargets, type LossName } from '../train/losses.ts';
import { argmaxRows } from '../train/metrics.ts';

export interface ReplicaStepArgs {
  /** Current parameter values, in TrainableNet order. */
  params: TypedArray[];
  /** batch × height × width × channels raw pixels. */
  pixels: Uint8Array;
  labels: Int32Array;
  batch: number;
  /** Random shift in pixels (0: none) and left–right flips. */
  pad: number;
  flip: boolean;
  /** Seeds this share's augmentation and dropout: [run seed, step, share]. */
  seed: number[];
  labelSmoothing: number;
  /** Default categorical cross-entropy. */
  loss?: LossName;
}

export interface ReplicaStepResult {
  /** Gradient of the share's summed (not mean) loss, so shares of any size add up. */
  grads: Float32Array[];
  /** Summed loss and correct predictions over the share. */
  loss: number;
  correct: number;
}

export interface ReplicaPredictArgs {
  pixels: Uint8Array;
  batch: number;
  /** Average the probabilities of each picture and its mirror image (test-time flips). */
  flip: boolean;
}

interface Replica {
  net: Net;
  input: Float32Array;
  dOut: Float32Array;
  losses: Float64Array;
}

let replica: Replica | null = null;

const MIRROR = { dy: 0, dx: 0, flip: true };

/** Builds the worker's copy from plain layers (with their running statistics). */
export function replicaLoad({
  layers,
  precision = 'float32',
}: {
  layers: Layer[];
  precision?: Precision;
}): { parameters: number } {
  const net = new Net({ layers }, { precision, kernels: fastKernels() });
  replica = {
    net,
    input: new Float32Array(0),
    dOut: new Float32Array(0),
    losses: new Float64Array(0),
  };
  return { parameters: net.parameterCount };
}

function loaded(): Replica {
  if (!replica) throw new Error('the training worker has no network: load one first');
  return replica;
}

function inputBuffer(r: Replica, length: number): Float32Array {
  if (r.input.length < length) r.input = new Float32Array(length);
  return r.input.subarray(0, length);
}

export function replicaStep(args: ReplicaStepArgs): ReplicaStepResult {
  const r = loaded();
  const { net } = r;
  args.params.forEach((p, i) => net.params[i]!.value.set(p));
  const [height, width, channels] = net.inputShape as [number, number, number];
  const x = inputBuffer(r, args.batch * height * width * channels);
  const rng = new RandomState(args.seed);
  augmentBatch(
    args.pixels,
    x,
    { batch: args.batch, height, width, channels, pad: args.pad, flip: args.flip },
    rng,
  );
  const output = net.forward(x, args.batch, { training: true, rng });
  const classes = sizeOf(net.outputShape);
  const lossName = args.loss ?? 'categorical-crossentropy';
  const targets = toTargets(lossName, args.labels, args.batch, classes, args.labelSmoothing);
  if (r.dOut.length !== output.length) r.dOut = new Float32Array(output.length);
  if (r.losses.length !== args.batch) r.losses = new Float64Array(args.batch);
  sampleLossesInto(lossName, output, targets, r.losses, args.batch, classes);
  const loss = r.losses.reduce((sum, l) => sum + l, 0);
  const correct = countCorrect(output, args.labels, args.batch, classes);
  // Softmax then cross-entropy: the combined gradient, without the softmax's Jacobian.
  const combined = lossName === 'categorical-crossentropy' && net.endsWithSoftmax;
  lossGradientInto(lossName, output, targets, r.dOut, args.batch, classes, combined);
  net.backward(r.dOut, { skipSoftmax: combined });
  const grads = net.params.map(({ grad: g }) => {
    const sum = new Float32Array(g.length);
    for (let i = 0; i < g.length; i++) sum[i] = g[i]! * args.batch;
    return sum;
  });
  return { grads, loss, correct };
}

/** Class probabilities (batch × classes) with the running statistics, no dropout. */
export function replicaPredict({ pixels, batch, flip }: ReplicaPredictArgs): Float32Array {
  const { net } = loaded();
  const [height, width, channels] = net.inputShape as [number, number, number];
  const classes = sizeOf(net.outputShape);
  const size = height * width * channels;
  const x = inputBuffer(loaded(), batch * size);
  for (let i = 0; i < x.length; i++) x[i] = pixels[i]!;
  const probabilities = new Float32Array(batch * classes);
  probabilitiesOf(net, x, batch, probabilities);
  if (!flip) return probabilities;
  const dims = { height, width, channels };
  for (let b = 0; b < batch; b++) applyTransform(pixels, x, b * size, dims, MIRROR);
  const mirrored = new Float32Array(batch * classes);
  probabilitiesOf(net, x, batch, mirrored);
  for (let i = 0; i < probabilities.length; i++) {
    probabilities[i] = (probabilities[i]! + mirrored[i]!) / 2;
  }
  return probabilities;
}

/** The replica's layers, with the running statistics its shares of the batches produced. */
export function replicaLayers(): { layers: Layer[] } {
  return { layers: [...loaded().net.toNetwork().layers] };
}

/** Class probabilities: the network's softmax output, or a softmax of its scores when it has none. */
function probabilitiesOf(net: Net, x: Float32Array, batch: number, into: Float32Array): void {
  net.forward(x, batch);
  const classes = sizeOf(net.outputShape);
  softmaxRows(net.logits(), into, classes);
}

/** How many of the batch's rows have their largest score at the label. */
function countCorrect(
  scores: TypedArray,
  labels: ArrayLike<number>,
  batch: number,
  classes: number,
): number {
  const predicted = argmaxRows(scores, batch, classes);
  let correct = 0;
  for (let b = 0; b < batch; b++) if (predicted[b] === labels[b]) correct++;
  return correct;
}
