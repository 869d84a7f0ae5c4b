/**
 * A network as plain data: its layers, the wires between them when they are not a chain, and
 * the precision it computes in. Plain data crosses to workers by structured clone and saves as
 * JSON; `Net` (net.ts) computes it.
 */
import { isInputType, outputShape, withPlace, type Layer } from '../layers/registry.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, sizeOf, type Tensor } from '../tensor/tensor.ts';
import type { Precision } from '../train/settings.ts';
import { Net } from './net.ts';

export interface Network {
  readonly layers: readonly Layer[];
  /**
   * inputs[i]: the layers whose outputs layers[i] reads, each earlier than i. Absent: a chain,
   * each layer reading the one before.
   */
  readonly inputs?: readonly (readonly number[])[];
  /** Absent: float32 for picture networks, float64 (the notebook's numbers) otherwise. */
  readonly precision?: Precision;
}

/** The layers that layers[i] reads. */
export function inputsOf(network: Network, i: number): readonly number[] {
  if (i === 0) return [];
  const wired = network.inputs?.[i];
  if (!wired) return [i - 1];
  for (const j of wired) {
    if (!Number.isInteger(j) || j < 0 || j >= i) {
      throw new ShapeError(`layers[${i}] reads layers[${j}]: a layer reads only layers before it`);
    }
  }
  return wired;
}

/** Whether the network takes pictures. */
export function isImageNetwork(network: Network): boolean {
  return network.layers[0]?.type === 'image-input';
}

export function precisionOf(network: Network): Precision {
  return network.precision ?? (isImageNetwork(network) ? 'float32' : 'float64');
}

/**
 * The shape of one sample after each layer, input first: `[[4], [5], [5]]`, or for a CNN
 * `[[64, 64, 3], [64, 64, 16], …, [2]]`. Throws a ShapeError at the first layer that does not fit.
 */
export function layerShapes(network: Network): number[][] {
  const shapes: number[][] = [];
  network.layers.forEach((layer, i) => {
    const where = `layers[${i}] (${layer.type})`;
    if (i > 0 && isInputType(layer.type)) {
      throw new ShapeError(`${where}: only the first layer may be an input layer`);
    }
    const arriving = inputsOf(network, i).map((j) => shapes[j]!);
    shapes.push(withPlace(where, () => outputShape(layer, arriving)));
  });
  return shapes;
}

/** Values per sample after each layer (a picture's height × width × channels). */
export function layerUnits(network: Network): number[] {
  return layerShapes(network).map(sizeOf);
}

/**
 * The outputs of layers[1..], in order, in the network's precision. Inputs are one sample
 * (features,) — the outputs then have no batch axis either — or a batch (batch, ...sample); an
 * image network takes pictures (batch, height, width, channels) of 0..255 pixel values.
 */
export function forward(network: Network, inputs: Tensor): Tensor[] {
  const net = new Net(network, { precision: precisionOf(network) });
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
      `layers[0] (${network.layers[0]!.type}): the input layer takes ${takes} (inputs of shape ${shapeToString(inputs.shape)})`,
    );
  }
  net.forward(inputs.data, batch);
  const dtype = net.precision;
  return net.shapes.slice(1).map((shape, k) => ({
    shape: single ? [...shape] : [batch, ...shape],
    dtype,
    data: net.output(k + 1).slice(),
  }));
}

/** One layer on a batch (batch, ...sample) or one sample, as `forward` runs it. */
export function forwardLayer(layer: Layer, inputs: Tensor): Tensor {
  const features = inputs.shape[inputs.shape.length - 1]!;
  if (inputs.shape.length > 2) {
    throw new ShapeError(
      `forwardLayer takes rows of features, found shape (${inputs.shape.join(', ')})`,
    );
  }
  const input: Layer = { type: 'input', units: features };
  return forward({ layers: [input, layer], precision: inputs.dtype }, inputs)[0]!;
}
