/**
 * Model → the text of a model file (format v4): every node and every wire as drawn, JSON
 * indented by two spaces, each innermost row of numbers, each layer's position, each wire, the
 * training settings and each training curve on one line, so changing a weight or moving a layer
 * is a one-line diff. Numbers are written with
 * JavaScript's shortest round-trip form (and -0 as "-0"), so float64 values reload
 * bit-identical. Tensors that load as float32 (an image model's) are written in their shortest
 * float32 form (`0.1`, not `0.10000000149011612`), which reloads bit-identical as float32.
 */
import { fileForm, isInputType, type Json, type LayerWriter } from '../layers/index.ts';
import { isLayerDraft, type Model, type ModelNode, type TrainingRecord } from '../nn/model.ts';
import { tensor, toNested, type Tensor } from '../tensor/tensor.ts';
import { formatFloat32 } from '../text/format-float32.ts';
import { flatIndexPath } from './checks.ts';
import { childPath, fail, found } from './errors.ts';
import {
  CURVE_KEYS,
  DATA_KEYS,
  FEATURE_PREPROCESSING_KEYS,
  FINAL_KEYS,
  IMAGE_PREPROCESSING_KEYS,
  readTraining,
  SETTING_KEYS,
} from './training.ts';
import { CURRENT_VERSION, FORMAT } from './version.ts';

/** Objects with only plain values this short stay on one line: `{ "type": "relu" }`. */
const INLINE_WIDTH = 80;
/** Objects written on one line whatever their width. */
const ONE_LINE = new WeakSet<object>();
/** Rows of numbers from float32 tensors, written in float32's shortest form. */
const FLOAT32_ROWS = new WeakSet<object>();

export function serializeModel(model: Model): string {
  // A model whose first input takes pictures is float32 throughout, its Dense layers too
  // (docs/model-format.md), and has no examples.
  const firstInput = model.nodes.find(({ layer }) => isInputType(layer.type));
  const images = firstInput?.layer.type === 'image-input';
  if (images && model.examples.length > 0) {
    fail('examples', "expected none: an image model's inputs are pictures from a data set");
  }
  const document: Json = {
    format: FORMAT,
    version: CURRENT_VERSION,
    metadata: Object.fromEntries(
      Object.entries(model.metadata).map(([key, value]) => [
        key,
        typeof value === 'number' ? finite(value, childPath('metadata', key)) : value,
      ]),
    ),
    layers: model.nodes.map((node, i) => layerToJson(node, i, images)),
    wires: model.wires.map(({ from, to }) => ({ from, to })),
    examples: model.examples.map((example, i) => ({
      name: example.name,
      inputs: nested(example.inputs, `examples[${i}].inputs`),
    })),
    training: model.training && trainingToJson(model.training),
  };
  return write(document, '') + '\n';
}

/** The layer's keys in the order a reader wants them: its type, id and place, then its numbers. */
function layerToJson({ id, position, layer }: ModelNode, index: number, images: boolean): Json {
  const path = `layers[${index}]`;
  const head = {
    type: layer.type,
    id,
    position: position
      ? { x: finite(position.x, `${path}.position.x`), y: finite(position.y, `${path}.position.y`) }
      : undefined,
  };
  // A layer waiting for its input's shape is its settings alone.
  if (isLayerDraft(layer)) {
    const settings = Object.entries(layer.settings).map(
      ([key, value]) => [key, finite(value, `${path}.settings.${key}`)] as const,
    );
    return { ...head, settings: Object.fromEntries(settings) };
  }
  // Everything else is the kind's own keys, in its file form's order (layers/file-form.ts).
  return { ...head, ...fileForm(layer.type).write(layer, layerWriter(path, images)) };
}

/** How a kind writes its numbers: finite, and tensors as they will load. */
function layerWriter(path: string, images: boolean): LayerWriter {
  const at = (key: string) => `${path}.${key}`;
  return {
    number: (value, key) => finite(value, at(key)),
    numbers: (values, key) => values.map((value, i) => finite(value, `${at(key)}[${i}]`)),
    // An image model loads every tensor as float32; any model loads some kinds' as float32.
    tensor: (t, key, dtype = images ? 'float32' : 'float64') =>
      dtype === 'float32' ? float32Nested(t, at(key)) : nested(t, at(key)),
  };
}

/**
 * A tensor that loads as float32, rounded to float32 if it is not already, its rows marked to
 * be written in float32's shortest form.
 */
function float32Nested(t: Tensor, path: string): Json {
  const json = nested(t.dtype === 'float32' ? t : tensor(t.data, t.shape, 'float32'), path);
  markRows(json);
  return json;
}

/**
 * The record's short parts each on one line and each curve on one line (a long one, but one
 * more step changes one line per curve). What would not load again is refused here, at saving.
 */
function trainingToJson(record: TrainingRecord): Json {
  const numbers = (value: unknown, path: string): Json => {
    if (typeof value === 'number') return finite(value, path);
    if (Array.isArray(value)) return value.map((v, i) => numbers(v, `${path}[${i}]`));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, numbers(v, `${path}.${k}`)]),
      );
    }
    return value as Json;
  };
  /** The keys in the file's order, on one line. */
  const oneLine = <T extends object>(
    value: T | null,
    keys: readonly string[],
    path: string,
  ): Json => {
    if (value === null) return null;
    const picked = Object.fromEntries(keys.map((k) => [k, (value as Record<string, unknown>)[k]]));
    const json = numbers(picked, path) as object;
    ONE_LINE.add(json);
    return json as Json;
  };
  const { curves, preprocessing } = record;
  const json = {
    weightcraft: record.weightcraft,
    started: record.started,
    ended: record.ended,
    data: oneLine(record.data, DATA_KEYS, 'training.data'),
    settings: oneLine(record.settings, SETTING_KEYS, 'training.settings'),
    final: oneLine(record.final, FINAL_KEYS, 'training.final'),
    classNames: record.classNames && [...record.classNames],
    preprocessing: oneLine(
      preprocessing,
      preprocessing?.kind === 'image' ? IMAGE_PREPROCESSING_KEYS : FEATURE_PREPROCESSING_KEYS,
      'training.preprocessing',
    ),
    curves: Object.fromEntries(
      CURVE_KEYS.map((key) => [key, numbers(curves[key], `training.curves.${key}`)]),
    ),
  };
  readTraining(json);
  return json;
}

/** JSON has no NaN or Infinity: a model whose training diverged cannot be saved. */
function finite(value: number, path: string): number {
  if (!Number.isFinite(value)) {
    fail(path, `expected a finite number, found ${found(value)} — cannot save non-finite numbers`);
  }
  return value;
}

function nested(t: Tensor, path: string): Json {
  const bad = t.data.findIndex((value) => !Number.isFinite(value));
  if (bad !== -1) finite(t.data[bad] as number, path + flatIndexPath(bad, t.shape));
  return toNested(t) as Json;
}

/** Marks the innermost lists (rows of numbers) of a float32 tensor's nested lists. */
function markRows(json: Json): void {
  if (!Array.isArray(json)) return;
  if (json.every((item) => typeof item === 'number')) FLOAT32_ROWS.add(json);
  else json.forEach(markRows);
}

function write(value: Json, indent: string): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    const items = FLOAT32_ROWS.has(value)
      ? (value as number[]).map(formatFloat32)
      : value.map((item) => write(item, inner));
    if (value.every((item) => typeof item === 'number' || item === null)) {
      return `[${items.join(', ')}]`;
    }
    return `[\n${items.map((item) => inner + item).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(
    (entry): entry is [string, Json] => entry[1] !== undefined,
  );
  if (entries.length === 0) return '{}';
  const members = entries.map(([key, item]) => `${JSON.stringify(key)}: ${write(item, inner)}`);
  const flat = `{ ${members.join(', ')} }`;
  const plain = entries.every(([, item]) => typeof item !== 'object' || item === null);
  if (ONE_LINE.has(value) || (plain && flat.length <= INLINE_WIDTH)) return flat;
  return `{\n${members.map((member) => inner + member).join(',\n')}\n${indent}}`;
}
