/**
 * What the document computes: from each Input node, the chain of layers its wires reach,
 * as a Network the engine can run, and every wire whose shapes disagree, in the words of
 * the notebook's shape errors.
 *
 * The networks share the document's tensors: send them to the worker by copy (structured
 * clone), never by transferring their buffers, which would empty the document's arrays.
 */
import { batchShapeToString, type Layer } from '../layers/index.ts';
import type { Network } from '../net/network.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Shape } from '../tensor/tensor.ts';
import {
  inputNodeIds,
  nodeLabel,
  nodeLayer,
  outputShapeOf,
  shapeAfter,
  sortedNodeIds,
  startShape,
  type StartNode,
} from './graph.ts';
import type { DocNode, EdgeId, EditorDocument, NodeId } from './types.ts';

export interface WireDiagnostic {
  readonly edgeId: EdgeId;
  /** The node the wire leads into, whose layer cannot take what arrives. */
  readonly nodeId: NodeId;
  readonly message: string;
}

export interface Chain {
  readonly inputId: NodeId;
  /** The nodes the network computes, in order: nodeIds[i] is network.layers[i]. */
  readonly nodeIds: readonly NodeId[];
  /** Nodes further along the wires, from the first faulty wire on: not computed. */
  readonly blockedIds: readonly NodeId[];
  /** The longest valid prefix of the chain, starting with its Input layer. */
  readonly network: Network;
  /** One per faulty wire along the whole chain, in order. */
  readonly diagnostics: readonly WireDiagnostic[];
}

export interface Derived {
  /** One per Input node, oldest first: chains[0] is the one fed the document's input batch. */
  readonly chains: readonly Chain[];
  /** Every faulty wire (a wire belongs to at most one chain). */
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
  const next = new Map<NodeId, { edgeId: EdgeId; to: NodeId }>();
  for (const edge of Object.values(doc.edges)) {
    next.set(edge.from, { edgeId: edge.id, to: edge.to });
  }
  const batch = (doc.inputs.shape[0] as number) || 1;
  const chains = inputNodeIds(doc).map((id) => deriveChain(doc, id, next, batch));
  const reached = new Set(chains.flatMap((chain) => [...chain.nodeIds, ...chain.blockedIds]));
  const ids = sortedNodeIds(doc);
  const shapes = Object.fromEntries(ids.map((id) => [id, outputShapeOf(doc, id)]));
  return {
    chains,
    wires: chains.flatMap((chain) => chain.diagnostics),
    units: Object.fromEntries(
      ids.map((id) => [id, shapes[id]?.length === 1 ? shapes[id][0]! : null]),
    ),
    shapes,
    unconnected: ids.filter((id) => !reached.has(id)),
  };
}

function deriveChain(
  doc: EditorDocument,
  inputId: NodeId,
  next: ReadonlyMap<NodeId, { edgeId: EdgeId; to: NodeId }>,
  batch: number,
): Chain {
  const input = doc.nodes[inputId] as StartNode;
  const layers: Layer[] = [nodeLayer(input)!];
  const nodeIds = [inputId];
  const blockedIds: NodeId[] = [];
  const diagnostics: WireDiagnostic[] = [];
  const seen = new Set([inputId]);
  let source: DocNode = input;
  let shape: number[] | null = startShape(input);
  for (let wire = next.get(inputId); wire && !seen.has(wire.to); wire = next.get(wire.to)) {
    seen.add(wire.to);
    const node = doc.nodes[wire.to]!;
    const message: string | null = shape && wireFault(source, node, shape, batch);
    if (message) diagnostics.push({ edgeId: wire.edgeId, nodeId: node.id, message });
    if (message || blockedIds.length > 0) blockedIds.push(node.id);
    else {
      layers.push(nodeLayer(node)!);
      nodeIds.push(node.id);
    }
    // Past a faulty wire the shape is unknown unless a Dense layer fixes it again.
    shape =
      node.kind === 'dense' ? [node.units] : message || !shape ? null : shapeAfter(node, shape);
    source = node;
  }
  return { inputId, nodeIds, blockedIds, network: { layers }, diagnostics };
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
    shapeAfter(target, shape);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return `${label} cannot take what ${from} gives, ${batchShapeToString(shape)}: ${error.message}`;
  }
  if (nodeLayer(target) === null) return `${label} has no parameters yet: wire it again`;
  return null;
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
