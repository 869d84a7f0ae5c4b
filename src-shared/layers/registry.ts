/**
 * Every layer kind, looked up by `type`. The file reader, the network, the trainer, the canvas
 * and the palette ask this table instead of switching on `type`: a new kind is one file and
 * one line in KINDS.
 */
import { ShapeError } from '../tensor/ops.ts';
import type { Shape } from '../tensor/tensor.ts';
import { addKind } from './add.ts';
import { avgPool2dKind } from './avgpool2d.ts';
import { batchNormKind } from './batchnorm.ts';
import { concatenateKind } from './concatenate.ts';
import { conv2dKind } from './conv2d.ts';
import { denseKind } from './dense.ts';
import { dropoutKind } from './dropout.ts';
import { flattenKind } from './flatten.ts';
import { globalAvgPoolKind } from './global-avg-pool.ts';
import { imageInputKind } from './image-input.ts';
import { inputKind } from './input.ts';
import type { FileForm } from './file-form.ts';
import type { LayerKind } from './kind.ts';
import { leakyReluKind } from './leaky-relu.ts';
import { linearKind } from './linear.ts';
import { maxPool2dKind } from './maxpool2d.ts';
import { reluKind } from './relu.ts';
import { sigmoidKind } from './sigmoid.ts';
import { softmaxKind } from './softmax.ts';
import { tanhKind } from './tanh.ts';

/** In palette order. */
export const KINDS = [
  inputKind,
  imageInputKind,
  denseKind,
  conv2dKind,
  maxPool2dKind,
  avgPool2dKind,
  globalAvgPoolKind,
  flattenKind,
  batchNormKind,
  dropoutKind,
  reluKind,
  leakyReluKind,
  sigmoidKind,
  tanhKind,
  softmaxKind,
  linearKind,
  addKind,
  concatenateKind,
] as const;

/** The layer a kind makes, and what its file form saves (the layer, or also a draft of it). */
type KindOf<K> = K extends { create(...args: never[]): infer L } ? L : never;
type SavedOf<K> = K extends { readonly file: FileForm<infer Saved> } ? Saved : never;

/** A layer as plain data: `{ type: 'dense', weights, biases }`, `{ type: 'relu' }`. */
export type Layer = KindOf<(typeof KINDS)[number]>;
export type LayerType = Layer['type'];
export type LayerOfType<T extends LayerType> = Extract<Layer, { type: T }>;
/** What a model file's layer may hold: a layer, or a Dense layer without weights yet. */
export type SavedLayer = SavedOf<(typeof KINDS)[number]>;

const BY_TYPE = new Map<string, LayerKind<Layer>>(
  KINDS.map((kind) => [kind.type, kind as unknown as LayerKind<Layer>]),
);

export const LAYER_TYPES: readonly LayerType[] = KINDS.map((kind) => kind.type);

export function isLayerType(type: unknown): type is LayerType {
  return typeof type === 'string' && BY_TYPE.has(type);
}

export function layerKind<T extends LayerType>(type: T): LayerKind<LayerOfType<T>>;
export function layerKind(type: string): LayerKind<Layer>;
export function layerKind(type: string): LayerKind<Layer> {
  const kind = BY_TYPE.get(type);
  if (!kind) throw new Error(`unknown layer type ${JSON.stringify(type)}`);
  return kind;
}

/** How a kind's layer is written to the model file and read back. */
export function fileForm(type: string): FileForm<SavedLayer> {
  return (layerKind(type) as unknown as LayerKind<Layer, SavedLayer>).file;
}

/** Input layers start a network, and only there. */
export function isInputType(type: string): type is 'input' | 'image-input' {
  return BY_TYPE.get(type)?.role === 'input';
}

/**
 * The shape of one sample (no batch axis) after `layer`, given the shapes arriving (one per
 * wire in; an input layer takes none). Throws a ShapeError naming the shapes and the fix.
 */
export function outputShape(layer: Layer, inputs: readonly Shape[]): number[] {
  return layerKind(layer.type).outputShape(layer, inputs);
}

/**
 * Trainable parameters: weights and biases, BatchNorm's gamma and beta. Running statistics are
 * not learned, so not counted (Keras lists them apart, as non-trainable).
 */
export function parameterCount(layer: Layer): number {
  return layerKind(layer.type)
    .parameters(layer)
    .reduce((n, p) => n + p.tensor.data.length, 0);
}

/** Throws the kind's ShapeError prefixed with where the layer is: `layers[3] (dense): …`. */
export function withPlace<T>(where: string, compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof ShapeError) throw new ShapeError(`${where}: ${error.message}`);
    throw error;
  }
}
