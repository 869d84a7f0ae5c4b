/**
 * Feature scaling, x' = (x − offset) / scale per column, with statistics taken from the
 * training split only and applied unchanged to validation and test data.
 *   min-max: offset = min, scale = max − min   → training values in [0, 1]
 *   z-score: offset = mean, scale = std        → training values with mean 0, std 1
 * A constant column gets scale 1, so it becomes 0 rather than NaN.
 */
import type { Tensor } from '../tensor/tensor.ts';

export const NORMALIZATIONS = ['none', 'min-max', 'z-score'] as const;
export type NormalizationKind = (typeof NORMALIZATIONS)[number];

export interface Normalization {
  kind: NormalizationKind;
  /** Per feature column. */
  offset: number[];
  scale: number[];
}

/** The statistics of `kind` for each column of x (rows, columns). */
export function fitNormalization(kind: NormalizationKind, x: Tensor): Normalization {
  const [rows, cols] = x.shape as [number, number];
  const offset = new Array<number>(cols).fill(0);
  const scale = new Array<number>(cols).fill(1);
  if (kind === 'none' || rows === 0) return { kind, offset, scale };
  for (let c = 0; c < cols; c++) {
    if (kind === 'min-max') {
      let min = Infinity;
      let max = -Infinity;
      for (let r = 0; r < rows; r++) {
        const v = x.data[r * cols + c]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      offset[c] = min;
      scale[c] = max - min || 1;
    } else {
      let mean = 0;
      for (let r = 0; r < rows; r++) mean += x.data[r * cols + c]!;
      mean /= rows;
      let sq = 0;
      for (let r = 0; r < rows; r++) sq += (x.data[r * cols + c]! - mean) ** 2;
      offset[c] = mean;
      scale[c] = Math.sqrt(sq / rows) || 1;
    }
  }
  return { kind, offset, scale };
}

/** (x − offset) / scale, column by column, in a new tensor. */
export function applyNormalization({ kind, offset, scale }: Normalization, x: Tensor): Tensor {
  const cols = x.shape[1] as number;
  const data = Float64Array.from(x.data);
  if (kind !== 'none') {
    for (let i = 0; i < data.length; i++) {
      const c = i % cols;
      data[i] = (data[i]! - offset[c]!) / scale[c]!;
    }
  }
  return { shape: [...x.shape], dtype: 'float64', data };
}
