/**
 * Feature maps as pixels: each channel of an NHWC output as a small greyscale tile, tiles in a
 * grid. Pure (RGBA arrays, no canvas), so the Konva card and the inspector share it.
 */
import type { Tensor } from '../../src-shared/tensor/tensor.ts';

/** Columns and rows for `count` tiles, at most `maxColumns` wide, as square as possible. */
export function tileGrid(count: number, maxColumns: number): { columns: number; rows: number } {
  const columns = Math.max(1, Math.min(maxColumns, Math.ceil(Math.sqrt(count))));
  return { columns, rows: Math.max(1, Math.ceil(count / columns)) };
}

export interface Pixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/**
 * Channels `[0, count)` of sample `sample` of a (batch, H, W, C) output, each scaled from its own
 * minimum (black) to maximum (white), laid out left to right and top to bottom with `gap`
 * pixels of light grey between tiles.
 */
export function featureMapPixels(
  output: Tensor,
  {
    sample = 0,
    count,
    maxColumns,
    gap = 1,
  }: { sample?: number; count: number; maxColumns: number; gap?: number },
): Pixels {
  const [, height = 1, width = 1, channels = 1] = output.shape;
  const shown = Math.min(count, channels);
  const { columns, rows } = tileGrid(shown, maxColumns);
  const outWidth = columns * width + (columns - 1) * gap;
  const outHeight = rows * height + (rows - 1) * gap;
  const rgba = new Uint8ClampedArray(outWidth * outHeight * 4).fill(226);
  const base = sample * height * width * channels;
  for (let c = 0; c < shown; c++) {
    let min = Infinity;
    let max = -Infinity;
    for (let p = 0; p < height * width; p++) {
      const v = output.data[base + p * channels + c]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const range = max - min || 1;
    const left = (c % columns) * (width + gap);
    const top = Math.floor(c / columns) * (height + gap);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = output.data[base + (y * width + x) * channels + c]!;
        const grey = max === min ? 0 : Math.round(((v - min) / range) * 255);
        const at = ((top + y) * outWidth + left + x) * 4;
        rgba[at] = rgba[at + 1] = rgba[at + 2] = grey;
        rgba[at + 3] = 255;
      }
    }
  }
  return { width: outWidth, height: outHeight, rgba };
}

/** Sample `sample` of a (batch, H, W, 1 or 3) batch of 0..255 pictures as RGBA. */
export function picturePixels(inputs: Tensor, sample = 0): Pixels {
  const [, height = 1, width = 1, channels = 1] = inputs.shape;
  const rgba = new Uint8ClampedArray(height * width * 4);
  const base = sample * height * width * channels;
  for (let p = 0; p < height * width; p++) {
    for (let k = 0; k < 3; k++) {
      rgba[p * 4 + k] = inputs.data[base + p * channels + (channels === 3 ? k : 0)]!;
    }
    rgba[p * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

/** A row of values as a one-pixel-high greyscale strip, 0 black to 255 white. */
export function stripPixels(values: readonly number[]): Pixels {
  const rgba = new Uint8ClampedArray(values.length * 4);
  values.forEach((v, i) => {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  });
  return { width: values.length, height: 1, rgba };
}

/**
 * Which channel and pixel of `featureMapPixels`' tiles lies under image pixel (px, py): null on
 * the gaps between tiles, past the last tile, or outside the image.
 */
export function tileAt(
  point: { x: number; y: number },
  {
    height,
    width,
    count,
    maxColumns,
    gap = 1,
  }: {
    height: number;
    width: number;
    count: number;
    maxColumns: number;
    gap?: number;
  },
): { channel: number; y: number; x: number } | null {
  const { columns, rows } = tileGrid(count, maxColumns);
  const px = Math.floor(point.x);
  const py = Math.floor(point.y);
  if (px < 0 || py < 0) return null;
  const column = Math.floor(px / (width + gap));
  const row = Math.floor(py / (height + gap));
  const x = px - column * (width + gap);
  const y = py - row * (height + gap);
  const channel = row * columns + column;
  if (column >= columns || row >= rows || x >= width || y >= height || channel >= count) {
    return null;
  }
  return { channel, y, x };
}
