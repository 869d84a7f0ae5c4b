/**
 * What the document computes: from each Input node, the graph of layers its wires reach, as a
 * Network the engine can run (layers in a topological order, `inputs` naming the layers each
 * reads), and every wire whose shapes disagree, in the words of the notebook's shape errors.
 *
 * The networks share the document's tensors: send them to the worker by copy (structured
 * clone), never by transferring their buffers, which would empty the document's arrays.
 */
import { batchShapeToString, type Layer } from '../layers/index.ts';
import type { Network } from '../net/network.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Shape } from '../tensor/tensor.ts';
import {
  describeNode,
  downstream,
  idNumber,
  incomingEdges,
  inputNodeIds,
  isMergeNode,
  nodeLabel,
  nodeLayer,
  outputShapes,
  shapeAfter,
  sortedNodeIds,
  type StartNode,
} from './graph.ts';
import type { DocEdge, DocNode, EdgeId, EditorDocument, NodeId } from './types.ts';

export interface WireDiagnostic {
  readonly edgeId: EdgeId;
  /** The node the wire leads into, whose layer cannot take what arrives. */
  readonly nodeId: NodeId;
  readonly message: string;
}

/** What one Input node computes. */
export interface DerivedNetwork {
  readonly inputId: NodeId;
  /** The nodes the network computes, in a topological order: nodeIds[i] is network.layers[i]. */
  readonly nodeIds: readonly NodeId[];
  /** Nodes the wires reach that read a faulty wire, or a layer that does: not computed. */
  readonly blockedIds: readonly NodeId[];
  /** Every layer the Input computes up to the faulty wires, starting with its Input layer. */
  readonly network: Network;
  /** One per faulty wire the Input's wires reach, in the network's order. */
  readonly diagnostics: readonly WireDiagnostic[];
}

export interface Derived {
  /** One per Input node, oldest first: networks[0] is the one fed the document's input batch. */
  readonly networks: readonly DerivedNetwork[];
  /** Every faulty wire, once. */
  readonly wires: readonly WireDiagnostic[];
  /**
   * Values per sample each node puts out, for drawing neurons; null when unknown or when they
   * are pictures (see `shapes`).
   */
  readonly units: Readonly<Record<NodeId, number | null>>;
  /** The shape of one sample each node puts out, `[64, 64, 16]`; null when unknown. */
  readonly shapes: Readonly<Record<NodeId, readonly number[] | null>>;
  /** Nodes no Input node feeds, in creation order: they compute nothing (never Input nodes). */
  readonly unconnected: readonly NodeId[];
}

export function derive(doc: EditorDocument): Derived {
  const batch = (doc.inputs.shape[0] as number) || 1;
  const known = outputShapes(doc);
  const networks = inputNodeIds(doc).map((id) => deriveNetwork({ doc, inputId: id, known, batch }));
  const reached = new Set(networks.flatMap((n) => [...n.nodeIds, ...n.blockedIds]));
  const ids = sortedNodeIds(doc);
  const shapes = Object.fromEntries(ids.map((id) => [id, known.get(id) ?? null]));
  const wires = new Map(networks.flatMap((n) => n.diagnostics).map((d) => [d.edgeId, d]));
  return {
    networks,
    wires: [...wires.values()],
    units: Object.fromEntries(
      ids.map((id) => [id, shapes[id]?.length === 1 ? shapes[id][0]! : null]),
    ),
    shapes,
    unconnected: ids.filter((id) => !reached.has(id)),
  };
}

interface NetworkArgs {
  doc: EditorDocument;
  inputId: NodeId;
  /** Every node's output shape (graph.ts outputShapes). */
  known: ReadonlyMap<NodeId, number[] | null>;
  batch: number;
}

/**
 * The layers `inputId` reaches, each computed once every layer it reads is; a node reading a
 * faulty wire, or a layer that does, is blocked, and the rest still computes.
 */
function deriveNetwork({ doc, inputId, known, batch }: NetworkArgs): DerivedNetwork {
  const reached = [inputId, ...downstream(doc, inputId)];
  const inReach = new Set(reached);
  const place = new Map(reached.map((id, i) => [id, i]));
  const index = new Map<NodeId, number>([[inputId, 0]]);
  const layers: Layer[] = [nodeLayer(doc.nodes[inputId] as StartNode)!];
  const inputs: number[][] = [[]];
  const nodeIds = [inputId];
  const blockedIds: NodeId[] = [];
  const diagnostics: WireDiagnostic[] = [];
  const { order, looped } = topologicalOrder(doc, reached);
  for (const id of order.slice(1)) {
    const node = doc.nodes[id]!;
    const wires = incomingEdges(doc, id);
    const args = { doc, node, wires, inReach, looped, place, known, batch, input: inputId };
    const faults = wireFaults(args);
    diagnostics.push(...faults);
    if (faults.length > 0 || wires.some((wire) => !index.has(wire.from))) {
      blockedIds.push(id);
      continue;
    }
    index.set(id, layers.length);
    inputs.push(wires.map((wire) => index.get(wire.from)!));
    layers.push(nodeLayer(node)!);
    nodeIds.push(id);
  }
  // A chain (each layer reading the one before) needs no `inputs`, as in the model file.
  const chain = inputs.every((from, i) => i === 0 || (from.length === 1 && from[0] === i - 1));
  return {
    inputId,
    nodeIds,
    blockedIds,
    network: chain ? { layers } : { layers, inputs },
    diagnostics,
  };
}

/**
 * `reached` (the Input first) in an order where each node comes after the reached nodes it
 * reads, oldest first where the wires leave a choice; nodes on a loop (only a file can hold
 * one) come last.
 */
function topologicalOrder(
  doc: EditorDocument,
  reached: readonly NodeId[],
): { order: NodeId[]; looped: Set<NodeId> } {
  const inReach = new Set(reached);
  const waiting = new Map(reached.map((id) => [id, 0]));
  const readers = new Map<NodeId, NodeId[]>();
  for (const edge of Object.values(doc.edges)) {
    if (!inReach.has(edge.from) || !inReach.has(edge.to)) continue;
    waiting.set(edge.to, waiting.get(edge.to)! + 1);
    readers.set(edge.from, [...(readers.get(edge.from) ?? []), edge.to]);
  }
  const ready = [reached[0]!];
  const order: NodeId[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => idNumber(a) - idNumber(b));
    const id = ready.shift()!;
    order.push(id);
    for (const next of readers.get(id) ?? []) {
      const left = waiting.get(next)! - 1;
      waiting.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  const placed = new Set(order);
  const looped = reached.filter((id) => !placed.has(id));
  return { order: [...order, ...looped], looped: new Set(looped) };
}

interface FaultArgs {
  doc: EditorDocument;
  node: DocNode;
  /** Its wires in, oldest first. */
  wires: readonly DocEdge[];
  /** The nodes the Input reaches. */
  inReach: ReadonlySet<NodeId>;
  /** Nodes on a loop or after one: the topological order could not place them. */
  looped: ReadonlySet<NodeId>;
  /** Each reached node's place in the depth-first order from the Input (`downstream`). */
  place: ReadonlyMap<NodeId, number>;
  known: ReadonlyMap<NodeId, number[] | null>;
  batch: number;
  input: NodeId;
}

/** The faulty wires into `node`; none when its inputs fit or are not known yet. */
function wireFaults({
  doc,
  node,
  wires,
  inReach,
  looped,
  place,
  known,
  batch,
  input,
}: FaultArgs): WireDiagnostic[] {
  const fault = (wire: DocEdge, message: string) => ({ edgeId: wire.id, nodeId: node.id, message });
  const label = nodeLabel(node.kind);
  const outside = wires.filter((wire) => !inReach.has(wire.from));
  if (outside.length > 0) {
    // Two Inputs cannot meet: a network takes one batch.
    const feeder = describeNode(doc.nodes[input]!);
    return outside.map((wire) =>
      fault(
        wire,
        `${label} reads ${describeNode(doc.nodes[wire.from]!)}, which ${feeder} does not feed: a network starts from one input — wire it from ${feeder}'s layers`,
      ),
    );
  }
  if (looped.has(node.id)) {
    // Only a file can hold a loop: the editor refuses the wire that would close one. Searching
    // depth-first from the Input, that wire leads back to a node met earlier (`place`).
    const closing = wires.filter((wire) => place.get(wire.from)! >= place.get(node.id)!);
    if (closing.length > 0) {
      return closing.map((wire) =>
        fault(wire, `this wire closes a loop, and values flow one way — remove it`),
      );
    }
  }
  if (!isMergeNode(node) && wires.length > 1) {
    return wires
      .slice(1)
      .map((wire) =>
        fault(
          wire,
          `${label} reads one wire; only Add and Concatenate take several — remove this one`,
        ),
      );
  }
  const shapes = wires.map((wire) => known.get(wire.from) ?? null);
  if (shapes.some((shape) => shape === null)) return [];
  if (isMergeNode(node)) {
    const message = mergeFault(doc, node, wires, shapes as Shape[]);
    return message ? wires.map((wire) => fault(wire, message)) : [];
  }
  const wire = wires[0]!;
  const message = wireFault(doc.nodes[wire.from]!, node, shapes[0]!, batch);
  return message ? [fault(wire, message)] : [];
}
/** Why `target` cannot take samples of `shape` from `source`, or null if it can. */
function wireFault(source: DocNode, target: DocNode, shape: Shape, batch: number): string | null {
  const from = nodeLabel(source.kind);
  if (target.kind === 'dense') {
    if (shape.length !== 1) {
      return `dense needs (batch, features); ${from} gives ${batchShapeToString(shape)} — add Flatten or global average pooling`;
    }
    if (target.weights === null) return `Dense has no weights yet: set or randomise them`;
    const units = shape[0]!;
    if (target.weights.shape[0] === units) return null;
    return mismatchMessage({ source: from, units, weights: target.weights.shape, batch });
  }
  // Every other kind answers with its own shape rule (a node without parameters yet, with the
  // layer its settings would make).
  const label = nodeLabel(target.kind);
  try {
    shapeAfter(target, [shape]);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return `${label} cannot take what ${from} gives, ${batchShapeToString(shape)}: ${error.message}`;
  }
  if (nodeLayer(target) === null) return `${label} has no parameters yet: wire it again`;
  return null;
}

/**
 * Why a merge layer cannot take what its wires bring, naming each source, then the kind's rule
 * with each shape and the fix: `Add cannot take what Dense n4 and Input n1 give: add needs
 * inputs of one shape: input 1 is 3 features, input 2 is 4 features — make them equal (…)`;
 * null if it can.
 */
function mergeFault(
  doc: EditorDocument,
  target: DocNode,
  wires: readonly DocEdge[],
  shapes: readonly Shape[],
): string | null {
  try {
    shapeAfter(target, shapes);
    return null;
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    const sources = wires.map((wire) => describeNode(doc.nodes[wire.from]!));
    const verb = sources.length === 1 ? 'gives' : 'give';
    return `${nodeLabel(target.kind)} cannot take what ${listed(sources)} ${verb}: ${error.message}`;
  }
}

/** `a`, `a and b`, `a, b and c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export interface MismatchArgs {
  /** The label of the layer before: `Input`, `ReLU`. */
  source: string;
  /** Values per sample it gives. */
  units: number;
  /** The Dense layer's weight shape (n_inputs, n_neurons). */
  weights: Shape;
  /** Rows of the batch, for the NumPy part of the message. */
  batch: number;
}

/**
 * `Dense expects 3 inputs per sample (W (3, 4)), but Input gives 4: shapes (1,4) and (3,4)
 * not aligned: 4 (dim 1) != 3 (dim 0) — transposing W to (4, 3) would fit`. The middle is
 * NumPy's own message for `np.dot(inputs, weights)`; the fix is suggested only when it works.
 */
export function mismatchMessage({ source, units, weights, batch }: MismatchArgs): string {
  const [rows, cols] = weights as [number, number];
  const compact = (shape: Shape) => shapeToString(shape).replaceAll(' ', '');
  const hint =
    cols === units
      ? `transposing W to ${shapeToString([cols, rows])} would fit`
      : `W needs shape ${shapeToString([units, cols])}: one row per input`;
  return (
    `Dense expects ${rows} ${rows === 1 ? 'input' : 'inputs'} per sample (W ${shapeToString(weights)}), ` +
    `but ${source} gives ${units}: shapes ${compact([batch, units])} and ${compact(weights)} not aligned: ` +
    `${units} (dim 1) != ${rows} (dim 0) — ${hint}`
  );
}
