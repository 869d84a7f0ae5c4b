/**
 * Copy-on-write edits of the document's tensors: each returns a new float64 tensor and leaves
 * its argument alone, because history and the worker may still hold the old buffer.
 */
import { zeros, type Tensor } from '../tensor/tensor.ts';

/** A (rows, cols) copy of a matrix: values where both overlap are kept, the rest are 0. */
export function resizeMatrix(t: Tensor, rows: number, cols: number): Tensor {
  const [oldRows, oldCols] = t.shape as [number, number];
  const out = zeros([rows, cols]);
  for (let i = 0; i < Math.min(rows, oldRows); i++) {
    for (let j = 0; j < Math.min(cols, oldCols); j++) {
      out.data[i * cols + j] = t.data[i * oldCols + j] as number;
    }
  }
  return out;
}

/** A copy of a vector with n values: the first ones kept, padded with 0. */
export function resizeVector(t: Tensor, n: number): Tensor {
  const out = zeros([n]);
  out.data.set(t.data.subarray(0, Math.min(n, t.data.length)));
  return out;
}

/** A copy with the value at row-major position `index` replaced. */
export function withValue(t: Tensor, index: number, value: number): Tensor {
  const data = Float64Array.from(t.data);
  data[index] = value;
  return { shape: [...t.shape], dtype: 'float64', data };
}

/** A (rows + 1, cols) copy of a matrix with `row` appended. */
export function appendRow(t: Tensor, row: ArrayLike<number>): Tensor {
  const [rows, cols] = t.shape as [number, number];
  const out = zeros([rows + 1, cols]);
  out.data.set(t.data);
  out.data.set(row, rows * cols);
  return out;
}

/** A (rows - 1, cols) copy of a matrix without row `index`. */
export function removeRow(t: Tensor, index: number): Tensor {
  const [rows, cols] = t.shape as [number, number];
  const out = zeros([rows - 1, cols]);
  out.data.set(t.data.subarray(0, index * cols));
  out.data.set(t.data.subarray((index + 1) * cols), index * cols);
  return out;
}

/** Same shape and the same float64 bits (Object.is tells -0 from 0). */
export function sameTensor(a: Tensor, b: Tensor): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return false;
  for (let i = 0; i < a.data.length; i++) if (!Object.is(a.data[i], b.data[i])) return false;
  return true;
}
