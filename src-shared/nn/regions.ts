/**
 * Decision regions of a classifier over a 2-D plane: the class the network predicts at the
 * centre of each cell of a grid, and how sure it is. The UI paints them behind the data.
 */
import { tensor } from '../tensor/tensor.ts';
import { type Network } from '../net/network.ts';
import { forward } from '../net/forward.ts';

export interface Bounds {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

export interface Regions {
  /** Cells per side; row 0 is the top (y1), column 0 the left (x0). */
  readonly size: number;
  readonly bounds: Bounds;
  /** Predicted class per cell, row-major. */
  readonly classes: Uint8Array;
  /** The predicted class's output per cell (a probability after softmax or sigmoid). */
  readonly confidence: Float32Array;
}

/** The data's bounding box with a 5% margin, so points do not sit on the edge. */
export function boundsOf(xy: ArrayLike<number>): Bounds {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let k = 0; k + 1 < xy.length; k += 2) {
    x0 = Math.min(x0, xy[k]!);
    x1 = Math.max(x1, xy[k]!);
    y0 = Math.min(y0, xy[k + 1]!);
    y1 = Math.max(y1, xy[k + 1]!);
  }
  if (!Number.isFinite(x0)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
  const pad = 0.05 * Math.max(x1 - x0, y1 - y0, 1e-9);
  return { x0: x0 - pad, x1: x1 + pad, y0: y0 - pad, y1: y1 + pad };
}

export function decisionRegions(network: Network, bounds: Bounds, size = 80): Regions {
  const grid = new Float64Array(size * size * 2);
  const dx = (bounds.x1 - bounds.x0) / size;
  const dy = (bounds.y1 - bounds.y0) / size;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      grid[2 * (i * size + j)] = bounds.x0 + (j + 0.5) * dx;
      grid[2 * (i * size + j) + 1] = bounds.y1 - (i + 0.5) * dy;
    }
  }
  const outputs = forward(network, tensor(grid, [size * size, 2]));
  const last = outputs.at(-1)!;
  const width = last.shape[1] ?? 1;
  const classes = new Uint8Array(size * size);
  const confidence = new Float32Array(size * size);
  for (let k = 0; k < size * size; k++) {
    if (width === 1) {
      // One output: a binary classifier, class 1 above 0.5.
      const p = last.data[k]!;
      classes[k] = p >= 0.5 ? 1 : 0;
      confidence[k] = p >= 0.5 ? p : 1 - p;
      continue;
    }
    let best = 0;
    for (let c = 1; c < width; c++)
      if (last.data[k * width + c]! > last.data[k * width + best]!) best = c;
    classes[k] = best;
    confidence[k] = last.data[k * width + best]!;
  }
  return { size, bounds, classes, confidence };
}
