/**
 * A kind's file form: how its layer is written to the model file and read back
 * (docs/model-format.md), as Keras's `get_config`/`from_config`. The model file writes and reads
 * the layer's `type`, `id` and `position` itself; the kind writes and reads its own keys. Reading
 * checks every value and names its JSON path, what was expected and what was found:
 * `layers[3].stride: expected a whole number of pixels per step from 1 to 4096, found number 0`.
 */
import {
  float32,
  isFiniteNumber,
  readArray,
  readMatrix,
  readVector,
  type JsonObject,
  type Matrix,
} from '../model-file/checks.ts';
import { fail, found } from '../model-file/errors.ts';
import { MAX_UNITS } from '../model-file/limits.ts';
import { tensor, type DType, type Tensor } from '../tensor/tensor.ts';

/** A JSON value as the writer takes it; `undefined` members are left out of the file. */
export type Json =
  string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined };

/** A layer's own keys and their values. */
export type JsonFields = { readonly [key: string]: Json | undefined };

/** What a kind writes its numbers through; each refuses what would not load again. */
export interface LayerWriter {
  /** A finite number (JSON has no NaN or Infinity: a diverged layer cannot be saved). */
  number(value: number, key: string): number;
  /** A list of finite numbers. */
  numbers(values: readonly number[], key: string): number[];
  /**
   * A tensor as nested lists, written as it will load: as `dtype`, or in the model's precision
   * when absent (float32 in a model whose first input takes pictures, float64 otherwise).
   */
  tensor(t: Tensor, key: string, dtype?: DType): Json;
}

/**
 * How a kind's layer is saved. `Saved` is what a node may hold: the layer, or a form of it a
 * file may also hold (a Dense layer without weights yet).
 */
export interface FileForm<Saved> {
  /** The keys besides `type`, `id` and `position`, in the order files write them; others are refused. */
  readonly keys: readonly string[];
  write(layer: Saved, out: LayerWriter): JsonFields;
  read(from: LayerReader): Saved;
}

/** The file form of a kind with no keys of its own: `{ "type": "relu", "id": …, "position": … }`. */
export function bareFileForm<T extends string>(type: T): FileForm<{ readonly type: T }> {
  return { keys: [], write: () => ({}), read: () => ({ type }) };
}

/** One layer's object in the file, with checks that name the place of any fault. */
export class LayerReader {
  constructor(
    readonly fields: JsonObject,
    /** Its JSON path: `layers[3]`. */
    readonly path: string,
    /** What tensors load as unless a kind says otherwise: the model's precision. */
    readonly dtype: DType,
  ) {}

  /** `layers[3].weights`. */
  at(key: string): string {
    return `${this.path}.${key}`;
  }

  fail(key: string, detail: string): never {
    fail(this.at(key), detail);
  }

  /** A whole number from 1 to `max`. */
  size(key: string, max: number, unit: string): number {
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
      this.fail(key, `expected a whole number of ${unit} from 1 to ${max}, found ${found(value)}`);
    }
    return value;
  }

  /** A finite number that `ok` accepts; `expected` says which, as the message will. */
  number(key: string, expected: string, ok: (value: number) => boolean): number {
    const value = this.fields[key];
    if (!isFiniteNumber(value) || !ok(value)) {
      this.fail(key, `expected ${expected}, found ${found(value)}`);
    }
    return value;
  }

  /** A list of finite numbers. */
  vector(key: string, expected: string): number[] {
    return readVector(this.fields[key], this.at(key), expected);
  }

  /** A non-empty list of at most MAX_UNITS finite numbers, `each` one per what. */
  list(key: string, each: string): number[] {
    const values = this.vector(key, `a list of numbers, ${each}`);
    if (values.length === 0) {
      this.fail(key, `expected at least one number (${each}), found an empty list`);
    }
    if (values.length > MAX_UNITS) {
      this.fail(key, `expected at most ${MAX_UNITS} numbers, found ${values.length}`);
    }
    return values;
  }

  /** A list of equally long rows of finite numbers. */
  matrix(key: string, expected: string): Matrix {
    return readMatrix(this.fields[key], this.at(key), expected);
  }

  /** Nested lists `rank` deep, equally long at each level: their shape and row-major values. */
  array(key: string, rank: number, expected: string): { shape: number[]; data: number[] } {
    return readArray(this.fields[key], this.at(key), rank, expected);
  }

  /** Values read from `key` as a tensor of `dtype` (the model's precision when absent). */
  tensor(
    data: readonly number[],
    shape: readonly number[],
    key: string,
    dtype = this.dtype,
  ): Tensor {
    return dtype === 'float32' ? float32(data, shape, this.at(key)) : tensor(data, shape);
  }
}
