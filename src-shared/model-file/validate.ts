/**
 * A current-version document (a JSON value) → Model, all or nothing: the first fault throws
 * a ModelFileError naming its path, what was expected and what was found. Checks run in
 * file order, so the message points at the first wrong place a reader would meet.
 */
import { isActivation } from '../layers/index.ts';
import {
  isImageLayerType,
  isLayerType,
  LAYER_TYPES,
  isInputType,
  outputShape,
  type DenseLayer,
  type Layer,
} from '../layers/index.ts';
import type {
  InputExample,
  LayerPosition,
  MetadataValue,
  Model,
  ModelMetadata,
} from '../nn/model.ts';
import { ShapeError } from '../tensor/ops.ts';
import { tensor, type DType } from '../tensor/tensor.ts';
import {
  checkKeys,
  expectObject,
  isFiniteNumber,
  matrixShape,
  readMatrix,
  readVector,
  type JsonObject,
} from './checks.ts';
import { childPath, fail, found, quote } from './errors.ts';
import { float32, gives, IMAGE_LAYER_KEYS, readImageLayer, type Previous } from './image-layers.ts';
import { FORBIDDEN_KEYS, MAX_UNITS } from './limits.ts';
import { readTraining } from './training.ts';
import { CURRENT_VERSION, FORMAT } from './version.ts';

const ROOT_KEYS = ['format', 'version', 'metadata', 'layers', 'examples', 'training'];
/** Metadata the app reads itself; other keys may hold any text, number or true/false. */
const TEXT_METADATA = ['name', 'description', 'created', 'modified'];

export function validateModel(document: unknown): Model {
  const root = expectObject(document, '', `an object {"format": "${FORMAT}", ...}`);
  checkKeys(root, '', ROOT_KEYS);
  if (root.format !== FORMAT) fail('format', `expected "${FORMAT}", found ${found(root.format)}`);
  if (root.version !== CURRENT_VERSION) {
    fail('version', `expected ${CURRENT_VERSION}, found ${found(root.version)}`);
  }
  const metadata = validateMetadata(root.metadata);
  const { layers, layout } = validateLayers(root.layers);
  const first = layers[0]!;
  const examples =
    first.type === 'input'
      ? validateExamples(root.examples, first.units)
      : noExamples(root.examples);
  const training = readTraining(root.training);
  return {
    network: { layers },
    examples,
    metadata,
    // Without a single position the editor lays the model out itself, as before positions.
    ...(layout.some((position) => position !== null) && { layout }),
    ...(training && { training }),
  };
}

function validateMetadata(value: unknown): ModelMetadata {
  if (value === undefined) return {};
  const object = expectObject(value, 'metadata', 'an object of text, number and true/false values');
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, item] of Object.entries(object)) {
    const path = childPath('metadata', key);
    if (FORBIDDEN_KEYS.includes(key)) fail(path, `the key ${quote(key)} is not allowed`);
    if (TEXT_METADATA.includes(key) && typeof item !== 'string') {
      fail(path, `expected text, found ${found(item)}`);
    }
    if (typeof item !== 'string' && typeof item !== 'boolean' && !isFiniteNumber(item)) {
      fail(path, `expected text, a number, true or false, found ${found(item)}`);
    }
    metadata[key] = item;
  }
  return metadata;
}

function validateLayers(value: unknown): {
  layers: Layer[];
  layout: (LayerPosition | null)[];
} {
  if (!Array.isArray(value)) fail('layers', `expected a list of layers, found ${found(value)}`);
  if (value.length === 0) fail('layers', 'expected at least the input layer, found an empty list');
  const layers: Layer[] = [];
  const layout: (LayerPosition | null)[] = [];
  let previous: Previous = { name: '', shape: [] };
  // The rule of docs/model-format.md: a network of pictures computes in float32 throughout.
  let dtype: DType = 'float64';
  value.forEach((item: unknown, i) => {
    const { layer, position } = validateLayer(item, i, previous, dtype);
    if (layer.type === 'image-input') dtype = 'float32';
    layers.push(layer);
    layout.push(position);
    previous = { name: `layers[${i}] (${layer.type})`, shape: checkedShape(layer, i, previous) };
  });
  return { layers, layout };
}

/** The layer's output shape; a layer that cannot take what arrives is refused, naming both. */
function checkedShape(layer: Layer, index: number, previous: Previous): number[] {
  try {
    return outputShape(layer, index === 0 ? [] : [previous.shape]);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return fail(`layers[${index}]`, `${error.message}; ${gives(previous)}`);
  }
}

/** `previous` is the layer before and the shape of one sample it puts out. */
function validateLayer(
  value: unknown,
  index: number,
  previous: Previous,
  dtype: DType,
): { layer: Layer; position: LayerPosition | null } {
  const path = `layers[${index}]`;
  const layer = expectObject(value, path, 'a layer object {"type": ...}');
  const { type } = layer;
  const typePath = `${path}.type`;
  if (typeof type !== 'string') {
    fail(
      typePath,
      `expected a layer type (one of ${LAYER_TYPES.join(', ')}), found ${found(type)}`,
    );
  }
  if (!isLayerType(type)) {
    fail(typePath, `unknown layer type ${quote(type)}, expected one of ${LAYER_TYPES.join(', ')}`);
  }
  if (index === 0 && !isInputType(type)) {
    fail(
      typePath,
      `expected "input" or "image-input" (the first layer is the input layer), found "${type}"`,
    );
  }
  if (index > 0 && isInputType(type)) {
    fail(typePath, 'found a second input layer, only layers[0] may be the input layer');
  }
  const own =
    type === 'input'
      ? ['units']
      : type === 'dense'
        ? ['weights', 'biases']
        : isImageLayerType(type)
          ? IMAGE_LAYER_KEYS[type]
          : [];
  checkKeys(layer, path, ['type', ...own, 'position']);
  const position = readPosition(layer.position, `${path}.position`);
  if (type === 'input') {
    return { layer: { type, units: readUnits(layer.units, `${path}.units`) }, position };
  }
  if (type === 'dense') return { layer: validateDense(layer, path, previous, dtype), position };
  if (isImageLayerType(type))
    return { layer: readImageLayer(type, layer, path, previous), position };
  if (isActivation(type)) return { layer: { type }, position };
  throw new Error(`layer type ${type} has no reader`);
}

/** `{"x": 10, "y": 20}`: where the editor draws the layer; absent leaves it to the editor. */
function readPosition(value: unknown, path: string): LayerPosition | null {
  if (value === undefined) return null;
  const position = expectObject(value, path, 'an object {"x": number, "y": number}');
  checkKeys(position, path, ['x', 'y']);
  const coordinate = (key: 'x' | 'y'): number => {
    const item = position[key];
    if (!isFiniteNumber(item))
      fail(`${path}.${key}`, `expected a finite number, found ${found(item)}`);
    return item;
  };
  return { x: coordinate('x'), y: coordinate('y') };
}

function readUnits(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_UNITS) {
    fail(path, `expected a whole number of units from 1 to ${MAX_UNITS}, found ${found(value)}`);
  }
  return value;
}

/** Weights (n_inputs, n_neurons) as the notebook's Layer_Dense holds them; biases (n_neurons,). */
function validateDense(
  layer: JsonObject,
  path: string,
  previous: Previous,
  dtype: DType,
): DenseLayer {
  if (previous.shape.length !== 1) {
    fail(
      path,
      `dense needs (batch, features); ${gives(previous)} — add Flatten or global average pooling`,
    );
  }
  const inputs = previous.shape[0]!;
  const biasesPath = `${path}.biases`;
  const biases = readVector(layer.biases, biasesPath, 'a list of numbers, one per neuron');
  if (biases.length === 0) fail(biasesPath, 'expected at least one neuron, found an empty list');
  if (biases.length > MAX_UNITS) {
    fail(biasesPath, `expected at most ${MAX_UNITS} neurons, found ${biases.length}`);
  }
  const neurons = biases.length;
  const expected = `a ${inputs}×${neurons} matrix (n_inputs × n_neurons)`;
  const weights = readMatrix(layer.weights, `${path}.weights`, expected);
  if (weights.rows !== inputs || weights.cols !== neurons) {
    let hint = '';
    if (weights.rows === neurons && weights.cols === inputs) hint = ' — transposed?';
    else if (weights.rows === inputs) hint = ` — or should biases have ${weights.cols} numbers?`;
    fail(`${path}.weights`, `expected ${expected}, found ${matrixShape(weights)}${hint}`);
  }
  if (dtype === 'float32') {
    return {
      type: 'dense',
      weights: float32(weights.data, [inputs, neurons], `${path}.weights`),
      biases: float32(biases, [neurons], biasesPath),
    };
  }
  return {
    type: 'dense',
    weights: tensor(weights.data, [inputs, neurons]),
    biases: tensor(biases, [neurons]),
  };
}

/**
 * An image model keeps no examples: its inputs are pictures, which come from a data set
 * rather than from rows typed into the file.
 */
function noExamples(value: unknown): InputExample[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('examples', `expected a list of examples, found ${found(value)}`);
  if (value.length > 0) {
    fail(
      'examples',
      `expected an empty list (an image model's inputs are pictures from a data set), found ${found(value)}`,
    );
  }
  return [];
}

function validateExamples(value: unknown, features: number): InputExample[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('examples', `expected a list of examples, found ${found(value)}`);
  return value.map((item: unknown, i) => {
    const path = `examples[${i}]`;
    const example = expectObject(item, path, 'an example {"name": ..., "inputs": ...}');
    checkKeys(example, path, ['name', 'inputs']);
    if (typeof example.name !== 'string') {
      fail(`${path}.name`, `expected text, found ${found(example.name)}`);
    }
    const inputsPath = `${path}.inputs`;
    const expected = `rows of ${features} features (the input layer's units)`;
    const inputs = readMatrix(example.inputs, inputsPath, `a list of ${expected}`);
    if (inputs.rows === 0) fail(inputsPath, `expected at least one row, found an empty list`);
    if (inputs.cols !== features) fail(inputsPath, `expected ${expected}, found ${inputs.cols}`);
    return { name: example.name, inputs: tensor(inputs.data, [inputs.rows, features]) };
  });
}
