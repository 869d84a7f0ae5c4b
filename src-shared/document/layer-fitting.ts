/**
 * Keeping each layer's parameters fitted to the shape arriving, as Keras's `build(input_shape)`
 * makes a layer's weights once its input is known. The registry answers every per-kind question
 * (`create`, `parameters`, `settingsOf`), so nothing here switches on a kind:
 *
 * - a layer is remade from its settings and the shape arriving with `create`; a tensor whose
 *   shape did not change is kept as it is;
 * - a new weight tensor (a parameter with weight decay: Conv2D's kernels) is drawn He-normal,
 *   std √(2 / fan_in) with fan_in every axis but the last, as vision/init.ts draws it, from
 *   `RandomState(n)` for node `n<n>`, so the same document always gets the same numbers; other
 *   tensors take `create`'s values (zero biases, BatchNorm's γ and running variance one);
 * - when only the last axis changed (more filters, more channels) the existing slices are kept
 *   and only the new ones drawn, so edited kernels survive; any other change draws afresh.
 *
 * A Dense node keeps the notebook's rule instead: zeros (k, units) once k is known, and a red
 * wire (with "Resize W") when k changes later.
 */
import { isImageLayerType, layerKind, type ImageLayer, type Settings } from '../layers/index.ts';
import { RandomState } from '../rng/random-state.ts';
import { ShapeError } from '../tensor/ops.ts';
import { zeros, type Shape, type Tensor } from '../tensor/tensor.ts';
import {
  downstream,
  idNumber,
  incomingEdges,
  nodeSettings,
  outputUnitsOf,
  shapesIn,
} from './graph.ts';
import type { DocNode, EditorDocument, ImageNode, NodeId, PendingNode } from './types.ts';

export type LayerNode = ImageNode | PendingNode;

export function isLayerNode(node: DocNode): node is LayerNode {
  return isImageLayerType(node.kind);
}

/**
 * `node` with `settings` for samples of `shapes` arriving, one per wire in (null: unknown). Its layer is remade
 * when its kind can make one (`create` needs the shape for Conv2D and BatchNorm); otherwise a
 * setting that is a plain field of the layer (stride, padding, momentum) is changed in place;
 * otherwise the node keeps the settings alone, pending. Returns `node` itself when nothing changed.
 */
export function refit(
  node: LayerNode,
  settings: Settings,
  shapes: readonly Shape[] | null,
): LayerNode {
  const kind = layerKind(node.kind);
  let made: ImageLayer | null = null;
  try {
    made = kind.create(settings, shapes ?? []) as ImageLayer;
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
  }
  const old = node.layer;
  const layer = made
    ? merged(made, old, new RandomState(idNumber(node.id)))
    : old && withPlainSettings(old, settings);
  if (layer) {
    if (layer === old) return node;
    return { id: node.id, kind: node.kind, position: node.position, layer };
  }
  if ('settings' in node && sameSettings(node.settings, settings)) return node;
  return { id: node.id, kind: node.kind, position: node.position, layer: null, settings };
}

/**
 * Gives parameters that fit the shapes arriving to each layer from `start` on along the wires:
 * weightless Dense layers get zeros (k, units); Conv2D and BatchNorm layers are made or re-sized
 * (see `refit`). A node whose shape arriving is unknown is left as it is.
 */
export function fitParameters(doc: EditorDocument, start: NodeId): EditorDocument {
  let next = doc;
  for (const id of [start, ...downstream(doc, start)]) {
    const node = next.nodes[id];
    if (!node) continue;
    let fitted: DocNode = node;
    if (node.kind === 'dense') {
      const edge = incomingEdges(next, id)[0];
      const k = node.weights === null && edge ? outputUnitsOf(next, edge.from) : null;
      if (k !== null) fitted = { ...node, weights: zeros([k, node.units]) };
    } else if (isLayerNode(node)) {
      const shapes = shapesIn(next, id);
      if (shapes) fitted = refit(node, nodeSettings(node), shapes);
    }
    if (fitted !== node) next = { ...next, nodes: { ...next.nodes, [id]: fitted } };
  }
  return next;
}

type Fields = Record<string, unknown>;

function isTensor(value: unknown): value is Tensor {
  return typeof value === 'object' && value !== null && 'shape' in value && 'data' in value;
}

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * `made` (fresh from `create`) with `old`'s values wherever they still fit; `old` itself when
 * every field came out the same.
 */
function merged(made: ImageLayer, old: ImageLayer | null, random: RandomState): ImageLayer {
  const drawn = new Set(
    layerKind(made.type)
      .parameters(made)
      .filter((p) => p.decay)
      .map((p) => p.field),
  );
  const before = (old ?? {}) as Fields;
  const result: Fields = {};
  for (const [key, value] of Object.entries(made as unknown as Fields)) {
    const was = before[key];
    if (isTensor(value)) {
      if (isTensor(was) && sameShape(was.shape, value.shape)) result[key] = was;
      else {
        const fresh = drawn.has(key) ? heNormal(value, random) : value;
        result[key] = isTensor(was) ? keepSlices(was, fresh) : fresh;
      }
    } else if (Array.isArray(value) && Array.isArray(was) && was.length === value.length) {
      result[key] = was;
    } else result[key] = value;
  }
  const unchanged =
    old !== null &&
    Object.keys(before).length === Object.keys(result).length &&
    Object.entries(result).every(([key, value]) => before[key] === value);
  return unchanged ? old : (result as unknown as ImageLayer);
}

/** He-normal draws of `like`'s shape and dtype: std √(2 / fan_in), fan_in all axes but the last. */
function heNormal(like: Tensor, random: RandomState): Tensor {
  const fanIn = like.data.length / (like.shape[like.shape.length - 1] || 1);
  const std = Math.sqrt(2 / fanIn);
  const out = zeros(like.shape, like.dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = random.gaussian() * std;
  return out;
}

/** `fresh` with `old`'s values copied in when the two differ only in their last axis. */
function keepSlices(old: Tensor, fresh: Tensor): Tensor {
  const rank = fresh.shape.length;
  if (old.shape.length !== rank || !sameShape(old.shape.slice(0, -1), fresh.shape.slice(0, -1))) {
    return fresh;
  }
  const was = old.shape[rank - 1]!;
  const now = fresh.shape[rank - 1]!;
  const out = zeros(fresh.shape, fresh.dtype);
  out.data.set(fresh.data);
  for (let row = 0; row * now < out.data.length; row++) {
    for (let j = 0; j < Math.min(was, now); j++) out.data[row * now + j] = old.data[row * was + j]!;
  }
  return out;
}

/**
 * `layer` with the settings that are its own fields (a conv's stride and padding) set; null
 * when a setting is held by a tensor's shape (filters, kernel size) and needs the shape arriving.
 */
function withPlainSettings(layer: ImageLayer, settings: Settings): ImageLayer | null {
  const kind = layerKind(layer.type);
  const current = kind.settingsOf(layer);
  if (sameSettings(current, settings)) return layer;
  const fields = { ...(layer as unknown as Fields) };
  for (const [key, value] of Object.entries(settings)) {
    if (current[key] === value) continue;
    if (!Object.hasOwn(fields, key) || typeof fields[key] !== 'number') return null;
    fields[key] = value;
  }
  const changed = fields as unknown as ImageLayer;
  return sameSettings(kind.settingsOf(changed), settings) ? changed : null;
}

function sameSettings(a: Settings, b: Settings): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}
