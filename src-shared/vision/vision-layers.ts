/** Which plain layers the trainable image network runs (see net.ts), checked in one place. */
import { IMAGE_LAYER_TYPES, type Layer } from '../nn/layers.ts';

// The image layers, and the few others the trainable network implements.
const VISION_TYPES: ReadonlySet<string> = new Set([
  ...IMAGE_LAYER_TYPES,
  'dense',
  'relu',
  'softmax',
]);

/** The index of the first layer an image network cannot run, or -1 when it runs them all. */
export function firstNonVisionLayer(layers: readonly Layer[]): number {
  return layers.findIndex((l) => !VISION_TYPES.has(l.type));
}
