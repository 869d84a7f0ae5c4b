/** Heatmaps as images: one pixel per value, so a 784×128 weight matrix is one node, not 100k. */
import { valueRgb } from './colors.ts';

/** A canvas of `columns × rows` pixels coloured by value (row-major), scaled by the largest |value|. */
export function heatmapCanvas(
  values: ArrayLike<number>,
  columns: number,
  rows: number,
): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = columns;
  canvas.height = rows;
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(columns, rows);
  let scale = 1e-12;
  for (let i = 0; i < values.length; i++) scale = Math.max(scale, Math.abs(values[i]!));
  for (let i = 0; i < columns * rows; i++) {
    const [r, g, b] = i < values.length ? valueRgb(values[i]!, scale) : [229, 231, 235];
    image.data.set([r, g, b, 255], i * 4);
  }
  context.putImageData(image, 0, 0);
  return canvas;
}
