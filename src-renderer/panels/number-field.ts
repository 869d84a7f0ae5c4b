/**
 * What a number setting takes, as plain data, and why a typed entry is refused: a refused entry
 * keeps the old value and says why beside the field, never reverting in silence.
 */
import { parseNumber } from '../../src-shared/text/parse-number.ts';

export interface NumberRule {
  min?: number;
  max?: number;
  /** Whole numbers only (a spin box whose step is a whole number). */
  integer?: boolean;
  /** A further test, described by `accepts` ("a number ≥ 0"). */
  accept?: (value: number) => boolean;
  accepts?: string;
}

/** The value typed, or why it is refused, naming the field, the entry and the value kept. */
export function readNumberField(
  text: string,
  { min, max, integer, accept, accepts }: NumberRule,
  { label, kept }: { label: string; kept: number },
): { value: number } | { error: string } {
  const refused = (why: string) => ({
    error: `${label}: "${text}" refused, ${why}; kept ${kept}.`,
  });
  const parsed = parseNumber(text);
  if ('error' in parsed) return refused(parsed.error);
  const { value } = parsed;
  if (integer && !Number.isInteger(value)) return refused('it must be a whole number');
  if (min !== undefined && value < min) return refused(`it must be at least ${min}`);
  if (max !== undefined && value > max) return refused(`it must be at most ${max}`);
  if (accept && !accept(value)) return refused(`it must be ${accepts ?? 'another value'}`);
  return { value };
}
