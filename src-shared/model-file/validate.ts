/**
 * A current-version document (a JSON value) → Model, all or nothing: the first fault throws
 * a ModelFileError naming its path, what was expected and what was found. Checks run in
 * file order, so the message points at the first wrong place a reader would meet.
 */
import {
  fileForm,
  isImageLayerType,
  isInputType,
  isLayerType,
  layerKind,
  LayerReader,
  LAYER_TYPES,
  type Settings,
} from '../layers/index.ts';
import type {
  InputExample,
  LayerPosition,
  MetadataValue,
  Model,
  ModelMetadata,
  ModelNode,
  ModelWire,
  NodeLayer,
} from '../nn/model.ts';
import { tensor, type DType } from '../tensor/tensor.ts';
import {
  checkKeys,
  expectObject,
  isFiniteNumber,
  isObject,
  readMatrix,
  type JsonObject,
} from './checks.ts';
import { childPath, fail, found, quote } from './errors.ts';
import { FORBIDDEN_KEYS } from './limits.ts';
import { readTraining } from './training.ts';
import { CURRENT_VERSION, FORMAT } from './version.ts';

const ROOT_KEYS = ['format', 'version', 'metadata', 'layers', 'wires', 'examples', 'training'];
/** Metadata the app reads itself; other keys may hold any text, number or true/false. */
const TEXT_METADATA = ['name', 'description', 'created', 'modified'];
/** Dates, which docs/model-format.md says are ISO 8601 (what `Date.toISOString` writes). */
const DATE_METADATA = ['created', 'modified'];
/**
 * A calendar date, optionally with a time and a zone: `2026-11-26`, `2026-11-26T10:00:00.000Z`,
 * `2026-11-26T10:00:00+01:00`. `Date.parse` alone would take "Nov 26 2026" or "1".
 */
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((field) => Number(field ?? 0));
  // The fields exist on the calendar: no month 13, no 30 February, no 25 o'clock.
  const date = new Date(Date.UTC(year!, month! - 1, day!));
  return (
    date.getUTCMonth() === month! - 1 &&
    date.getUTCDate() === day &&
    hour! < 24 &&
    minute! < 60 &&
    second! < 60
  );
}

/** Ids are names, not documents: long enough for any a person or a program would choose. */
const MAX_ID_LENGTH = 64;

export function validateModel(document: unknown): Model {
  const root = expectObject(document, '', `an object {"format": "${FORMAT}", ...}`);
  checkKeys(root, '', ROOT_KEYS);
  if (root.format !== FORMAT) fail('format', `expected "${FORMAT}", found ${found(root.format)}`);
  if (root.version !== CURRENT_VERSION) {
    fail('version', `expected ${CURRENT_VERSION}, found ${found(root.version)}`);
  }
  const metadata = validateMetadata(root.metadata);
  const nodes = validateNodes(root.layers);
  const wires = validateWires(root.wires, nodes);
  // The examples feed the first input node, as the editor's input batch does.
  const first = nodes.find((node) => isInputType(node.layer.type))?.layer;
  const examples =
    first?.type === 'input'
      ? validateExamples(root.examples, first.units)
      : first
        ? noExamples(root.examples)
        : validateExamples(root.examples, null);
  const training = readTraining(root.training);
  return { nodes, wires, examples, metadata, ...(training && { training }) };
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
    if (DATE_METADATA.includes(key) && !isIsoDate(item as string)) {
      fail(path, `expected a date in ISO 8601 (2026-11-26T10:00:00.000Z), found ${found(item)}`);
    }
    if (typeof item !== 'string' && typeof item !== 'boolean' && !isFiniteNumber(item)) {
      fail(path, `expected text, a number, true or false, found ${found(item)}`);
    }
    metadata[key] = item;
  }
  return metadata;
}

/**
 * Every layer node, each read on its own: whether it fits the layers wired into it is a
 * question for running the network (a red wire is work in progress, not a broken file).
 */
function validateNodes(value: unknown): ModelNode[] {
  if (!Array.isArray(value)) fail('layers', `expected a list of layers, found ${found(value)}`);
  // The rule of docs/model-format.md: a model whose first input takes pictures is float32.
  const firstInput = value.find(
    (item: unknown) => isObject(item) && typeof item.type === 'string' && isInputType(item.type),
  ) as JsonObject | undefined;
  const dtype: DType = firstInput?.type === 'image-input' ? 'float32' : 'float64';
  const seen = new Map<string, number>();
  return value.map((item: unknown, i) => {
    const node = validateNode(item, i, dtype);
    const earlier = seen.get(node.id);
    if (earlier !== undefined) {
      fail(`layers[${i}].id`, `the id ${quote(node.id)} is already used by layers[${earlier}]`);
    }
    seen.set(node.id, i);
    return node;
  });
}

function validateNode(value: unknown, index: number, dtype: DType): ModelNode {
  const path = `layers[${index}]`;
  const layer = expectObject(value, path, 'a layer object {"type": ..., "id": ...}');
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
  // A layer placed but not yet fitted to what arrives is its settings alone; every other layer
  // is its kind's own keys, written and read by the kind's file form (layers/file-form.ts).
  const pending = isImageLayerType(type) && layer.settings !== undefined;
  const form = fileForm(type);
  checkKeys(layer, path, ['type', 'id', 'position', ...(pending ? ['settings'] : form.keys)]);
  const id = readId(layer.id, `${path}.id`);
  const position = readPosition(layer.position, `${path}.position`);
  const read: NodeLayer = pending
    ? { type, settings: readSettings(type, layer.settings, path) }
    : form.read(new LayerReader(layer, path, dtype));
  return { id, position, layer: read };
}

/**
 * A layer's settings without its parameters (a Conv2D not yet wired): every setting its kind
 * has, each a number in the kind's range.
 */
function readSettings(type: string, value: unknown, path: string): Settings {
  const at = `${path}.settings`;
  const specs = layerKind(type).settings;
  const settings = expectObject(value, at, "an object of the layer's settings");
  checkKeys(
    settings,
    at,
    specs.map((spec) => spec.key),
  );
  return Object.fromEntries(
    specs.map((spec) => {
      const v = settings[spec.key];
      const ok =
        typeof v === 'number' &&
        v >= spec.min &&
        v <= spec.max &&
        (!spec.integer || Number.isInteger(v)) &&
        (!spec.choices || spec.choices.includes(v));
      if (!ok) {
        fail(
          `${at}.${spec.key}`,
          `expected ${spec.integer ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}, found ${found(v)}`,
        );
      }
      return [spec.key, v];
    }),
  );
}

function readId(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) {
    fail(
      path,
      `expected the layer's id, text of 1 to ${MAX_ID_LENGTH} characters, found ${found(value)}`,
    );
  }
  return value;
}

/**
 * Wires `{"from": id, "to": id}` between nodes of this file: a node may feed several and take
 * several (a branch, a merge), but no wire twice, none into itself, none into an input.
 */
function validateWires(value: unknown, nodes: readonly ModelNode[]): ModelWire[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('wires', `expected a list of wires, found ${found(value)}`);
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const seen = new Map<string, number>();
  return value.map((item: unknown, i) => {
    const path = `wires[${i}]`;
    const wire = expectObject(item, path, 'a wire {"from": id, "to": id}');
    checkKeys(wire, path, ['from', 'to']);
    const end = (key: 'from' | 'to'): ModelNode => {
      const id = wire[key];
      if (typeof id !== 'string')
        fail(`${path}.${key}`, `expected a layer's id, found ${found(id)}`);
      const node = byId.get(id);
      if (!node) fail(`${path}.${key}`, `no layer has the id ${quote(id)}`);
      return node;
    };
    const from = end('from');
    const to = end('to');
    if (from === to) fail(path, `a wire from ${quote(from.id)} into itself`);
    if (isInputType(to.layer.type)) {
      fail(
        `${path}.to`,
        `${quote(to.id)} is an input layer (${to.layer.type}), which takes no wires in`,
      );
    }
    const key = JSON.stringify([from.id, to.id]);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      fail(path, `the same wire as wires[${earlier}] (${from.id} → ${to.id})`);
    seen.set(key, i);
    return { from: from.id, to: to.id };
  });
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

/** `features` null: no input layer to match, so each example only needs rows of equal length. */
function validateExamples(value: unknown, features: number | null): InputExample[] {
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
    const expected =
      features === null
        ? 'rows of features'
        : `rows of ${features} features (the input layer's units)`;
    const inputs = readMatrix(example.inputs, inputsPath, `a list of ${expected}`);
    if (inputs.rows === 0) fail(inputsPath, `expected at least one row, found an empty list`);
    if (features !== null && inputs.cols !== features) {
      fail(inputsPath, `expected ${expected}, found ${inputs.cols}`);
    }
    return { name: example.name, inputs: tensor(inputs.data, [inputs.rows, inputs.cols]) };
  });
}
