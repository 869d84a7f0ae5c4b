/**
 * Reading the document as a graph: lookups, wires in and out, units along a chain.
 * Every node has at most one wire in and one wire out, so a chain is a path, never a tree.
 */
import { isInputType, layerKind, outputShape, type Layer, type Settings } from '../layers/index.ts';
import type { Shape } from '../tensor/tensor.ts';
import { refuse } from './checks.ts';
import type {
  DenseNode,
  DocEdge,
  DocNode,
  EditorDocument,
  ImageNode,
  InputNode,
  NodeId,
  NodeKind,
} from './types.ts';

/** The name a learner sees on the card: `Dense`, `ReLU`. */
export function nodeLabel(kind: NodeKind): string {
  return layerKind(kind).label;
}

/** `Dense n3`: a node named in a message. */
export function describeNode(node: DocNode): string {
  return `${nodeLabel(node.kind)} ${node.id}`;
}

/** Ids are "n<k>" and "e<k>" from one counter, so creation order is numeric order. */
export function idNumber(id: string): number {
  return Number(id.slice(1));
}

/** Node ids in creation order (object key order changes when undo re-adds a node). */
export function sortedNodeIds(doc: EditorDocument): NodeId[] {
  return Object.keys(doc.nodes).sort((a, b) => idNumber(a) - idNumber(b));
}

/** The nodes that start a chain: Input and Image input. */
export type StartNode = InputNode | (ImageNode & { readonly kind: 'image-input' });

export function isStartNode(node: DocNode): node is StartNode {
  return isInputType(node.kind);
}

export function inputNodeIds(doc: EditorDocument): NodeId[] {
  return sortedNodeIds(doc).filter((id) => isStartNode(doc.nodes[id]!));
}

/**
 * The Input node the document's input batch feeds: the oldest one. The batch always has the
 * shape of one of its samples after the batch axis (`startShape`).
 */
export function primaryInput(doc: EditorDocument): StartNode | null {
  const id = inputNodeIds(doc)[0];
  return id === undefined ? null : (doc.nodes[id] as StartNode);
}

/** One sample's shape at a chain's start: `[4]` features, or `[64, 64, 3]` for pictures. */
export function startShape(node: StartNode): number[] {
  // An input kind's shape rule needs nothing arriving.
  return outputShape(nodeLayer(node)!, []);
}

export function getNode(doc: EditorDocument, id: NodeId): DocNode {
  const node = Object.hasOwn(doc.nodes, id) ? doc.nodes[id] : undefined;
  if (!node) refuse(`there is no layer ${String(id)} in the document`);
  return node;
}

export function getDense(doc: EditorDocument, id: NodeId): DenseNode {
  const node = getNode(doc, id);
  if (node.kind !== 'dense') refuse(`${describeNode(node)} is not a Dense layer`);
  return node;
}

export function getInput(doc: EditorDocument, id: NodeId): InputNode {
  const node = getNode(doc, id);
  if (node.kind !== 'input') refuse(`${describeNode(node)} is not an Input layer`);
  return node;
}

export function incomingEdge(doc: EditorDocument, id: NodeId): DocEdge | undefined {
  return Object.values(doc.edges).find((edge) => edge.to === id);
}

export function outgoingEdge(doc: EditorDocument, id: NodeId): DocEdge | undefined {
  return Object.values(doc.edges).find((edge) => edge.from === id);
}

/** The nodes after `id`, following wires out, in order (not including `id`). */
export function downstream(doc: EditorDocument, id: NodeId): NodeId[] {
  const next = new Map(Object.values(doc.edges).map((edge) => [edge.from, edge.to]));
  const seen = new Set([id]);
  const path: NodeId[] = [];
  for (let at = next.get(id); at !== undefined && !seen.has(at); at = next.get(at)) {
    seen.add(at);
    path.push(at);
  }
  return path;
}

/**
 * The layer a node computes; null while it has no parameters yet (a Dense node's weights, a
 * pending Conv2D's or BatchNorm's kernels and statistics).
 */
export function nodeLayer(node: DocNode): Layer | null {
  if (node.kind === 'input') return { type: 'input', units: node.units };
  if (node.kind === 'dense') {
    return node.weights && { type: 'dense', weights: node.weights, biases: node.biases };
  }
  if ('layer' in node) return node.layer;
  // A setting-free activation is its type alone.
  return { type: node.kind };
}

/** A node's settings as its kind names them (`{ units: 3 }`, `{ filters: 8, kernel: 3, … }`). */
export function nodeSettings(node: DocNode): Settings {
  if (node.kind === 'input' || node.kind === 'dense') return { units: node.units };
  if ('settings' in node) return node.settings;
  const layer = nodeLayer(node)!;
  return layerKind(layer.type).settingsOf(layer);
}

/**
 * The shape of one sample after `node` when samples of `shape` arrive; a node without
 * parameters yet answers for the layer its settings would make. Throws the kind's ShapeError.
 */
export function shapeAfter(node: DocNode, shape: Shape): number[] {
  const layer = nodeLayer(node) ?? layerKind(node.kind).create(nodeSettings(node), [shape]);
  return outputShape(layer, [shape]);
}

/**
 * The shape of one sample this node puts out: `[5]` for a Dense layer of 5 neurons,
 * `[32, 32, 16]` for a conv2d; null when nothing upstream fixes it or a layer on the way
 * cannot take what arrives (derive names that wire).
 */
export function outputShapeOf(doc: EditorDocument, id: NodeId): number[] | null {
  const previous = new Map(Object.values(doc.edges).map((edge) => [edge.to, edge.from]));
  const seen = new Set<NodeId>();
  // Back to the nearest node whose output does not depend on its input: Input, Dense, Image input.
  const path: DocNode[] = [];
  let shape: number[] | null = null;
  for (let at: NodeId | undefined = id; at !== undefined && !seen.has(at); at = previous.get(at)) {
    seen.add(at);
    const node = doc.nodes[at];
    if (!node) return null;
    if (node.kind === 'dense') shape = [node.units];
    else if (isStartNode(node)) shape = startShape(node);
    if (shape) break;
    path.push(node);
  }
  if (!shape) return null;
  for (const node of path.reverse()) {
    try {
      shape = shapeAfter(node, shape);
    } catch {
      return null;
    }
  }
  return shape;
}

/**
 * Values per sample this node puts out when they are a row of features: its own units for
 * Input and Dense, the units fed to it for an activation; null when nothing upstream fixes the
 * number or the values are pictures (height, width, channels).
 */
export function outputUnitsOf(doc: EditorDocument, id: NodeId): number | null {
  const shape = outputShapeOf(doc, id);
  return shape?.length === 1 ? shape[0]! : null;
}

/** The shape of one sample arriving at `id` along its wire in; null when unknown. */
export function shapeIn(doc: EditorDocument, id: NodeId): number[] | null {
  const edge = incomingEdge(doc, id);
  return edge ? outputShapeOf(doc, edge.from) : null;
}
