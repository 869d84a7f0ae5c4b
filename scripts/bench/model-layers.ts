/**
 * The conv layers of the cats-vs-dogs model, as the bench measures them: the one place to
 * change when the final architecture is chosen. NHWC, 3×3 kernels, padding 1, stride 1; a 2×2 max
 * pool after each pair halves the image (the pools themselves are not benchmarked).
 */
import { convGeometry, type ConvGeometry } from '../../src-shared/kernels/types.ts';

export const MODEL_BATCH = 32;

/** [image side, input channels, output channels] of each conv layer, in order. */
const LAYERS: readonly (readonly [number, number, number])[] = [
  [64, 3, 32],
  [64, 32, 32],
  [32, 32, 64],
  [32, 64, 64],
  [16, 64, 128],
  [16, 128, 128],
  [8, 128, 256],
  [8, 256, 256],
];

export interface ModelLayer {
  /** e.g. "conv2 64×64 32→32" */
  readonly label: string;
  readonly geometry: ConvGeometry;
}

export function modelConvLayers(batch = MODEL_BATCH): ModelLayer[] {
  return LAYERS.map(([side, inChannels, outChannels], i) => ({
    label: `conv${i + 1} ${side}×${side} ${inChannels}→${outChannels}`,
    geometry: convGeometry({
      batch,
      height: side,
      width: side,
      inChannels,
      outChannels,
      kernelHeight: 3,
      kernelWidth: 3,
      stride: 1,
      padding: 1,
    }),
  }));
}

/** The same layer with another batch size (slow implementations run a smaller batch). */
export function withBatch(g: ConvGeometry, batch: number): ConvGeometry {
  return { ...g, batch };
}
