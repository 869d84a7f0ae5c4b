/**
 * Edits of a Dense layer's parameters: weights (n_inputs, units), weights[i][j] being neuron
 * j's weight on input i, and biases (units,). A Dense node always has as many weight columns
 * as biases; only its rows can disagree with the layer before (derive.ts reports that).
 */
import { RandomState, type Seed } from '../rng/random-state.ts';
import { transpose } from '../tensor/ops.ts';
import { shapeToString, zeros, type Tensor } from '../tensor/tensor.ts';
import { copyFinite, refuse, requireFinite, requireIndex, requireUnits } from './checks.ts';
import { describeNode, getDense, incomingEdges, outputUnitsOf } from './graph.ts';
import { fitParameters } from './layer-fitting.ts';
import { resizeMatrix, resizeVector, withValue } from './tensor-edits.ts';
import type { DenseNode, EditorDocument, NodeId } from './types.ts';

/** The notebook's `0.10 * np.random.randn(n_inputs, n_neurons)`. */
export const DEFAULT_WEIGHT_SCALE = 0.1;

function replace(doc: EditorDocument, node: DenseNode): EditorDocument {
  return { ...doc, nodes: { ...doc.nodes, [node.id]: node } };
}

function weightsOf(node: DenseNode): Tensor {
  if (node.weights === null) {
    refuse(`${describeNode(node)} has no weights yet: wire a layer into it first`);
  }
  return node.weights;
}

/** A node with new weights; its units and biases follow the weights' columns. */
function withWeights(node: DenseNode, weights: Tensor): DenseNode {
  const units = weights.shape[1] as number;
  const biases = units === node.units ? node.biases : resizeVector(node.biases, units);
  return { ...node, units, weights, biases };
}

/** Units arriving at the node, or null while nothing upstream fixes them. */
function unitsIn(doc: EditorDocument, id: NodeId): number | null {
  const edge = incomingEdges(doc, id)[0];
  return edge ? outputUnitsOf(doc, edge.from) : null;
}

/** Neurons: weight columns and biases are resized, keeping values and padding with 0. */
export function setDenseUnits(
  doc: EditorDocument,
  { id, units }: { id: NodeId; units: number },
): EditorDocument {
  const node = getDense(doc, id);
  requireUnits(units, `the units of ${describeNode(node)}`);
  if (units === node.units) return doc;
  const weights = node.weights && resizeMatrix(node.weights, node.weights.shape[0]!, units);
  const biases = resizeVector(node.biases, units);
  // A BatchNorm after it now sees `units` channels.
  return fitParameters(replace(doc, { ...node, units, weights, biases }), id);
}

export function setWeight(
  doc: EditorDocument,
  { id, row, col, value }: { id: NodeId; row: number; col: number; value: number },
): EditorDocument {
  const node = getDense(doc, id);
  const weights = weightsOf(node);
  const [rows, cols] = weights.shape as [number, number];
  requireIndex(row, rows, `the weight row of ${describeNode(node)}`);
  requireIndex(col, cols, `the weight column of ${describeNode(node)}`);
  requireFinite(value, `weight [${row}][${col}] of ${describeNode(node)}`);
  return replace(doc, { ...node, weights: withValue(weights, row * cols + col, value) });
}

/** Replaces the whole matrix; the layer takes as many neurons as it has columns. */
export function setWeights(
  doc: EditorDocument,
  { id, weights }: { id: NodeId; weights: Tensor },
): EditorDocument {
  const node = getDense(doc, id);
  const copy = copyFinite(weights, 2, 'weights', ` of ${describeNode(node)}`);
  const [rows, cols] = copy.shape as [number, number];
  if (rows < 1 || cols < 1) {
    refuse(
      `the weights of ${describeNode(node)} need at least one row and one column, found shape ${shapeToString(copy.shape)}`,
    );
  }
  requireUnits(cols, `the columns (neurons) of the weights of ${describeNode(node)}`);
  return fitParameters(replace(doc, withWeights(node, copy)), id);
}

export function setBias(
  doc: EditorDocument,
  { id, index, value }: { id: NodeId; index: number; value: number },
): EditorDocument {
  const node = getDense(doc, id);
  requireIndex(index, node.units, `the neuron of ${describeNode(node)}`);
  requireFinite(value, `bias [${index}] of ${describeNode(node)}`);
  return replace(doc, { ...node, biases: withValue(node.biases, index, value) });
}

export function setBiases(
  doc: EditorDocument,
  { id, biases }: { id: NodeId; biases: Tensor },
): EditorDocument {
  const node = getDense(doc, id);
  const copy = copyFinite(biases, 1, 'biases', ` of ${describeNode(node)}`);
  if (copy.shape[0] !== node.units) {
    refuse(
      `${describeNode(node)} has ${node.units} neurons, so its biases need ${node.units} values, found ${copy.shape[0]}`,
    );
  }
  return replace(doc, { ...node, biases: copy });
}

/**
 * W → W.T: the notebook's fix for weights written neuron by neuron. The layer then has as
 * many neurons as W.T has columns (biases resized, keeping values).
 */
export function transposeWeights(doc: EditorDocument, id: NodeId): EditorDocument {
  const node = getDense(doc, id);
  return fitParameters(replace(doc, withWeights(node, transpose(weightsOf(node)))), id);
}

export interface RandomiseArgs {
  id: NodeId;
  seed: Seed;
  /** Multiplies each draw; the notebook's 0.1 by default. */
  scale?: number;
}

/**
 * scale · RandomState(seed).randn(n_inputs, units), bit for bit as NumPy draws it after
 * `np.random.seed(seed)`. n_inputs is the units arriving from the layer before when known
 * (so the new weights fit), otherwise the current number of rows.
 */
export function randomiseWeights(
  doc: EditorDocument,
  { id, seed, scale = DEFAULT_WEIGHT_SCALE }: RandomiseArgs,
): EditorDocument {
  return drawWeights(doc, id, seeded(seed), scale);
}

export interface InitialiseArgs {
  /** The layers in the order the notebook creates them; other kinds are skipped. */
  ids: readonly NodeId[];
  seed: Seed;
  scale?: number;
}

/**
 * The notebook's cell: `np.random.seed(seed)`, then `Layer_Dense` for each Dense layer in order,
 * so each layer's weights continue the same stream of draws (scale · randn), and zero biases.
 */
export function initialiseLayers(
  doc: EditorDocument,
  { ids, seed, scale = DEFAULT_WEIGHT_SCALE }: InitialiseArgs,
): EditorDocument {
  const random = seeded(seed);
  return ids.reduce((d, id) => {
    if (d.nodes[id]?.kind !== 'dense') return d;
    const drawn = drawWeights(d, id, random, scale);
    const node = getDense(drawn, id);
    return replace(drawn, { ...node, biases: zeros([node.units]) });
  }, doc);
}

function seeded(seed: Seed): RandomState {
  try {
    return new RandomState(seed);
  } catch (error) {
    if (error instanceof RangeError) refuse(`the seed is not usable: ${error.message}`);
    throw error;
  }
}

function drawWeights(
  doc: EditorDocument,
  id: NodeId,
  random: RandomState,
  scale: number,
): EditorDocument {
  const node = getDense(doc, id);
  requireFinite(scale, 'the scale of random weights');
  const rows = unitsIn(doc, id) ?? weightsOf(node).shape[0]!;
  const weights = random.randn(rows, node.units);
  // Same operation as the notebook's `0.10 * randn(...)`, so the products match bit for bit.
  for (let i = 0; i < weights.data.length; i++) weights.data[i] = scale * weights.data[i]!;
  if (!weights.data.every(Number.isFinite)) {
    refuse(`scale ${scale} makes random weights overflow: use a smaller scale`);
  }
  return replace(doc, { ...node, weights });
}

export function zeroWeights(doc: EditorDocument, id: NodeId): EditorDocument {
  const node = getDense(doc, id);
  return replace(doc, { ...node, weights: zeros(weightsOf(node).shape) });
}

/**
 * One weight row per unit arriving from the layer before: rows are kept or padded with 0.
 * The fix for a layer whose input size changed after its weights were set.
 */
export function fitWeightsToInput(doc: EditorDocument, id: NodeId): EditorDocument {
  const node = getDense(doc, id);
  const rows = unitsIn(doc, id);
  if (rows === null) {
    refuse(`${describeNode(node)} has no layer before it to fit its weights to: wire one in`);
  }
  if (node.weights?.shape[0] === rows) return doc;
  const weights = node.weights
    ? resizeMatrix(node.weights, rows, node.units)
    : zeros([rows, node.units]);
  return replace(doc, { ...node, weights });
}
