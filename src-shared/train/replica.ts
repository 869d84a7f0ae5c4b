/**
 * One copy of the network that computes gradients and outputs for shares of batches. Training
 * is data-parallel: each step, every replica gets the current parameters and its share of the
 * batch and returns the gradient of its share's mean loss; the trainer weighs them by share
 * size and updates the parameters once. With one replica the gradient is used as it comes, so
 * float64 training keeps NumPy's numbers. A replica lives in this thread or in a worker.
 */
import type { Kernels } from '../kernels/types.ts';
import { softmaxRows } from '../layers/softmax.ts';
import { Net } from '../net/net.ts';
import type { Network } from '../net/network.ts';
import { RandomState } from '../rng/random-state.ts';
import { sizeOf, type TypedArray } from '../tensor/tensor.ts';
import { augmentBatch, mirrorBatch } from '../vision/augment.ts';
import {
  lossGradientInto,
  sampleLossesInto,
  toTargets,
  type LossName,
  type Targets,
} from './losses.ts';
import { Scorer } from './metrics.ts';
import { aliveUnits, type ReluActivity } from './training-health.ts';
import type { Batch } from './samples.ts';
import type { Precision } from './settings.ts';

export interface ReplicaStepArgs extends Batch {
  /** Current parameter values, in `Net.params` order. */
  params: TypedArray[];
  loss: LossName;
  labelSmoothing: number;
  /** Pictures only: random shifts of up to `shift` pixels, and left–right flips. */
  shift: number;
  flip: boolean;
  /** Seeds this share's augmentation and dropout: [run seed, step, share]. */
  seed: number[];
  /** Mean squared error: an output within this of its target counts as right. */
  precision: number;
}

export interface ReplicaStepResult {
  /** The gradient of the share's mean loss, in `Net.params` order. */
  grads: TypedArray[];
  /** Summed loss over the share, and what counted as right out of how many. */
  loss: number;
  right: number;
  total: number;
  /** The share's predictions by true class (rows) and predicted class; null for regression. */
  confusion: number[][] | null;
  /** Which units of each ReLU layer were above 0 for some sample of the share. */
  relus: ReluActivity[];
}

export interface ReplicaPredictArgs {
  inputs: Float64Array | Uint8Array;
  count: number;
  /** Pictures: average each output with its mirror image's (test-time flips). */
  flip: boolean;
}

/**
 * A replica as the trainer sees it: in this thread or behind a worker. `step` and `predict` read,
 * copy or transfer their arguments' buffers before they return: the caller packs the next share
 * into the same buffers.
 */
export interface ReplicaClient {
  load(network: Network, precision: Precision): Promise<unknown>;
  step(args: ReplicaStepArgs): Promise<ReplicaStepResult>;
  /** The network's outputs (count × outputs), with running statistics and no dropout. */
  predict(args: ReplicaPredictArgs): Promise<TypedArray>;
  /** The copy's network, with the running statistics its shares produced. */
  network(): Promise<Network>;
}

/** Samples per forward pass of `predict` on a replica that has not trained. */
export const PREDICT_ROWS = 64;

export class Replica {
  private input = new Float32Array(0);
  private dOut: TypedArray = new Float64Array(0);
  private losses = new Float64Array(0);

  /** The ReLU layers, whose silent units the trainer watches. */
  private readonly relus: number[];

  /**
   * @param rows the most samples a training step has run on this replica (or on the one it
   *   replaces in its thread); `predict` passes no more at once (PREDICT_ROWS until then), so
   *   however large an evaluation's chunks, the net's buffers (its kernels' memory, reserved
   *   for its widest pass and never shrunk) stay at what training holds.
   */
  constructor(
    readonly net: Net,
    public rows = 0,
  ) {
    this.relus = net.types.flatMap((type, i) => (type === 'relu' ? [i] : []));
  }

  step(args: ReplicaStepArgs): ReplicaStepResult {
    const { net } = this;
    this.rows = Math.max(this.rows, args.count);
    args.params.forEach((p, i) => {
      const value = net.params[i]!.value;
      if (value !== p) value.set(p);
    });
    const rng = new RandomState(args.seed);
    const x = this.inputsOf(args.inputs, args.count, rng, args);
    const output = net.forward(x, args.count, { training: true, rng });
    const width = sizeOf(net.outputShape);
    const targets: Targets =
      args.labels instanceof Int32Array
        ? toTargets(args.loss, args.labels, args.count, width, args.labelSmoothing)
        : { kind: 'values', values: args.labels };
    if (this.losses.length < args.count) this.losses = new Float64Array(args.count);
    sampleLossesInto(args.loss, output, targets, this.losses, args.count, width);
    let loss = 0;
    for (let i = 0; i < args.count; i++) loss += this.losses[i]!;
    const score = new Scorer(args.loss, width, args.precision, targets.kind === 'classes');
    score.add(output, targets, args.count);
    if (this.dOut.length !== output.length || this.dOut.constructor !== output.constructor) {
      this.dOut = new (output.constructor as Float64ArrayConstructor)(output.length);
    }
    // Softmax then cross-entropy: the combined gradient, without the softmax's Jacobian.
    const combined = args.loss === 'categorical-crossentropy' && net.endsWithSoftmax;
    lossGradientInto(args.loss, output, targets, this.dOut, args.count, width, combined);
    // Read before backward, which may reuse the outputs' buffers.
    const relus = this.relus.map((layer) => ({
      layer,
      alive: aliveUnits(net.output(layer), net.shapes[layer]!.at(-1)!),
    }));
    net.backward(this.dOut, { skipSoftmax: combined });
    return {
      relus,
      grads: net.params.map((p) => p.grad),
      loss,
      right: score.right,
      total: score.total,
      confusion: score.confusion,
    };
  }

  /** The outputs for `count` samples, computed `rows` samples at a time. */
  predict({ inputs, count, flip }: ReplicaPredictArgs): TypedArray {
    const { net } = this;
    const size = sizeOf(net.inputShape);
    const width = sizeOf(net.outputShape);
    const outputs =
      net.precision === 'float32'
        ? new Float32Array(count * width)
        : new Float64Array(count * width);
    const rows = this.rows || PREDICT_ROWS;
    for (let from = 0; from < count; from += rows) {
      const n = Math.min(rows, count - from);
      const part = inputs.subarray(from * size, (from + n) * size);
      const at = from * width;
      outputs.set(net.predict(this.inputsOf(part, n, null), n), at);
      if (!flip || !(part instanceof Uint8Array)) continue;
      const [height, side, channels] = net.inputShape as [number, number, number];
      const x = this.buffer(part.length);
      mirrorBatch(part, x, { batch: n, height, width: side, channels });
      const mirrored = net.predict(x, n);
      for (let i = 0; i < mirrored.length; i++) {
        outputs[at + i] = (outputs[at + i]! + mirrored[i]!) / 2;
      }
    }
    return outputs;
  }

  /** Features as they are; pictures converted to numbers, augmented when training. */
  private inputsOf(
    inputs: Float64Array | Uint8Array,
    count: number,
    rng: RandomState | null,
    augment: { shift: number; flip: boolean } = { shift: 0, flip: false },
  ): TypedArray {
    if (!(inputs instanceof Uint8Array)) return inputs;
    const [height, width, channels] = this.net.inputShape as [number, number, number];
    const x = this.buffer(inputs.length);
    if (rng && (augment.shift > 0 || augment.flip)) {
      const options = {
        batch: count,
        height,
        width,
        channels,
        pad: augment.shift,
        flip: augment.flip,
      };
      augmentBatch(inputs, x, options, rng);
    } else {
      for (let i = 0; i < inputs.length; i++) x[i] = inputs[i]!;
    }
    return x;
  }

  private buffer(length: number): Float32Array {
    if (this.input.length < length) this.input = new Float32Array(length);
    return this.input.subarray(0, length);
  }
}

/**
 * The trainer's own network as its one replica: no copies of parameters or gradients, so a
 * single-replica run costs what a plain training step costs.
 */
export function masterReplica(net: Net): ReplicaClient {
  const replica = new Replica(net);
  return {
    load: async () => {},
    step: async (args) => replica.step(args),
    predict: async (args) => replica.predict(args),
    network: async () => net.toNetwork(),
  };
}

/** A replica in this thread, on its own copy of the network. */
export function localReplica(kernels?: Kernels): ReplicaClient {
  let replica: Replica | null = null;
  const loaded = () => {
    if (!replica) throw new Error('the replica has no network: load one first');
    return replica;
  };
  return {
    load: async (network, precision) => {
      // The previous copy's kernel instance carries over, as the engine's reload does.
      const net = new Net(network, {
        precision,
        replaces: replica?.net,
        ...(kernels ? { kernels } : {}),
      });
      replica = new Replica(net, replica?.rows);
    },
    step: async (args) => loaded().step(args),
    predict: async (args) => loaded().predict(args),
    network: async () => loaded().net.toNetwork(),
  };
}

/** Class probabilities from outputs: the outputs themselves after a softmax, else their softmax. */
export function probabilities(
  outputs: TypedArray,
  classes: number,
  endsWithSoftmax: boolean,
): TypedArray {
  if (endsWithSoftmax) return outputs;
  const p = new Float64Array(outputs.length);
  softmaxRows(outputs, p, classes);
  return p;
}
