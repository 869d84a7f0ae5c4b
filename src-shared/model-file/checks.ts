/** Structure checks shared by validation and migration; each failure names its path. */
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
