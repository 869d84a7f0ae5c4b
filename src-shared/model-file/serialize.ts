/**
 * Model → the text of a model file: JSON indented by two spaces, each innermost row of
 * numbers, each layer's position, the training settings and each training curve on one line,
 * so changing a weight or moving a layer is a one-line diff. Numbers are written with
 * JavaScript's shortest round-trip form (and -0 as "-0"), so float64 values reload
 * bit-identical. Tensors that load as float32 (an image model's) are written in their shortest
 * float32 form (`0.1`, not `0.10000000149011612`), which reloads bit-identical as float32.
 */
import type { ImageLayer, Layer } from '../layers/index.ts';
import type { LayerPosition, Model, TrainingRecord } from '../nn/model.ts';
import { tensor, toNested, type Tensor } from '../tensor/tensor.ts';
import { formatFloat32 } from '../text/format-float32.ts';
import { childPath, fail, found } from './errors.ts';
import { HISTORY_KEYS, readTraining, SETTING_KEYS } from './training.ts';
import { CURRENT_VERSION, FORMAT } from './version.ts';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };

/** Objects with only plain values this short stay on one line: `{ "type": "relu" }`. */
const INLINE_WIDTH = 80;
/** Objects written on one line whatever their width. */
const ONE_LINE = new WeakSet<object>();
/** Rows of numbers from float32 tensors, written in float32's shortest form. */
const FLOAT32_ROWS = new WeakSet<object>();

export function serializeModel(model: Model): string {
  // A network of pictures is float32 throughout, its Dense layers too (docs/model-format.md).
  const images = model.network.layers[0]?.type === 'image-input';
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
    layers: model.network.layers.map((layer, i) =>
      layerToJson(layer, i, { position: model.layout?.[i], images }),
    ),
    examples: model.examples.map((example, i) => ({
      name: example.name,
      inputs: nested(example.inputs, `examples[${i}].inputs`),
    })),
    training: model.training && trainingToJson(model.training),
  };
  return write(document, '') + '\n';
}

/** The layer's keys in the order a reader wants them: its type and place, then its numbers. */
function layerToJson(
  layer: Layer,
  index: number,
  { position, images }: { position?: LayerPosition | null; images: boolean },
): Json {
  const path = `layers[${index}]`;
  const head = {
    type: layer.type,
    position: position
      ? { x: finite(position.x, `${path}.position.x`), y: finite(position.y, `${path}.position.y`) }
      : undefined,
  };
  switch (layer.type) {
    case 'input':
      return { ...head, units: layer.units };
    case 'dense': {
      // Written as they will load: float32 in an image model, float64 (exactly) otherwise.
      const write = images ? float32Nested : nested;
      return {
        ...head,
        weights: write(layer.weights, `${path}.weights`),
        biases: write(layer.biases, `${path}.biases`),
      };
    }
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'softmax':
    case 'linear':
      return head;
    default:
      return { ...head, ...imageLayerJson(layer, path) };
  }
}

/** An image layer's own keys, in the order of IMAGE_LAYER_KEYS; its tensors are float32. */
function imageLayerJson(layer: ImageLayer, path: string): { [key: string]: Json } {
  const param = (t: Tensor, key: string) => float32Nested(t, `${path}.${key}`);
  switch (layer.type) {
    case 'image-input':
      return {
        height: layer.height,
        width: layer.width,
        channels: layer.channels,
        mean: layer.mean.map((m, c) => finite(m, `${path}.mean[${c}]`)),
        std: layer.std.map((s, c) => finite(s, `${path}.std[${c}]`)),
      };
    case 'conv2d':
      return {
        weights: param(layer.weights, 'weights'),
        biases: param(layer.biases, 'biases'),
        stride: layer.stride,
        padding: layer.padding,
      };
    case 'maxpool2d':
    case 'avgpool2d':
      return { size: layer.size, stride: layer.stride };
    case 'leakyrelu':
      return { alpha: finite(layer.alpha, `${path}.alpha`) };
    case 'batchnorm':
      return {
        gamma: param(layer.gamma, 'gamma'),
        beta: param(layer.beta, 'beta'),
        runningMean: param(layer.runningMean, 'runningMean'),
        runningVar: param(layer.runningVar, 'runningVar'),
        epsilon: finite(layer.epsilon, `${path}.epsilon`),
        momentum: finite(layer.momentum, `${path}.momentum`),
      };
    case 'globalavgpool':
    case 'flatten':
    case 'add':
    case 'concatenate':
      return {};
    case 'dropout':
      return { rate: finite(layer.rate, `${path}.rate`) };
    default:
      throw new Error(`unknown image layer ${(layer satisfies never as ImageLayer).type}`);
  }
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
 * The settings on one line and each curve on one line (a long one, but one more step changes
 * one line per curve). What would not load again is refused here, at saving.
 */
function trainingToJson({ dataset, settings, history }: TrainingRecord): Json {
  const settingsJson: Json = {};
  for (const key of SETTING_KEYS) {
    const value = settings[key];
    settingsJson[key] =
      typeof value === 'number' ? finite(value, `training.settings.${key}`) : value;
  }
  ONE_LINE.add(settingsJson);
  const historyJson: Json = {};
  for (const key of HISTORY_KEYS) {
    const path = `training.history.${key}`;
    const values: readonly (number | null)[] = history[key];
    historyJson[key] = values.map((v, i) => (v === null ? v : finite(v, `${path}[${i}]`)));
  }
  const json = { dataset, settings: settingsJson, history: historyJson };
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
  if (bad !== -1) {
    // The flat index as [row][column]…, last axis fastest.
    let rest = bad;
    const index = t.shape.map(() => 0);
    for (let axis = t.shape.length - 1; axis >= 0; axis--) {
      const size = t.shape[axis] as number;
      index[axis] = rest % size;
      rest = Math.floor(rest / size);
    }
    finite(t.data[bad] as number, path + index.map((i) => `[${i}]`).join(''));
  }
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
