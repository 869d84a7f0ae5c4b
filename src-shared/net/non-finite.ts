/**
 * Where a forward pass first stopped being numbers: a result holding Infinity or NaN is never a
 * result, so the CLI stops on it and names the layer and the place, the first in layer order
 * (a NaN there spreads to everything after it, so later layers say nothing new).
 */
import type { Tensor } from '../tensor/tensor.ts';

export interface NonFinite {
  /** The layer's index in network.layers. */
  readonly layer: number;
  /** The value's index in that layer's output tensor: [sample, unit] or [sample, y, x, channel]. */
  readonly position: readonly number[];
  readonly value: number;
}

/**
 * The first non-finite value of `outputs`, where outputs[k] is layers[k + firstLayer]'s output
 * (`forward` returns layers[1..], so 1 by default); null when every value is finite.
 */
export function firstNonFinite(outputs: readonly Tensor[], firstLayer = 1): NonFinite | null {
  for (let k = 0; k < outputs.length; k++) {
    const { data, shape } = outputs[k]!;
    for (let i = 0; i < data.length; i++) {
      const value = data[i]!;
      if (Number.isFinite(value)) continue;
      // Row-major: peel the flat index into one index per axis, last axis fastest.
      const position = new Array<number>(shape.length);
      let rest = i;
      for (let axis = shape.length - 1; axis >= 0; axis--) {
        position[axis] = rest % shape[axis]!;
        rest = Math.floor(rest / shape[axis]!);
      }
      return { layer: k + firstLayer, position, value };
    }
  }
  return null;
}

/**
 * `layers[2] (dense, node "n3") is the first to give a non-finite value: inf at [0, 3] of its
 * output`, in NumPy's spelling (inf, -inf, nan).
 */
export function describeNonFinite(
  found: NonFinite,
  layers: readonly { readonly type: string }[],
  nodeIds?: readonly string[],
): string {
  const { layer, position, value } = found;
  const node = nodeIds?.[layer] === undefined ? '' : `, node ${JSON.stringify(nodeIds[layer])}`;
  const spelled = Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  return `layers[${layer}] (${layers[layer]!.type}${node}) is the first to give a non-finite value: ${spelled} at [${position.join(', ')}] of its output`;
}
