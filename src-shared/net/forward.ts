/** The forward pass as the canvas, the CLI and the lessons ask for it: tensors in, every layer's output out. */
import { backendFor } from '../layers/backend.ts';
import { layerKind, type Layer } from '../layers/registry.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Tensor } from '../tensor/tensor.ts';
import { Net } from './net.ts';
import { precisionOf, type Network } from './network.ts';

/**
 * The outputs of layers[1..], in order, in the network's precision. Inputs are one sample
 * (features,) — the outputs then have no batch axis either — or a batch (batch, ...sample); an
 * image network takes pictures (batch, height, width, channels) of 0..255 pixel values.
 */
export function forward(network: Network, inputs: Tensor): Tensor[] {
  return forwardOn(netFor(network), inputs);
}

/**
 * The net `forward` computes a network with: in the network's precision, on the fastest
 * kernels. `replaces`: a net of the caller's that this one supersedes, whose kernel instance it
 * takes over (that net is retired: see `NetOptions.replaces`).
 */
export function netFor(network: Network, replaces?: Net): Net {
  return new Net(network, { precision: precisionOf(network), replaces });
}

/** `forward` on a net already built (the engine keeps the live pass's net between edits). */
export function forwardOn(net: Net, inputs: Tensor): Tensor[] {
  const sample = net.inputShape;
  const single = inputs.shape.length === sample.length;
  const batch = single ? 1 : inputs.shape[0]!;
  const given = single ? inputs.shape : inputs.shape.slice(1);
  if (given.length !== sample.length || given.some((d, i) => d !== sample[i])) {
    const takes =
      sample.length === 1
        ? `${sample[0]} features per sample, found ${given[given.length - 1]}`
        : `samples of shape ${shapeToString(sample)}, found`;
    throw new ShapeError(
      `layers[0] (${net.types[0]!}): the input layer takes ${takes} (inputs of shape ${shapeToString(inputs.shape)})`,
    );
  }
  net.forward(inputs.data, batch);
  const dtype = net.precision;
  // Copies: the net's buffers are reused by the next pass, and results are transferred.
  return net.shapes.slice(1).map((shape, k) => ({
    shape: single ? [...shape] : [batch, ...shape],
    dtype,
    data: net.output(k + 1).slice(),
  }));
}

/**
 * One layer on a batch (batch, ...sample) or one sample (features,), as `forward` runs it, in
 * the tensor's precision; pictures come as (batch, height, width, channels).
 */
export function forwardLayer(layer: Layer, inputs: Tensor): Tensor {
  if (inputs.shape.length > 2) {
    // A batch of pictures: the kind's shape rule, then its runtime, in inference mode.
    const [batch, ...sample] = inputs.shape as [number, ...number[]];
    const kind = layerKind(layer.type);
    const shape = kind.outputShape(layer, [sample]);
    const backend = backendFor(inputs.dtype);
    const runtime = kind.runtime(layer, kind.role === 'input' ? [] : [sample], backend);
    const y = runtime.forward([backend.copy(inputs.data)], batch, { training: false });
    return { shape: [batch, ...shape], dtype: inputs.dtype, data: y.slice() };
  }
  const features = inputs.shape[inputs.shape.length - 1]!;
  const input: Layer = { type: 'input', units: features };
  return forward({ layers: [input, layer], precision: inputs.dtype }, inputs)[0]!;
}
