/**
 * Structure checks shared by validation, migration and the layer kinds' file forms; each failure
 * names its path.
 */
import { tensor, type Tensor } from '../tensor/tensor.ts';
import { childPath, fail, found, quote } from './errors.ts';
import { FORBIDDEN_KEYS } from './limits.ts';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string, expected: string): JsonObject {
  if (!isObject(value)) fail(path, `expected ${expected}, found ${found(value)}`);
  return value;
}

/** Refuses keys outside `allowed`: catches typos such as "weight" for "weights". */
export function checkKeys(object: JsonObject, parent: string, allowed: readonly string[]): void {
  for (const key of Object.keys(object)) {
    const path = childPath(parent, key);
    if (FORBIDDEN_KEYS.includes(key)) fail(path, `the key ${quote(key)} is not allowed`);
    if (!allowed.includes(key)) {
      fail(path, `unknown key ${quote(key)}, allowed keys are ${allowed.join(', ')}`);
    }
  }
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A list of finite numbers. */
export function readVector(value: unknown, path: string, expected: string): number[] {
  if (!Array.isArray(value)) fail(path, `expected ${expected}, found ${found(value)}`);
  value.forEach((item, i) => {
    if (!isFiniteNumber(item)) fail(childPath(path, i), `expected a number, found ${found(item)}`);
  });
  return value as number[];
}

export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major values. */
  readonly data: number[];
}

/** A list of equally long rows of finite numbers; the caller checks the shape it needs. */
export function readMatrix(value: unknown, path: string, expected: string): Matrix {
  if (!Array.isArray(value)) fail(path, `expected ${expected}, found ${found(value)}`);
  if (value.length > 0 && value.every(isFiniteNumber)) {
    fail(path, `expected ${expected}, found a list of ${value.length} numbers, not a list of rows`);
  }
  const cols = Array.isArray(value[0]) ? value[0].length : 0;
  const data: number[] = [];
  value.forEach((row: unknown, i) => {
    const rowPath = childPath(path, i);
    if (!Array.isArray(row)) fail(rowPath, `expected a row of numbers, found ${found(row)}`);
    if (row.length !== cols) {
      fail(rowPath, `expected ${cols} numbers like ${path}[0], found ${row.length} (ragged rows)`);
    }
    for (const number of readVector(row, rowPath, 'a row of numbers')) data.push(number);
  });
  return { rows: value.length, cols, data };
}

/** `4×3`, or `an empty list`. */
export function matrixShape({ rows, cols }: Matrix): string {
  return rows === 0 ? 'an empty list' : `${rows}×${cols}`;
}

/**
 * A nested list of `rank` levels, equally long at each level, of finite numbers: its shape
 * and its values in row-major order. `expected` describes it for messages.
 */
export function readArray(
  value: unknown,
  path: string,
  rank: number,
  expected: string,
): { shape: number[]; data: number[] } {
  const shape: number[] = [];
  let probe = value;
  while (Array.isArray(probe) && shape.length < rank) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  if (shape.length !== rank || Array.isArray(probe) || shape.includes(0)) {
    const what = Array.isArray(value)
      ? `${times(shape)}${Array.isArray(probe) ? '×…' : ''}`
      : found(value);
    fail(path, `expected ${expected}, found ${what}`);
  }
  const data: number[] = [];
  const walk = (item: unknown, depth: number, at: string): void => {
    if (depth === rank) {
      if (!isFiniteNumber(item)) fail(at, `expected a finite number, found ${found(item)}`);
      data.push(item);
      return;
    }
    if (!Array.isArray(item)) fail(at, `expected a list of ${shape[depth]}, found ${found(item)}`);
    if (item.length !== shape[depth]) {
      fail(
        at,
        `expected ${shape[depth]} items like the first at this level, found ${item.length} (ragged)`,
      );
    }
    item.forEach((child: unknown, i) => walk(child, depth + 1, childPath(at, i)));
  };
  walk(value, 0, path);
  return { shape, data };
}

/** `3×3×16×32`. */
export function times(shape: readonly number[]): string {
  return shape.join('×');
}

/** FLT_MAX: larger numbers are finite in JSON but become Infinity as float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Values as a float32 tensor, refusing any that float32 cannot hold. */
export function float32(data: readonly number[], shape: readonly number[], path: string): Tensor {
  const bad = data.findIndex((x) => Math.abs(x) > FLOAT32_MAX);
  if (bad !== -1) {
    fail(
      path + flatIndexPath(bad, shape),
      `expected a float32 number (at most 3.4028235e+38 in size), found ${data[bad]}`,
    );
  }
  return tensor(data, shape, 'float32');
}

/** The flat index as `[i][j]…`, last axis fastest. */
export function flatIndexPath(flat: number, shape: readonly number[]): string {
  const index = shape.map(() => 0);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = rest % shape[axis]!;
    rest = Math.floor(rest / shape[axis]!);
  }
  return index.map((i) => `[${i}]`).join('');
}
