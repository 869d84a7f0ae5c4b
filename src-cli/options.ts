/** Reading option values: each mistake is a UsageError naming the flag and what it expected. */
import { UsageError } from './usage.ts';

/** Comma-separated items, none empty: `4,5,2`. */
export function parseList(text: string, flag: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new UsageError(`${flag}: empty item in "${text}"`);
  return items;
}

/** A whole number from 0 to `max`. */
export function parseWhole(text: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new UsageError(`${flag}: expected a whole number ≥ 0, found "${text}"`);
  }
  if (value > max) throw new UsageError(`${flag}: expected at most ${max}, found ${text}`);
  return value;
}

export interface NumberRange {
  /** Smallest allowed value, and whether it is allowed itself. */
  min: number;
  minOpen?: boolean;
  max?: number;
  maxOpen?: boolean;
  /** How the range reads in the message: "a number > 0". */
  expected: string;
}

/** A finite decimal number (`0.05`, `5e-7`) inside a range. */
export function parseNumber(text: string, flag: string, range: NumberRange): number {
  const value = Number(text);
  const number = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text.trim());
  const { min, minOpen = false, max = Infinity, maxOpen = false } = range;
  const inside = (minOpen ? value > min : value >= min) && (maxOpen ? value < max : value <= max);
  if (!number || !Number.isFinite(value) || !inside) {
    throw new UsageError(`${flag}: expected ${range.expected}, found "${text}"`);
  }
  return value;
}

/** One of a few words. */
export function parseChoice<T extends string>(
  text: string,
  flag: string,
  choices: readonly T[],
): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`${flag}: expected ${choices.join(' or ')}, found "${text}"`);
  }
  return text as T;
}
