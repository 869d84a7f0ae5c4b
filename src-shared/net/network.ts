/**
 * A network as plain data: its layers, the wires between them when they are not a chain, and
 * the precision it computes in. Plain data crosses to workers by structured clone and saves as
 * JSON; `Net` (net.ts) computes it.
 */
import { isInputType, outputShape, withPlace, type Layer } from '../layers/registry.ts';
import { ShapeError } from '../tensor/ops.ts';
import { sizeOf } from '../tensor/tensor.ts';
import type { Precision } from '../train/settings.ts';

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
