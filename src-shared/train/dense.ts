/**
 * A Dense layer's forward pass and the backward pass that reverses it, side by side
 * (nnfs's `Layer_Dense.forward` / `.backward`):
 *
 *   forward:  output   = inputs @ weights + biases        (batch×in) @ (in×out) + (out,)
 *   backward: dweights = inputsᵀ @ dvalues                 (in×batch) @ (batch×out)
 *             dbiases  = Σ over the batch of dvalues      (out,)
 *             dinputs  = dvalues @ weightsᵀ                (batch×out) @ (out×in)
 *
 * The `…Into` functions work on preallocated Float64Arrays for the trainer's hot loop; the
 * tensor functions wrap them for tests and for the UI.
 */
import type { DenseLayer } from '../nn/layers.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Tensor } from '../tensor/tensor.ts';
import { matmul, matmulTransposeA, matmulTransposeB } from '../tensor/matmul.ts';

/** Sizes of one Dense pass: `batch` samples, `nIn` inputs and `nOut` neurons. */
export interface DenseDims {
  batch: number;
  nIn: number;
  nOut: number;
}

/** output = inputs @ weights + biases, the product summed first as NumPy's `dot(...) + b`. */
export function denseForwardInto(
  inputs: Float64Array,
  weights: Float64Array,
  biases: Float64Array,
  output: Float64Array,
  { batch, nIn, nOut }: DenseDims,
): void {
  matmul(inputs, weights, output, batch, nIn, nOut);
  for (let i = 0; i < batch; i++) {
    const row = i * nOut;
    for (let j = 0; j < nOut; j++) output[row + j] = output[row + j]! + biases[j]!;
  }
}

export interface DenseBackwardBuffers {
  /** The inputs the forward pass saw. */
  inputs: Float64Array;
  weights: Float64Array;
  /** dL/doutput, (batch × nOut). */
  dvalues: Float64Array;
  /** Filled with dL/dweights, (nIn × nOut). */
  dweights: Float64Array;
  /** Filled with dL/dbiases, (nOut,). */
  dbiases: Float64Array;
  /** Filled with dL/dinputs, (batch × nIn); null skips it (the first layer needs none). */
  dinputs: Float64Array | null;
}

export function denseBackwardInto(
  { inputs, weights, dvalues, dweights, dbiases, dinputs }: DenseBackwardBuffers,
  { batch, nIn, nOut }: DenseDims,
): void {
  matmulTransposeA(inputs, dvalues, dweights, batch, nIn, nOut);
  // np.sum(dvalues, axis=0) adds the rows in order.
  dbiases.fill(0, 0, nOut);
  for (let i = 0; i < batch; i++) {
    const row = i * nOut;
    for (let j = 0; j < nOut; j++) dbiases[j] = dbiases[j]! + dvalues[row + j]!;
  }
  if (dinputs) matmulTransposeB(dvalues, weights, dinputs, batch, nOut, nIn);
}

/** Checks that a batch (batch, nIn) fits the layer and returns the pass's sizes. */
export function denseDims(layer: DenseLayer, inputs: Tensor): DenseDims {
  const [nIn, nOut] = layer.weights.shape as [number, number];
  if (inputs.shape.length !== 2 || inputs.shape[1] !== nIn) {
    throw new ShapeError(
      `a Dense layer with weights of shape ${shapeToString(layer.weights.shape)} takes inputs of shape (batch, ${nIn}), found ${shapeToString(inputs.shape)}`,
    );
  }
  return { batch: inputs.shape[0] as number, nIn, nOut };
}

/** The forward pass on tensors (the same numbers as `forwardLayer` in nn/layers.ts). */
export function denseForward(layer: DenseLayer, inputs: Tensor): Tensor {
  const dims = denseDims(layer, inputs);
  const output = new Float64Array(dims.batch * dims.nOut);
  denseForwardInto(f64(inputs), f64(layer.weights), f64(layer.biases), output, dims);
  return { shape: [dims.batch, dims.nOut], dtype: 'float64', data: output };
}

export interface DenseGradients {
  dinputs: Tensor;
  dweights: Tensor;
  dbiases: Tensor;
}

/** The backward pass on tensors: the gradients for `dvalues` = dL/doutput. */
export function denseBackward(layer: DenseLayer, inputs: Tensor, dvalues: Tensor): DenseGradients {
  const dims = denseDims(layer, inputs);
  const { batch, nIn, nOut } = dims;
  if (dvalues.shape[0] !== batch || dvalues.shape[1] !== nOut) {
    throw new ShapeError(
      `dvalues must have the output's shape (${batch}, ${nOut}), found ${shapeToString(dvalues.shape)}`,
    );
  }
  const dweights = new Float64Array(nIn * nOut);
  const dbiases = new Float64Array(nOut);
  const dinputs = new Float64Array(batch * nIn);
  denseBackwardInto(
    {
      inputs: f64(inputs),
      weights: f64(layer.weights),
      dvalues: f64(dvalues),
      dweights,
      dbiases,
      dinputs,
    },
    dims,
  );
  return {
    dinputs: { shape: [batch, nIn], dtype: 'float64', data: dinputs },
    dweights: { shape: [nIn, nOut], dtype: 'float64', data: dweights },
    dbiases: { shape: [nOut], dtype: 'float64', data: dbiases },
  };
}

/** The tensor's values as float64 (a copy only when it is float32). */
export function f64(t: Tensor): Float64Array {
  return t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
}
