/** The one error a model file raises, and the pieces its messages are built from. */
import { describe } from '../tensor/tensor.ts';

/**
 * `path: expected X, found Y` as one line. `path` is the JSON path of the offending value
 * (`layers[1].weights`), or '' when the fault is the whole file (size, JSON syntax).
 */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
  readonly path: string;
  /** 1-based position in the text, when the fault is tied to one. */
  readonly line?: number;
  readonly column?: number;

  constructor(path: string, detail: string, position?: { line: number; column: number }) {
    super(path ? `${path}: ${detail}` : detail);
    this.path = path;
    this.line = position?.line;
    this.column = position?.column;
  }
}

export function fail(path: string, detail: string): never {
  throw new ModelFileError(path, detail);
}

/** A value as a message names it: `a list of 3`, `the text "conv"`, `nothing (the key is missing)`. */
export function found(value: unknown): string {
  return value === undefined ? 'nothing (the key is missing)' : describe(value);
}

/** A string in double quotes, cut short so a message stays readable. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? text.slice(0, 40) + '…' : text);
}

/** `layers` + 1 → `layers[1]`; `metadata` + `name` → `metadata.name`; odd keys go in brackets. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]{0,39}$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${quote(key)}]`;
}
