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
import type { InputExample, Model } from '../nn/model.ts';
import { isImageLayer } from '../layers/index.ts';
import { shapeToString, tensor, zeros, type Tensor } from '../tensor/tensor.ts';
import { copyFinite, refuse, requireFinite } from './checks.ts';
import { derive } from './derive.ts';
import { describeNode, primaryInput } from './graph.ts';
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

/**
 * The model's layers, each wired to the next, where the model's layout puts them; a layer
 * without a position takes its place in a row left to right (rows of 8 for image networks).
 * Tensors are copied.
 */
export function documentFromModel(model: Model, options: LayoutOptions = {}): EditorDocument {
  const { origin = { x: 0, y: 0 }, spacing = LAYER_SPACING } = options;
  const { layers } = model.network;
  const first = layers[0];
  if (first?.type !== 'input' && first?.type !== 'image-input') {
    refuse("a model's first layer must be its input layer");
  }
  const nodes: Record<string, DocNode> = {};
  const edges: Record<string, DocEdge> = {};
  layers.forEach((layer, i) => {
    const id = `n${i + 1}`;
    const where = `layers[${i}]`;
    const saved = model.layout?.[i];
    const position = saved
      ? {
          x: requireFinite(saved.x, `${where}.position.x`),
          y: requireFinite(saved.y, `${where}.position.y`),
        }
      : defaultPosition(i, first.type === 'image-input', origin, spacing);
    if (i > 0 && (layer.type === 'input' || layer.type === 'image-input'))
      refuse(`${where}: only the first layer may be an input layer`);
    if (layer.type === 'input') nodes[id] = { id, kind: 'input', position, units: layer.units };
    else if (layer.type === 'dense') {
      // Copies keep the dtype: an image model's Dense layers stay float32.
      const weights = copyFinite(layer.weights, 2, `${where}.weights`, '', layer.weights.dtype);
      const biases = copyFinite(layer.biases, 1, `${where}.biases`, '', layer.biases.dtype);
      const units = biases.shape[0] as number;
      if (weights.shape[1] !== units) {
        refuse(
          `${where}: weights ${shapeToString(weights.shape)} need one column per bias, found ${units} biases`,
        );
      }
      nodes[id] = { id, kind: 'dense', position, units, weights, biases };
    } else if (isImageLayer(layer)) {
      // Image layers' tensors are shared: the document never mutates one in place.
      nodes[id] = { id, kind: layer.type, position, layer };
    } else nodes[id] = { id, kind: layer.type, position };
  });
  let nextId = layers.length + 1;
  for (let i = 1; i < layers.length; i++) {
    const id = `e${nextId++}`;
    edges[id] = { id, from: `n${i}`, to: `n${i + 1}` };
  }
  if (first.type === 'image-input') {
    // Pictures come from a data set; until then the batch is one black picture.
    const inputs = zeros([1, first.height, first.width, first.channels]);
    return { nodes, edges, inputs, examples: [], metadata: { ...model.metadata }, nextId };
  }
  const examples: NamedInputs[] = model.examples.map((example, i) => ({
    name: example.name,
    inputs: checkedExample(example.inputs, first.units, `examples[${i}].inputs`),
  }));
  const current = examples[0];
  const inputs = current?.inputs ?? zeros([1, first.units]);
  const kept = current?.name === CURRENT_INPUTS_NAME ? examples.slice(1) : examples;
  return { nodes, edges, inputs, examples: kept, metadata: { ...model.metadata }, nextId };
}

function checkedExample(inputs: Tensor, units: number, where: string): Tensor {
  const copy = copyFinite(inputs, 2, where);
  const [rows, cols] = copy.shape as [number, number];
  if (rows < 1 || cols !== units) {
    refuse(
      `${where}: expected rows of ${units} features (the input layer's units), found shape ${shapeToString(copy.shape)}`,
    );
  }
  return copy;
}

/**
 * The chain from the first Input node as a Model, with the current inputs and examples (see
 * the rule above), the metadata and each layer's position. Other chains and unwired layers are not part of it.
 * Throws a DocumentError when there is no Input node or a wire on the chain has a shape error.
 */
export function modelFromDocument(doc: EditorDocument): Model {
  const input = primaryInput(doc);
  if (!input) refuse('the document has no Input layer: add one to start the network');
  const chain = derive(doc).chains[0]!;
  const fault = chain.diagnostics[0];
  if (fault) {
    const node = describeNode(doc.nodes[fault.nodeId]!);
    refuse(`the network cannot be saved until the wire into ${node} fits: ${fault.message}`);
  }
  // Layout: every layer's place on the canvas, so the learner's arrangement survives saving.
  const layout = chain.nodeIds.map((id) => {
    const { x, y } = doc.nodes[id]!.position;
    return { x, y };
  });
  if (input.kind === 'image-input') {
    // An image model keeps no examples (docs/model-format.md); its Dense layers are float32.
    const layers = chain.network.layers.map((layer) =>
      layer.type === 'dense'
        ? { ...layer, weights: toFloat32(layer.weights), biases: toFloat32(layer.biases) }
        : layer,
    );
    return { network: { layers }, examples: [], metadata: { ...doc.metadata }, layout };
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
  return { network: chain.network, examples, metadata: { ...doc.metadata }, layout };
}

/** A notebook lesson as a document: its inputs (one sample becomes a batch of one) current. */
export function documentFromLesson(lesson: Lesson, options: LayoutOptions = {}): EditorDocument {
  const { inputs } = lesson;
  const batch = inputs.shape.length === 1 ? { ...inputs, shape: [1, inputs.shape[0]!] } : inputs;
  const model: Model = {
    network: lesson.network,
    examples: [{ name: CURRENT_INPUTS_NAME, inputs: batch }],
    metadata: { name: lesson.title, description: lesson.caption, lesson: lesson.id },
  };
  return documentFromModel(model, options);
}

function toFloat32(t: Tensor): Tensor {
  return t.dtype === 'float32' ? t : tensor(t.data, t.shape, 'float32');
}
