/**
 * NumPy's dot, transpose and broadcasting add, with NumPy's shape errors plus a hint.
 * Sums run in ascending index order, the order of the notebook's written-out sums, so
 * single neurons reproduce Python's results bit for bit.
 */
import { matmul } from './matmul.ts';
import { allocate, shapeToString, sizeOf, type Shape, type Tensor } from './tensor.ts';

/** NumPy writes shapes in this message without spaces: `(3,4)`. */
const compact = (shape: Shape) => shapeToString(shape).replaceAll(' ', '');

export class ShapeError extends Error {
  override name = 'ShapeError';
}

function notAligned(a: Shape, b: Shape, dimA: number, dimB: number): ShapeError {
  let message =
    `shapes ${compact(a)} and ${compact(b)} not aligned: ` +
    `${a[dimA]} (dim ${dimA}) != ${b[dimB]} (dim ${dimB})`;
  // The notebook's own mistake: weights written neuron by neuron need `.T`.
  if (b.length === 2 && a[dimA] === b[1]) message += ' — transpose the weights?';
  else if (a.length === 2 && b[dimB] === a[0]) message += ' — transpose the first operand?';
  return new ShapeError(message);
}

/** `np.dot(a, b)` for 1-D and 2-D operands. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.shape.length > 2 || b.shape.length > 2 || a.shape.length === 0 || b.shape.length === 0) {
    throw new ShapeError(
      `dot takes 1-D or 2-D operands, found ${compact(a.shape)} and ${compact(b.shape)}`,
    );
  }
  const a2 = a.shape.length === 1;
  const b2 = b.shape.length === 1;
  const m = a2 ? 1 : (a.shape[0] as number);
  const k = a.shape[a.shape.length - 1] as number;
  const kb = b.shape[0] as number;
  const n = b2 ? 1 : (b.shape[1] as number);
  if (k !== kb) throw notAligned(a.shape, b.shape, a.shape.length - 1, 0);
  const dtype = a.dtype === 'float32' && b.dtype === 'float32' ? 'float32' : 'float64';
  const out = allocate(m * n, dtype);
  matmul(a.data, b.data, out, m, k, n);
  const shape: number[] = [];
  if (!a2) shape.push(m);
  if (!b2) shape.push(n);
  return { shape, dtype, data: out };
}

/** `a.T` for a 1-D or 2-D tensor (1-D is returned unchanged, as in NumPy). */
export function transpose(a: Tensor): Tensor {
  if (a.shape.length < 2) return a;
  if (a.shape.length > 2)
    throw new ShapeError(`transpose takes a 2-D tensor, found ${compact(a.shape)}`);
  const [rows, cols] = a.shape as [number, number];
  const out = allocate(rows * cols, a.dtype);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = a.data[i * cols + j] as number;
  }
  return { shape: [cols, rows], dtype: a.dtype, data: out };
}

/** NumPy's broadcast shape of two operands, or its error. */
export function broadcastShape(a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `operands could not be broadcast together with shapes ${compact(a)} ${compact(b)}`,
      );
    }
    shape.push(da === 1 ? db : da);
  }
  return shape;
}

/** `a + b` with NumPy broadcasting (e.g. a batch (3,3) plus biases (3,) or (1,3)). */
export function add(a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShape(a.shape, b.shape);
  const dtype = a.dtype === 'float32' && b.dtype === 'float32' ? 'float32' : 'float64';
  const size = sizeOf(shape);
  const out = allocate(size, dtype);
  const strideA = broadcastStrides(a.shape, shape);
  const strideB = broadcastStrides(b.shape, shape);
  const index = new Array<number>(shape.length).fill(0);
  let ia = 0;
  let ib = 0;
  for (let flat = 0; flat < size; flat++) {
    out[flat] = (a.data[ia] as number) + (b.data[ib] as number);
    // Odometer step over the output index, moving both operand offsets along.
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      const i = ++index[axis]!;
      ia += strideA[axis]!;
      ib += strideB[axis]!;
      if (i < shape[axis]!) break;
      index[axis] = 0;
      ia -= strideA[axis]! * shape[axis]!;
      ib -= strideB[axis]! * shape[axis]!;
    }
  }
  return { shape, dtype, data: out };
}

/** Row-major strides of `shape` seen through `target`, 0 along broadcast axes. */
function broadcastStrides(shape: Shape, target: Shape): number[] {
  const strides = new Array<number>(target.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = target.length - shape.length + i;
    strides[axis] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i] as number;
  }
  return strides;
}
