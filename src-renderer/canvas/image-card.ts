/**
 * The bodies of image layers' cards: the input picture beside its flattened vector, or a few
 * of a layer's feature maps as tiles. Each is one Konva.Image of a canvas made once per output
 * tensor (cached by identity), never a node per pixel, so re-renders (selection, drags) are cheap.
 */
import Konva from 'konva';
import type { Tensor } from '../../src-shared/tensor/tensor.ts';
import { featureMapPixels, picturePixels, stripPixels } from '../pictures/feature-maps.ts';
import { inputNodesLabel, stripBins } from '../pictures/input-vector.ts';
import { pixelsCanvas } from '../pictures/pixels-canvas.ts';
import { legibleText } from './legible-text.ts';
import type { SceneMaps } from './editor-scene.ts';

const BOX_WIDTH = 120;
/** Feature maps drawn on a card: the rest are in the inspector. */
const CARD_MAPS = 9;
const CARD_COLUMNS = 3;
const STRIP_BINS = 240;
/** Two lines of the input-nodes label, over the strip. */
const LABEL_HEIGHT = 38;
const STRIP_HEIGHT = 10;

const cache = new WeakMap<Tensor, Map<string, HTMLCanvasElement>>();

function cached(output: Tensor, key: string, make: () => HTMLCanvasElement): HTMLCanvasElement {
  let entries = cache.get(output);
  if (!entries) cache.set(output, (entries = new Map()));
  let canvas = entries.get(key);
  if (!canvas) entries.set(key, (canvas = make()));
  return canvas;
}

function sampleValues(output: Tensor, sample: number): ArrayLike<number> {
  const size = output.shape.slice(1).reduce((a, b) => a * b, 1);
  return output.data.subarray(sample * size, (sample + 1) * size);
}

function imageFor(maps: SceneMaps): HTMLCanvasElement {
  const { output, sample, kind } = maps;
  return kind === 'picture'
    ? cached(output, `picture ${sample}`, () => pixelsCanvas(picturePixels(output, sample)))
    : cached(output, `maps ${sample}`, () =>
        pixelsCanvas(
          featureMapPixels(output, { sample, count: CARD_MAPS, maxColumns: CARD_COLUMNS }),
        ),
      );
}

/** The body's height on a card CARD_WIDTH wide: the image at its aspect, plus the vector for a picture. */
export function imageBodyHeight(maps: SceneMaps): number {
  const image = imageFor(maps);
  const height = Math.round((BOX_WIDTH * image.height) / image.width);
  return maps.kind === 'picture' ? height + LABEL_HEIGHT + STRIP_HEIGHT : height;
}

export function drawImageBody(
  group: Konva.Group,
  maps: SceneMaps,
  box: { x: number; y: number; width: number; height: number },
): void {
  const image = imageFor(maps);
  const height = Math.round((box.width * image.height) / image.width);
  const frame = { x: box.x, y: box.y, width: box.width, height };
  group.add(
    new Konva.Image({
      image,
      ...frame,
      stroke: '#cbd5e1',
      strokeWidth: 1,
      listening: false,
      name: maps.kind === 'picture' ? 'input-picture' : 'feature-maps',
    }),
  );
  if (maps.kind !== 'picture') return;
  const values = sampleValues(maps.output, maps.sample);
  if (!Array.prototype.some.call(values, (v: number) => v !== 0)) {
    group.add(
      legibleText(
        {
          ...frame,
          text: 'Drop a photo here',
          align: 'center',
          verticalAlign: 'middle',
          fontSize: 12,
          fill: '#e2e8f0',
          listening: false,
        },
        { width: { width: frame.width, by: 'word' }, max: frame.height / 4 },
      ),
    );
  }
  // The notebook's point: the picture enters the network as one long vector of numbers.
  group.add(
    // At most two lines fit over the strip.
    legibleText(
      {
        x: box.x - 10,
        y: box.y + height + 4,
        width: box.width + 20,
        height: LABEL_HEIGHT - 8,
        align: 'center',
        wrap: 'word',
        ellipsis: true,
        text: inputNodesLabel(maps.output.shape.slice(1)),
        fontSize: 11,
        lineHeight: 1.2,
        fill: '#334155',
        listening: false,
        name: 'input-nodes',
      },
      { width: { width: box.width + 20, by: 'word' }, max: 12 },
    ),
    new Konva.Image({
      image: cached(maps.output, `strip ${maps.sample}`, () =>
        pixelsCanvas(stripPixels(stripBins(values, STRIP_BINS))),
      ),
      x: box.x,
      y: box.y + height + LABEL_HEIGHT - 4,
      width: box.width,
      height: STRIP_HEIGHT,
      stroke: '#cbd5e1',
      strokeWidth: 1,
      listening: false,
      name: 'input-vector',
    }),
  );
}
