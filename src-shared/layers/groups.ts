/**
 * How the editor and the file group the kinds: the activations that have no settings (a card
 * with nothing to edit), and every other kind that is neither an Input nor a Dense layer, whose
 * node and file entry hold the layer's own data.
 */
import { LAYER_TYPES, type Layer, type LayerType } from './registry.ts';

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'softmax', 'linear'] as const;
export type ActivationType = (typeof ACTIVATIONS)[number];

export function isActivation(type: string): type is ActivationType {
  return (ACTIVATIONS as readonly string[]).includes(type);
}

/** Kinds other than Input, Dense and the setting-free activations: conv2d, pools, add, … */
export type ImageLayer = Exclude<Layer, { type: 'input' | 'dense' | ActivationType }>;
export type ImageLayerType = ImageLayer['type'];

export const IMAGE_LAYER_TYPES = LAYER_TYPES.filter(
  (type): type is ImageLayerType => type !== 'input' && type !== 'dense' && !isActivation(type),
);

export function isImageLayerType(type: string): type is ImageLayerType {
  return (IMAGE_LAYER_TYPES as readonly string[]).includes(type);
}

export function isImageLayer(layer: Layer): layer is ImageLayer {
  return isImageLayerType(layer.type);
}

export type { LayerType };
