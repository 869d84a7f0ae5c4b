/**
 * Reading the document as a graph: lookups, wires in and out, shapes along the wires.
 * A layer may feed several layers; an ordinary layer has at most one wire in, a merge layer
 * (Add, Concatenate) several, read in the order they were made; the wires never make a loop.
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

/** Whether the node takes several wires in (Add, Concatenate), not one. */
export function isMergeNode(node: DocNode): boolean {
  return layerKind(node.kind).role === 'merge';
}

const byCreation = (a: DocEdge, b: DocEdge) => idNumber(a.id) - idNumber(b.id);

/** The wires into `id`, oldest first: a merge layer's inputs, in the order they were wired. */
export function incomingEdges(doc: EditorDocument, id: NodeId): DocEdge[] {
  return Object.values(doc.edges)
    .filter((edge) => edge.to === id)
    .sort(byCreation);
}

/** The wires out of `id`, oldest first. */
export function outgoingEdges(doc: EditorDocument, id: NodeId): DocEdge[] {
  return Object.values(doc.edges)
    .filter((edge) => edge.from === id)
    .sort(byCreation);
}

/**
 * Every node the wires reach from `id` (not `id` itself), in a topological order: each node
 * after every node on a path to it from `id`. Safe on a looped graph (a file may hold one).
 */
export function downstream(doc: EditorDocument, id: NodeId): NodeId[] {
  const next = new Map<NodeId, NodeId[]>();
  for (const edge of Object.values(doc.edges).sort(byCreation)) {
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  }
  // Depth-first, each node listed after all it leads to; reversed, a topological order.
  const done = new Set<NodeId>();
  const order: NodeId[] = [];
  const stack: { id: NodeId; k: number }[] = [{ id, k: 0 }];
  done.add(id);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const to = next.get(top.id)?.[top.k++];
    if (to === undefined) {
      order.push(stack.pop()!.id);
    } else if (!done.has(to)) {
      done.add(to);
      stack.push({ id: to, k: 0 });
    }
  }
  return order.reverse().slice(1);
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
 * The shape of one sample after `node` when samples of `shapes` arrive (one per wire in); a
 * node without parameters yet answers for the layer its settings would make. Throws the kind's
 * ShapeError.
 */
export function shapeAfter(node: DocNode, shapes: readonly Shape[]): number[] {
  const layer = nodeLayer(node) ?? layerKind(node.kind).create(nodeSettings(node), shapes);
  return outputShape(layer, shapes);
}

/**
 * The shape of one sample each node puts out: `[5]` for a Dense layer of 5 neurons,
 * `[32, 32, 16]` for a conv2d; null when nothing upstream fixes it or a layer on the way
 * cannot take what arrives (derive names that wire). A Dense layer fixes its shape whatever
 * arrives, so shapes are known again past a red wire into one.
 */
export function outputShapes(doc: EditorDocument): Map<NodeId, number[] | null> {
  const shapes = new Map<NodeId, number[] | null>();
  for (const id of Object.keys(doc.nodes)) shapeOf(doc, id, shapes);
  return shapes;
}

/** The shape `id` puts out (see outputShapes). */
export function outputShapeOf(doc: EditorDocument, id: NodeId): number[] | null {
  return shapeOf(doc, id, new Map());
}

/** outputShapes for one node, remembering every shape it works out in `known`. */
function shapeOf(
  doc: EditorDocument,
  id: NodeId,
  known: Map<NodeId, number[] | null>,
): number[] | null {
  if (known.has(id)) return known.get(id)!;
  // Marked unknown while its inputs are worked out, so a loop ends instead of recursing.
  known.set(id, null);
  const node = doc.nodes[id];
  let shape: number[] | null = null;
  if (!node) shape = null;
  else if (node.kind === 'dense') shape = [node.units];
  else if (isStartNode(node)) shape = startShape(node);
  else {
    const arriving = incomingEdges(doc, id).map((edge) => shapeOf(doc, edge.from, known));
    if (arriving.length > 0 && arriving.every((s) => s !== null)) {
      try {
        shape = shapeAfter(node, arriving as number[][]);
      } catch {
        shape = null;
      }
    }
  }
  known.set(id, shape);
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

/** The shapes arriving at `id`, one per wire in, oldest first; null when one is unknown. */
export function shapesIn(doc: EditorDocument, id: NodeId): number[][] | null {
  const known = new Map<NodeId, number[] | null>();
  const shapes = incomingEdges(doc, id).map((edge) => shapeOf(doc, edge.from, known));
  return shapes.length > 0 && shapes.every((s) => s !== null) ? (shapes as number[][]) : null;
}
