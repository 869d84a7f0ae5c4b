/**
 * Between the editor's document and a Model (what model files hold, docs/model-format.md).
 *
 * The current inputs travel as an example, by one rule that makes both round trips exact:
 * - saving puts the current inputs first, named "inputs", ahead of the document's examples,
 *   unless they equal the first example already (then the examples are saved as they are);
 * - loading takes the first example as the current inputs; if it is named "inputs" it is
 *   taken out of the examples, otherwise it stays one. No examples: one row of zeros.
 */
import type { Lesson } from '../lessons/notebook.ts';
import { isImageLayer } from '../layers/index.ts';
import {
  chainModel,
  isLayerDraft,
  type InputExample,
  type Model,
  type ModelNode,
  type NodeLayer,
} from '../nn/model.ts';
import type { Network } from '../net/network.ts';
import { shapeToString, tensor, zeros, type Tensor } from '../tensor/tensor.ts';
import { copyFinite, refuse, requireFinite } from './checks.ts';
import { derive } from './derive.ts';
import { describeNode, idNumber, primaryInput, sortedNodeIds, startShape } from './graph.ts';
import { sameTensor } from './tensor-edits.ts';
import type { DocEdge, DocNode, EditorDocument, NamedInputs, Point } from './types.ts';

/** The name the current inputs are saved under. */
export const CURRENT_INPUTS_NAME = 'inputs';

export interface LayoutOptions {
  /** Where the input layer goes; the rest follow to its right. */
  origin?: Point;
  /** Distance between the left edges of neighbouring layers. */
  spacing?: number;
}

/** Room for a 150-wide card and its wires. */
export const LAYER_SPACING = 360;

/**
 * Image networks have dozens of small cards: one long row would fit the screen only at a scale
 * too small to read, so they wrap into rows of this many.
 */
const IMAGE_ROW = { columns: 8, dx: 190, dy: 290 };

/** Where layer i goes when the model does not say. */
function defaultPosition(i: number, image: boolean, origin: Point, spacing: number): Point {
  if (!image) return { x: origin.x + i * spacing, y: origin.y };
  const { columns, dx, dy } = IMAGE_ROW;
  return { x: origin.x + (i % columns) * dx, y: origin.y + Math.floor(i / columns) * dy };
}

/** Ids Weightcraft writes: "n" and a number from the document's one counter. */
const NODE_ID = /^n[1-9]\d{0,14}$/;

/**
 * The model's nodes and wires as a document, where the model's positions put them; a node
 * without a position takes its place in a row left to right (rows of 8 for image models).
 * Ids "n<k>" in increasing file order are kept, so a saved document reopens identical; other
 * ids are renumbered n1, n2, … in file order. Wires get new edge ids. Tensors are copied.
 */
export function documentFromModel(model: Model, options: LayoutOptions = {}): EditorDocument {
  const { origin = { x: 0, y: 0 }, spacing = LAYER_SPACING } = options;
  const ids = documentIds(model.nodes.map((node) => node.id));
  const firstInput = model.nodes.find(({ layer }) => isInputLayer(layer))?.layer;
  const image = firstInput?.type === 'image-input';
  const nodes: Record<string, DocNode> = {};
  model.nodes.forEach(({ layer, position: saved }, i) => {
    const id = ids.get(model.nodes[i]!.id)!;
    const where = `layers[${i}]`;
    const position = saved
      ? {
          x: requireFinite(saved.x, `${where}.position.x`),
          y: requireFinite(saved.y, `${where}.position.y`),
        }
      : defaultPosition(i, image, origin, spacing);
    nodes[id] = docNode(layer, id, position, where);
  });
  let nextId = Math.max(0, ...[...ids.values()].map(idNumber)) + 1;
  const edges: Record<string, DocEdge> = {};
  model.wires.forEach((wire, i) => {
    const from = ids.get(wire.from);
    const to = ids.get(wire.to);
    if (from === undefined || to === undefined) {
      refuse(`wires[${i}]: no layer has the id ${JSON.stringify(from ? wire.to : wire.from)}`);
    }
    const id = `e${nextId++}`;
    edges[id] = { id, from, to };
  });
  const metadata = { ...model.metadata };
  const training = model.training && { training: model.training };
  const partial = { nodes, edges, metadata, nextId, ...training };
  const input = primaryInput({ ...partial, inputs: zeros([1, 0]), examples: [] });
  if (input?.kind === 'image-input') {
    // Pictures come from a data set; until then the batch is one black picture.
    const [height, width, channels] = startShape(input);
    return { ...partial, inputs: zeros([1, height!, width!, channels!]), examples: [] };
  }
  const units = input?.units ?? null;
  const examples: NamedInputs[] = model.examples.map((example, i) => ({
    name: example.name,
    inputs: checkedExample(example.inputs, units, `examples[${i}].inputs`),
  }));
  const current = examples[0];
  // No input layer: its batch waits, empty, for one to be added.
  const inputs = current?.inputs ?? zeros([1, units ?? 0]);
  const kept = current?.name === CURRENT_INPUTS_NAME ? examples.slice(1) : examples;
  return { ...partial, inputs, examples: kept };
}

/** File id → document id: kept when all are "n<k>" in increasing order, else n1, n2, … */
function documentIds(fileIds: readonly string[]): Map<string, string> {
  const keep =
    fileIds.every((id) => NODE_ID.test(id)) &&
    fileIds.every((id, i) => i === 0 || idNumber(id) > idNumber(fileIds[i - 1]!));
  return new Map(fileIds.map((id, i) => [id, keep ? id : `n${i + 1}`]));
}

function isInputLayer(layer: NodeLayer): boolean {
  return layer.type === 'input' || layer.type === 'image-input';
}

/** A model node as a document node; tensors are copied (image layers' are shared, never mutated). */
function docNode(layer: NodeLayer, id: string, position: Point, where: string): DocNode {
  // A layer saved before its input's shape was known: its settings, parameters made when wired.
  if (isLayerDraft(layer)) {
    return { id, kind: layer.type, position, layer: null, settings: layer.settings };
  }
  switch (layer.type) {
    case 'input':
      return { id, kind: 'input', position, units: layer.units };
    case 'dense': {
      // Copies keep the dtype: an image model's Dense layers stay float32.
      const biases = copyFinite(layer.biases, 1, `${where}.biases`, '', layer.biases.dtype);
      const units = biases.shape[0] as number;
      const weights =
        layer.weights && copyFinite(layer.weights, 2, `${where}.weights`, '', layer.weights.dtype);
      if (weights && weights.shape[1] !== units) {
        refuse(
          `${where}: weights ${shapeToString(weights.shape)} need one column per bias, found ${units} biases`,
        );
      }
      return { id, kind: 'dense', position, units, weights, biases };
    }
    default:
      if (isImageLayer(layer)) return { id, kind: layer.type, position, layer };
      return { id, kind: layer.type, position };
  }
}

/** `units` null: there is no input layer to match, any rows of features will do. */
function checkedExample(inputs: Tensor, units: number | null, where: string): Tensor {
  const copy = copyFinite(inputs, 2, where);
  const [rows, cols] = copy.shape as [number, number];
  if (rows < 1 || (units !== null && cols !== units)) {
    refuse(
      `${where}: expected rows of ${units} features (the input layer's units), found shape ${shapeToString(copy.shape)}`,
    );
  }
  return copy;
}

/**
 * The document as a Model, as drawn: every node (in creation order) with its id and position,
 * every wire, connected or not, fitting or not; the current inputs and examples (see the rule
 * above), the metadata and the training record. Nothing is dropped, and shapes never stop a
 * save: a network that cannot run says why when it is run (`runnableNetwork`).
 */
export function modelFromDocument(doc: EditorDocument): Model {
  const input = primaryInput(doc);
  const image = input?.kind === 'image-input';
  const nodes: ModelNode[] = sortedNodeIds(doc).map((id) => {
    const node = doc.nodes[id]!;
    const { x, y } = node.position;
    return { id, position: { x, y }, layer: modelLayer(node, image) };
  });
  // Creation order, which undo keeps (it restores an edge under its old id).
  const wires = Object.values(doc.edges)
    .sort((a, b) => idNumber(a.id) - idNumber(b.id))
    .map(({ from, to }) => ({ from, to }));
  const metadata = { ...doc.metadata };
  const training = doc.training && { training: doc.training };
  if (input?.kind !== 'input') {
    // An image model keeps no examples (docs/model-format.md); without an input layer, the
    // examples wait as they are.
    return { nodes, wires, examples: image ? [] : [...doc.examples], metadata, ...training };
  }
  if (doc.inputs.shape[1] !== input.units) {
    refuse(
      `the inputs have shape ${shapeToString(doc.inputs.shape)}, but ${describeNode(input)} takes ${input.units} features per sample`,
    );
  }
  const first = doc.examples[0];
  const examples: InputExample[] =
    first && sameTensor(first.inputs, doc.inputs)
      ? [...doc.examples]
      : [{ name: CURRENT_INPUTS_NAME, inputs: doc.inputs }, ...doc.examples];
  return { nodes, wires, examples, metadata, ...training };
}

/** The layer a node holds; an image model's Dense layers are float32. */
function modelLayer(node: DocNode, image: boolean): NodeLayer {
  switch (node.kind) {
    case 'input':
      return { type: 'input', units: node.units };
    case 'dense': {
      const { weights, biases } = node;
      if (!image)
        return weights ? { type: 'dense', weights, biases } : { type: 'dense', weights, biases };
      return weights
        ? { type: 'dense', weights: toFloat32(weights), biases: toFloat32(biases) }
        : { type: 'dense', weights: null, biases: toFloat32(biases) };
    }
    default:
      if (!('layer' in node)) return { type: node.kind };
      return node.layer ?? { type: node.kind, settings: node.settings };
  }
}

/**
 * What runs: the layers the model's first Input reaches along its wires, as the editor computes
 * them (`derive`): a chain, or a graph with `inputs` when layers branch and merge. Throws a
 * DocumentError saying why when it cannot run: no input layer, or a wire it reaches whose shapes
 * disagree (a red wire), or a Dense layer there without weights. Layers it does not reach are
 * not part of it.
 */
export function runnableNetwork(model: Model): Network {
  return runnableGraph(model).network;
}

/** runnableNetwork with the id of the node each layer comes from: nodeIds[i] is layers[i]. */
export function runnableGraph(model: Model): { network: Network; nodeIds: readonly string[] } {
  const doc = documentFromModel(model);
  const derived = derive(doc).networks[0];
  if (!derived) refuse('the model has no input layer, so there is no network to run');
  const fault = derived.diagnostics[0];
  if (fault) {
    const node = describeNode(doc.nodes[fault.nodeId]!);
    refuse(`the network cannot run: the wire into ${node} does not fit: ${fault.message}`);
  }
  // Document ids are the model's unless documentFromModel renumbered them (file order).
  const ids = documentIds(model.nodes.map((node) => node.id));
  const fileIds = new Map([...ids].map(([file, doc]) => [doc, file]));
  return { network: derived.network, nodeIds: derived.nodeIds.map((id) => fileIds.get(id)!) };
}

/** The model with the layers of `nodeIds` replaced (a trained network's), all else as it was. */
export function withLayers(
  model: Model,
  nodeIds: readonly string[],
  layers: readonly NodeLayer[],
): Model {
  const replaced = new Map(nodeIds.map((id, i) => [id, layers[i]!]));
  return {
    ...model,
    nodes: model.nodes.map((node) => {
      const layer = replaced.get(node.id);
      return layer ? { ...node, layer } : node;
    }),
  };
}

/** A notebook lesson as a document: its inputs (one sample becomes a batch of one) current. */
export function documentFromLesson(lesson: Lesson, options: LayoutOptions = {}): EditorDocument {
  const { inputs } = lesson;
  const batch = inputs.shape.length === 1 ? { ...inputs, shape: [1, inputs.shape[0]!] } : inputs;
  const model = chainModel({
    network: lesson.network,
    examples: [{ name: CURRENT_INPUTS_NAME, inputs: batch }],
    metadata: { name: lesson.title, description: lesson.caption, lesson: lesson.id },
  });
  return documentFromModel(model, options);
}

function toFloat32(t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : tensor(t.data, t.shape, 'float32');
}
