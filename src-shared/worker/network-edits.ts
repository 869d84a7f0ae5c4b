/**
 * What changed between the network the engine holds and the next one to compute, as small as
 * the edit: the live forward pass sends this instead of the whole network (resident-nets.ts
 * applies it). Documents are immutable, so an unchanged tensor keeps its identity and costs one
 * comparison; a changed tensor of the same shape is compared value by value.
 */
import type { Layer } from '../layers/registry.ts';
import { precisionOf, type Network } from '../net/network.ts';
import type { Tensor, TypedArray } from '../tensor/tensor.ts';
import type { Precision } from '../train/settings.ts';

/** New values of one tensor of one layer, at row-major positions. */
export interface ValueEdit {
  readonly layer: number;
  /** The layer's key holding the tensor: `weights`, `biases`, `runningMean`… */
  readonly field: string;
  readonly indices: Uint32Array;
  /** float64 holds a float32 tensor's values exactly too. */
  readonly values: Float64Array;
}

/** The changes to a network of as many layers, wired alike. */
export interface NetworkEdits {
  readonly precision?: Precision;
  /** Layers whose kind, settings or shapes changed (or most of whose values did), whole. */
  readonly layers: readonly { readonly index: number; readonly layer: Layer }[];
  readonly values: readonly ValueEdit[];
}

/** Beyond this share of a tensor's values changed, its layer goes whole. */
const MOST_CHANGED = 0.5;

/**
 * The edits that turn `held` into `next`, or null when the layer list or the wiring changed
 * and the whole network must go.
 */
export function networkEdits(held: Network, next: Network): NetworkEdits | null {
  if (held.layers.length !== next.layers.length || !sameWiring(held, next)) return null;
  const layers: { index: number; layer: Layer }[] = [];
  const values: ValueEdit[] = [];
  next.layers.forEach((layer, index) => {
    const edits = layerEdits(index, held.layers[index]!, layer);
    if (edits === null) layers.push({ index, layer });
    else values.push(...edits);
  });
  const precision = precisionOf(next);
  return precision === precisionOf(held) ? { layers, values } : { precision, layers, values };
}

function sameWiring(a: Network, b: Network): boolean {
  // Absent wiring is a chain; compared entry by entry, as `inputsOf` reads it.
  for (let i = 1; i < a.layers.length; i++) {
    const x = a.inputs?.[i] ?? [i - 1];
    const y = b.inputs?.[i] ?? [i - 1];
    if (x.length !== y.length || x.some((j, k) => j !== y[k])) return false;
  }
  return true;
}

/** The value edits of a layer, or null when it must go whole. */
function layerEdits(index: number, before: Layer, after: Layer): ValueEdit[] | null {
  if (before === after) return [];
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  const edits: ValueEdit[] = [];
  for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[field];
    const y = b[field];
    if (x === y) continue;
    if (!isTensor(x) || !isTensor(y) || !sameForm(x, y)) return null;
    const edit = changedValues(x.data, y.data);
    if (edit === null) return null;
    if (edit.indices.length > 0) edits.push({ layer: index, field, ...edit });
  }
  return edits;
}

function isTensor(value: unknown): value is Tensor {
  return (
    typeof value === 'object' &&
    value !== null &&
    ArrayBuffer.isView((value as Tensor).data) &&
    Array.isArray((value as Tensor).shape)
  );
}

function sameForm(a: Tensor, b: Tensor): boolean {
  return (
    a.dtype === b.dtype &&
    a.shape.length === b.shape.length &&
    a.shape.every((d, i) => d === b.shape[i])
  );
}

/** Positions and new values where `after` differs from `before`; null when most differ. */
function changedValues(
  before: TypedArray,
  after: TypedArray,
): { indices: Uint32Array; values: Float64Array } | null {
  const most = before.length * MOST_CHANGED;
  const indices: number[] = [];
  for (let i = 0; i < after.length; i++) {
    const x = before[i]!;
    const y = after[i]!;
    // 0 and -0 count as different: they can give different outputs (1/x, signs of products).
    if (x !== y || (x === 0 && 1 / x !== 1 / y)) {
      indices.push(i);
      if (indices.length > most) return null;
    }
  }
  return {
    indices: Uint32Array.from(indices),
    values: Float64Array.from(indices, (i) => after[i]!),
  };
}
