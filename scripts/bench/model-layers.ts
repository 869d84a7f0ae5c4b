/**
 * The conv layers of the shipped cats-vs-dogs model (resources/models/cats-vs-dogs.json), as the
 * bench measures them: read from the model file, so the bench follows the model when it changes.
 */
import { readFileSync } from 'node:fs';
import { convGeometry, type ConvGeometry } from '../../src-shared/kernels/types.ts';
import { runnableNetwork } from '../../src-shared/document/model-io.ts';
import { parseModelFile } from '../../src-shared/model-file/index.ts';
import type { Network } from '../../src-shared/net/network.ts';
import { layerShapes } from '../../src-shared/net/network.ts';

export const MODEL_BATCH = 32;
export const MODEL_FILE = new URL('../../resources/models/cats-vs-dogs.json', import.meta.url);

export interface ModelLayer {
  /** e.g. "conv2 64×64 16→16" */
  readonly label: string;
  readonly geometry: ConvGeometry;
}

/** Every conv2d of `network` with the picture it sees, at `batch`. */
export function convLayersOf(network: Network, batch = MODEL_BATCH): ModelLayer[] {
  const shapes = layerShapes(network);
  const convs: ModelLayer[] = [];
  network.layers.forEach((layer, i) => {
    if (layer.type !== 'conv2d') return;
    const [height, width, inChannels] = shapes[i - 1] as [number, number, number];
    const [kernelHeight, kernelWidth, , outChannels] = layer.weights.shape as number[];
    const geometry = convGeometry({
      ...{ batch, height, width, inChannels, outChannels: outChannels! },
      ...{
        kernelHeight: kernelHeight!,
        kernelWidth: kernelWidth!,
        stride: layer.stride,
        padding: layer.padding,
      },
    });
    const label = `conv${convs.length + 1} ${height}×${width} ${inChannels}→${outChannels}`;
    convs.push({ label, geometry });
  });
  return convs;
}

export function modelConvLayers(batch = MODEL_BATCH): ModelLayer[] {
  return convLayersOf(runnableNetwork(parseModelFile(readFileSync(MODEL_FILE, 'utf8'))), batch);
}

/** The same layer with another batch size (slow implementations run a smaller batch). */
export function withBatch(g: ConvGeometry, batch: number): ConvGeometry {
  return { ...g, batch };
}
