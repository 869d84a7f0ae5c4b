/**
 * Forward through a network keeping each layer's output, then backward from dL/doutput to
 * the gradient of every Dense layer's weights and biases (the chain rule, layer by layer in
 * reverse: each layer turns dL/d(its output) into dL/d(its input)).
 *
 * `Backprop` owns a float64 copy of the network's parameters and reuses its buffers from step
 * to step (the trainer's hot loop); `forwardTrace` and `lossGradients` wrap it for tests and
 * for the UI.
 */
import {
  activationBackwardInto,
  activate,
  isActivation,
  type ActivationType,
} from '../nn/activations.ts';
import type { Layer } from '../nn/layers.ts';
import type { Network } from '../nn/network.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Tensor } from '../tensor/tensor.ts';
import { denseBackwardInto, denseForwardInto, f64 } from './dense.ts';
import {
  lossGradientInto,
  sampleLossesInto,
  toTargets,
  type Labels,
  type LossName,
} from './losses.ts';
import type { LayerParameters } from './optimizers.ts';

/** A Dense layer inside `Backprop`: its parameters and their gradients, (nIn × nOut) and (nOut,). */
export interface DenseSlot extends LayerParameters {
  /** Its index in `network.layers`. */
  readonly layer: number;
  readonly nIn: number;
  readonly nOut: number;
}

type Step =
  | { readonly kind: 'dense'; readonly slot: DenseSlot }
  | { readonly kind: 'activation'; readonly type: ActivationType };

/** Per batch size: each step's output and each step's dL/d(input). */
interface Buffers {
  outputs: Float64Array[];
  dinputs: Float64Array[];
}

export class Backprop {
  readonly dense: DenseSlot[] = [];
  readonly inputUnits: number;
  readonly outputUnits: number;
  private readonly steps: Step[] = [];
  private readonly layers: readonly Layer[];
  /** widths[i]: values per sample after network.layers[i] (widths[0]: the input's). */
  readonly widths: number[];
  private readonly buffers = new Map<number, Buffers>();
  private input: Float64Array = new Float64Array(0);

  constructor(network: Network) {
    const [first, ...rest] = network.layers;
    if (first?.type !== 'input') {
      throw new Error('a network to train starts with an input layer');
    }
    this.layers = network.layers;
    this.widths = [first.units];
    rest.forEach((layer, i) => {
      const width = this.widths[i]!;
      if (layer.type === 'input')
        throw new Error(`layers[${i + 1}]: only the first layer can be an input`);
      if (layer.type === 'dense') {
        const [nIn, nOut] = layer.weights.shape as [number, number];
        if (
          layer.weights.shape.length !== 2 ||
          nIn !== width ||
          layer.biases.data.length !== nOut
        ) {
          throw new ShapeError(
            `layers[${i + 1}] (dense): weights ${shapeToString(layer.weights.shape)} and biases ${shapeToString(layer.biases.shape)} do not take ${width} inputs`,
          );
        }
        const slot: DenseSlot = {
          layer: i + 1,
          nIn,
          nOut,
          weights: {
            value: Float64Array.from(layer.weights.data),
            grad: new Float64Array(nIn * nOut),
          },
          biases: { value: Float64Array.from(layer.biases.data), grad: new Float64Array(nOut) },
        };
        this.dense.push(slot);
        this.steps.push({ kind: 'dense', slot });
        this.widths.push(nOut);
      } else if (isActivation(layer.type)) {
        this.steps.push({ kind: 'activation', type: layer.type });
        this.widths.push(width);
      } else {
        // Image layers train in vision/, on float32 pictures; this trainer is Dense-only.
        throw new Error(
          `layers[${i + 1}] (${layer.type}): this trainer takes Dense layers and activations only`,
        );
      }
    });
    this.inputUnits = first.units;
    this.outputUnits = this.widths[this.widths.length - 1]!;
  }

  /** The last layer's activation, or null when it is a Dense layer. */
  get lastActivation(): ActivationType | null {
    const last = this.steps[this.steps.length - 1];
    return last?.kind === 'activation' ? last.type : null;
  }

  /** Runs a batch (batch × inputUnits, row-major) through, keeping what backward needs. */
  forward(x: Float64Array, batch: number): Float64Array {
    if (x.length !== batch * this.inputUnits) {
      throw new ShapeError(
        `the input layer takes ${this.inputUnits} features per sample, found ${x.length / batch} (inputs of shape (${batch}, ${x.length / batch}))`,
      );
    }
    const { outputs } = this.buffersFor(batch);
    this.input = x;
    let current = x;
    this.steps.forEach((step, i) => {
      const out = outputs[i]!;
      if (step.kind === 'dense') {
        const { slot } = step;
        denseForwardInto(current, slot.weights.value, slot.biases.value, out, {
          batch,
          nIn: slot.nIn,
          nOut: slot.nOut,
        });
      } else {
        const shape = [batch, this.widths[i]!];
        out.set(activate(step.type, { shape, dtype: 'float64', data: current }).data);
      }
      current = out;
    });
    return current;
  }

  /** The outputs the last `forward` kept: step i's output (network.layers[i + 1]). */
  outputs(batch: number): readonly Float64Array[] {
    return this.buffersFor(batch).outputs;
  }

  /**
   * Back from `dvalues` = dL/d(the network's output), filling every Dense slot's `grad`s.
   * With `skipLast`, `dvalues` is already dL/d(the last layer's input) — the combined softmax
   * and cross-entropy gradient — and the last layer is skipped.
   */
  backward(dvalues: Float64Array, batch: number, skipLast = false): void {
    const { outputs, dinputs } = this.buffersFor(batch);
    if (skipLast && this.lastActivation === null) {
      throw new Error('only an activation can be skipped: the last layer is a Dense layer');
    }
    // Below the first Dense layer there is nothing to train, so the pass stops there.
    const firstDense = this.steps.findIndex((s) => s.kind === 'dense');
    let d = dvalues;
    for (let i = this.steps.length - (skipLast ? 2 : 1); i >= firstDense && firstDense >= 0; i--) {
      const step = this.steps[i]!;
      const into = dinputs[i]!;
      if (step.kind === 'dense') {
        const { slot } = step;
        denseBackwardInto(
          {
            inputs: i === 0 ? this.input : outputs[i - 1]!,
            weights: slot.weights.value,
            dvalues: d,
            dweights: slot.weights.grad,
            dbiases: slot.biases.grad,
            dinputs: i === firstDense ? null : into,
          },
          { batch, nIn: slot.nIn, nOut: slot.nOut },
        );
      } else {
        activationBackwardInto(step.type, outputs[i]!, d, into, this.widths[i]!);
      }
      d = into;
    }
  }

  /** A snapshot of the network with the current parameters, in new tensors. */
  network(): Network {
    const layers = this.layers.map((layer, i): Layer => {
      const slot = this.dense.find((s) => s.layer === i);
      if (!slot) return layer; // input and activation layers are immutable plain data
      return {
        type: 'dense',
        weights: {
          shape: [slot.nIn, slot.nOut],
          dtype: 'float64',
          data: slot.weights.value.slice(),
        },
        biases: { shape: [slot.nOut], dtype: 'float64', data: slot.biases.value.slice() },
      };
    });
    return { layers };
  }

  private buffersFor(batch: number): Buffers {
    let buffers = this.buffers.get(batch);
    if (!buffers) {
      // Training uses two sizes (full and last batch), evaluation a third; keep a few.
      if (this.buffers.size >= 4) this.buffers.clear();
      buffers = {
        outputs: this.steps.map((_, i) => new Float64Array(batch * this.widths[i + 1]!)),
        dinputs: this.steps.map((_, i) => new Float64Array(batch * this.widths[i]!)),
      };
      this.buffers.set(batch, buffers);
    }
    return buffers;
  }
}

/** Gradients of one Dense layer, `network.layers[layer]`. */
export interface LayerGradients {
  layer: number;
  dweights: Tensor;
  dbiases: Tensor;
}

export interface ForwardTrace {
  /** Each layer's output after the input layer, as `forward` (nn/network.ts) returns them. */
  readonly outputs: Tensor[];
  /**
   * Gradients per Dense layer for `dvalues` = dL/d(the last output). With `skipLast`,
   * `dvalues` is dL/d(the last layer's input), as the combined softmax + cross-entropy gives.
   */
  backward(dvalues: Tensor, options?: { skipLast?: boolean }): LayerGradients[];
}

/** Runs a batch (batch, features) through the network, keeping what backward needs. */
export function forwardTrace(network: Network, inputs: Tensor): ForwardTrace {
  const pass = new Backprop(network);
  const batch = batchSize(inputs, pass.inputUnits);
  pass.forward(f64(inputs), batch);
  const outputs = pass.outputs(batch).map((data, i): Tensor => ({
    shape: [batch, pass.widths[i + 1]!],
    dtype: 'float64',
    data: data.slice(),
  }));
  return {
    outputs,
    backward(dvalues, options = {}) {
      const expected = options.skipLast ? outputs[outputs.length - 2] : outputs[outputs.length - 1];
      if (!expected || dvalues.data.length !== expected.data.length) {
        throw new ShapeError(
          `dvalues must have shape ${shapeToString(expected?.shape ?? [])}, found ${shapeToString(dvalues.shape)}`,
        );
      }
      pass.backward(f64(dvalues), batch, options.skipLast);
      return pass.dense.map((slot) => ({
        layer: slot.layer,
        dweights: {
          shape: [slot.nIn, slot.nOut],
          dtype: 'float64',
          data: slot.weights.grad.slice(),
        },
        dbiases: { shape: [slot.nOut], dtype: 'float64', data: slot.biases.grad.slice() },
      }));
    },
  };
}

/**
 * The mean loss of a batch and its gradients per Dense layer, the way the trainer computes
 * them: softmax followed by categorical cross-entropy uses the combined gradient.
 */
export function lossGradients(
  network: Network,
  inputs: Tensor,
  labels: Labels,
  loss: LossName,
): { loss: number; gradients: LayerGradients[] } {
  const trace = forwardTrace(network, inputs);
  const output = trace.outputs[trace.outputs.length - 1]!;
  const [batch, width] = output.shape as [number, number];
  const targets = toTargets(loss, labels, batch, width);
  const losses = new Float64Array(batch);
  sampleLossesInto(loss, output.data as Float64Array, targets, losses, batch, width);
  const combined = loss === 'categorical-crossentropy' && network.layers.at(-1)?.type === 'softmax';
  const dvalues = new Float64Array(batch * width);
  lossGradientInto(loss, output.data as Float64Array, targets, dvalues, batch, width, combined);
  let sum = 0;
  for (const l of losses) sum += l;
  const gradients = trace.backward(
    { shape: [batch, width], dtype: 'float64', data: dvalues },
    { skipLast: combined },
  );
  return { loss: sum / batch, gradients };
}

function batchSize(inputs: Tensor, units: number): number {
  if (inputs.shape.length !== 2 || inputs.shape[1] !== units) {
    throw new ShapeError(
      `the input layer takes ${units} features per sample: inputs of shape (batch, ${units}), found ${shapeToString(inputs.shape)}`,
    );
  }
  return inputs.shape[0] as number;
}
