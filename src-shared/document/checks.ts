/**
 * The one error a document edit raises, and the checks every command runs before it changes
 * anything: a refused edit leaves the document as it was, and nothing non-finite gets in.
 */
import { MAX_UNITS } from '../model-file/limits.ts';
import { allocate, shapeToString, type DType, type Tensor } from '../tensor/tensor.ts';

/** A refused edit; the message is one sentence a learner can act on. */
export class DocumentError extends Error {
  override name = 'DocumentError';
}

export function refuse(message: string): never {
  throw new DocumentError(message);
}

/** `what` names the value: `weight [0][1] of Dense n3`. */
export function requireFinite(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    refuse(`${what} must be a finite number, found ${String(value)}`);
  }
  return value;
}

/** Layer sizes follow the model file: a whole number from 1 to MAX_UNITS. */
export function requireUnits(units: number, what: string): number {
  if (!Number.isInteger(units) || units < 1 || units > MAX_UNITS) {
    refuse(`${what} must be a whole number from 1 to ${MAX_UNITS}, found ${String(units)}`);
  }
  return units;
}

/** An index into an axis of `size`: `row 5 of 3 rows` reads badly, so the range is named. */
export function requireIndex(index: number, size: number, what: string): number {
  if (size === 0) refuse(`${what} ${String(index)} does not exist: there are none`);
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    refuse(`${what} must be a whole number from 0 to ${size - 1}, found ${String(index)}`);
  }
  return index;
}

/**
 * A copy (float64 unless `dtype` says otherwise) of a caller's tensor after checking its rank and every value, so the caller
 * can go on mutating its own buffer without reaching into the document (or its history).
 * Messages read `${name}[1][0]${of} must be a finite number`: `weights[1][0] of Dense n2 …`.
 */
export function copyFinite(
  t: Tensor,
  rank: 1 | 2,
  name: string,
  of = '',
  dtype: DType = 'float64',
): Tensor {
  if (t.shape.length !== rank) {
    const expected = rank === 1 ? 'a vector (n,)' : 'a matrix (rows, columns)';
    refuse(`${name}${of} must be ${expected}, found shape ${shapeToString(t.shape)}`);
  }
  const data = allocate(t.data.length, dtype);
  const columns = rank === 2 ? (t.shape[1] as number) : 1;
  for (let i = 0; i < data.length; i++) {
    const value = t.data[i] as number;
    if (!Number.isFinite(value)) {
      const at = rank === 2 ? `[${Math.floor(i / columns)}][${i % columns}]` : `[${i}]`;
      refuse(`${name}${at}${of} must be a finite number, found ${String(value)}`);
    }
    data[i] = value;
  }
  return { shape: [...t.shape], dtype, data };
}
