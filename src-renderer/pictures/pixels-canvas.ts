/** RGBA pixels onto a canvas: one image for Konva or the page instead of a node per pixel. */
import type { Pixels } from './feature-maps.ts';

export function pixelsCanvas({ width, height, rgba }: Pixels): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas;
}
