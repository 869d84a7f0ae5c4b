/**
 * Edits of the graph: adding, moving, wiring, deleting and duplicating layers.
 * Each is a pure function (doc, args) → new document; a refused edit throws a DocumentError
 * before anything changes.
 */
import { isActivation, isImageLayerType, layerKind, type ImageLayer } from '../layers/index.ts';
import { zeros } from '../tensor/tensor.ts';
import { refuse, requireFinite, requireUnits } from './checks.ts';
import { describeNode, getNode, incomingEdges, isMergeNode, isStartNode } from './graph.ts';
import { fitInputs } from './input-commands.ts';
import { fitParameters, refit } from './layer-fitting.ts';
import type { DocEdge, DocNode, EdgeId, EditorDocument, NodeId, NodeKind, Point } from './types.ts';
import type { ModelMetadata } from '../nn/model.ts';

export const DEFAULT_INPUT_UNITS = 4;
export const DEFAULT_DENSE_UNITS = 3;
/** Where a duplicate lands relative to its original, in canvas units. */
export const DUPLICATE_OFFSET: Point = { x: 40, y: 40 };

/** No layers yet; the batch is one sample of no features until an Input node is added. */
export function createEmptyDocument(metadata: ModelMetadata = {}): EditorDocument {
  return { nodes: {}, edges: {}, inputs: zeros([1, 0]), examples: [], metadata, nextId: 1 };
}

export interface AddNodeArgs {
  kind: NodeKind;
  position: Point;
  /** Input: features (default 4); Dense: neurons (default 3); ignored for activations. */
  units?: number;
  /** An image layer's data, of type `kind`; without it the kind's defaults. */
  layer?: ImageLayer;
}

/**
 * A new layer, unwired. A Dense layer starts with weights null (its n_inputs is unknown until
 * it is wired) and zero biases; other kinds start with their kind's defaults (a picture at
 * 64×64 RGB), Conv2D and BatchNorm as settings alone until a wire brings their input's shape.
 * The first Input node added sizes the input batch.
 */
export function addNode(
  doc: EditorDocument,
  { kind, position, units, layer }: AddNodeArgs,
): { doc: EditorDocument; id: NodeId } {
  const id = `n${doc.nextId}`;
  const at = checkedPoint(position, 'the position of a new layer');
  let node: DocNode;
  if (kind === 'input') {
    node = { id, kind, position: at, units: requireUnits(units ?? DEFAULT_INPUT_UNITS, 'units') };
  } else if (kind === 'dense') {
    const n = requireUnits(units ?? DEFAULT_DENSE_UNITS, 'units');
    node = { id, kind, position: at, units: n, weights: null, biases: zeros([n]) };
  } else if (isActivation(kind)) {
    node = { id, kind, position: at };
  } else if (isImageLayerType(kind)) {
    if (layer && layer.type !== kind) refuse(`a ${kind} node cannot hold a ${layer.type} layer`);
    const defaults = layerKind(kind).defaults;
    node = layer
      ? { id, kind, position: at, layer }
      : refit({ id, kind, position: at, layer: null, settings: defaults }, defaults, null);
  } else {
    refuse(`unknown layer kind ${JSON.stringify(kind)}`);
  }
  const next = { ...doc, nodes: { ...doc.nodes, [id]: node }, nextId: doc.nextId + 1 };
  return { doc: fitInputs(next), id };
}

export function moveNodes(
  doc: EditorDocument,
  { ids, dx, dy }: { ids: readonly NodeId[]; dx: number; dy: number },
): EditorDocument {
  requireFinite(dx, 'dx');
  requireFinite(dy, 'dy');
  const nodes = { ...doc.nodes };
  for (const id of new Set(ids)) {
    const node = getNode(doc, id);
    nodes[id] = { ...node, position: { x: node.position.x + dx, y: node.position.y + dy } };
  }
  return ids.length === 0 || (dx === 0 && dy === 0) ? doc : { ...doc, nodes };
}

/**
 * A wire from `from`'s output to `to`'s input. A layer may feed several layers; an ordinary
 * layer reads one, so the wire `to` received before is replaced, while a merge layer (Add,
 * Concatenate) takes one more. A wire that would close a loop is refused. The layers from `to`
 * on get parameters that fit what now arrives (layer-fitting.ts): a Dense layer without weights
 * gets zeros (k, units), a Conv2D its kernels, a BatchNorm one γ and β per channel.
 */
export function connect(
  doc: EditorDocument,
  { from, to }: { from: NodeId; to: NodeId },
): EditorDocument {
  const source = getNode(doc, from);
  const target = getNode(doc, to);
  if (from === to) refuse(`${describeNode(source)} cannot feed itself`);
  if (isStartNode(target)) {
    refuse(`${describeNode(target)} takes no wire in: an Input layer is fed the input batch`);
  }
  const loop = pathBetween(doc, to, from);
  if (loop) {
    refuse(
      `wiring ${describeNode(source)} → ${describeNode(target)} would make a loop (${[...loop, to].join(' → ')}): values flow one way`,
    );
  }
  const before = incomingEdges(doc, to);
  if (before.some((edge) => edge.from === from)) return doc;
  const edges: Record<EdgeId, DocEdge> = { ...doc.edges };
  if (!isMergeNode(target)) for (const edge of before) delete edges[edge.id];
  const id = `e${doc.nextId}`;
  edges[id] = { id, from, to };
  return fitParameters({ ...doc, edges, nextId: doc.nextId + 1 }, to);
}

/** A path of nodes from `start` to `end` along the wires (both included), or null if none. */
function pathBetween(doc: EditorDocument, start: NodeId, end: NodeId): NodeId[] | null {
  const cameFrom = new Map<NodeId, NodeId | null>([[start, null]]);
  const queue = [start];
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    if (at === end) {
      const path: NodeId[] = [];
      for (let step: NodeId | null = at; step !== null; step = cameFrom.get(step)!) path.push(step);
      return path.reverse();
    }
    for (const edge of Object.values(doc.edges)) {
      if (edge.from !== at || cameFrom.has(edge.to)) continue;
      cameFrom.set(edge.to, at);
      queue.push(edge.to);
    }
  }
  return null;
}

export function disconnect(doc: EditorDocument, edgeId: EdgeId): EditorDocument {
  if (!Object.hasOwn(doc.edges, edgeId)) refuse(`there is no wire ${String(edgeId)}`);
  const edges = { ...doc.edges };
  delete edges[edgeId];
  return { ...doc, edges };
}

/** Removes the nodes and every wire touching them. */
export function deleteNodes(doc: EditorDocument, ids: readonly NodeId[]): EditorDocument {
  if (ids.length === 0) return doc;
  const gone = new Set(ids);
  for (const id of gone) getNode(doc, id);
  const nodes = Object.fromEntries(Object.entries(doc.nodes).filter(([id]) => !gone.has(id)));
  const edges = Object.fromEntries(
    Object.entries(doc.edges).filter(([, e]) => !gone.has(e.from) && !gone.has(e.to)),
  );
  return fitInputs({ ...doc, nodes, edges });
}

/**
 * Copies of the nodes with new ids, moved by `offset` (the editor passes a free spot), and copies of the wires
 * between them. Tensors are shared: the document never mutates one in place.
 */
export function duplicateNodes(
  doc: EditorDocument,
  ids: readonly NodeId[],
  offset: Point = DUPLICATE_OFFSET,
): { doc: EditorDocument; ids: NodeId[] } {
  const originals = [...new Set(ids)].map((id) => getNode(doc, id));
  let nextId = doc.nextId;
  const copyOf = new Map<NodeId, NodeId>();
  const nodes = { ...doc.nodes };
  for (const node of originals) {
    const id = `n${nextId++}`;
    copyOf.set(node.id, id);
    const { x, y } = node.position;
    nodes[id] = { ...node, id, position: { x: x + offset.x, y: y + offset.y } };
  }
  const edges = { ...doc.edges };
  for (const edge of Object.values(doc.edges)) {
    const from = copyOf.get(edge.from);
    const to = copyOf.get(edge.to);
    if (from === undefined || to === undefined) continue;
    const id = `e${nextId++}`;
    edges[id] = { id, from, to };
  }
  return { doc: { ...doc, nodes, edges, nextId }, ids: [...copyOf.values()] };
}

function checkedPoint(point: Point, what: string): Point {
  return { x: requireFinite(point.x, `${what} (x)`), y: requireFinite(point.y, `${what} (y)`) };
}
