/**
 * Reading the document as a graph: lookups, wires in and out, units along a chain.
 * Every node has at most one wire in and one wire out, so a chain is a path, never a tree.
 */
import { refuse } from './checks.ts';
import type {
  DenseNode,
  DocEdge,
  DocNode,
  EditorDocument,
  InputNode,
  NodeId,
  NodeKind,
} from './types.ts';

const LABELS: Record<NodeKind, string> = {
  input: 'Input',
  dense: 'Dense',
  relu: 'ReLU',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softmax: 'Softmax',
  linear: 'Linear',
};

/** The name a learner sees on the card: `Dense`, `ReLU`. */
export function nodeLabel(kind: NodeKind): string {
  return LABELS[kind];
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

export function inputNodeIds(doc: EditorDocument): NodeId[] {
  return sortedNodeIds(doc).filter((id) => doc.nodes[id]!.kind === 'input');
}

/**
 * The Input node the document's input batch feeds: the oldest one. The batch always has as
 * many columns as this node has units.
 */
export function primaryInput(doc: EditorDocument): InputNode | null {
  const id = inputNodeIds(doc)[0];
  return id === undefined ? null : (doc.nodes[id] as InputNode);
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
 * Values per sample this node puts out: its own units for Input and Dense, the units fed
 * to it for an activation; null when nothing upstream fixes the number.
 */
export function outputUnitsOf(doc: EditorDocument, id: NodeId): number | null {
  const previous = new Map(Object.values(doc.edges).map((edge) => [edge.to, edge.from]));
  const seen = new Set<NodeId>();
  for (let at: NodeId | undefined = id; at !== undefined && !seen.has(at); at = previous.get(at)) {
    seen.add(at);
    const node = doc.nodes[at];
    if (!node) return null;
    if (node.kind === 'input' || node.kind === 'dense') return node.units;
  }
  return null;
}
