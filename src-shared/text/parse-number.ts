/**
 * One number as a learner types it in a cell: `-0.5`, `.5`, `5.`, `+2`, `1e-3`, `1/3`,
 * a decimal comma (`0,5`), a unicode minus (`−0.5`). Anything else is refused with a short
 * reason, shown under the cell (so the reason does not repeat the text).
 *
 * The value is the correctly rounded double of what was typed: the text is normalised to
 * JavaScript's decimal syntax and read by `Number()`; a fraction is `Number(a) / Number(b)`,
 * the same double as Python's `a / b`.
 */

export type ParsedNumber = { value: number } | { error: string };

/** Optional sign, digits with at most one point (`5.` and `.5` included), optional exponent. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** U+2212 minus (typography, math fonts) and U+2013 en dash (word processors' autocorrect). */
const MINUS_SIGNS = /[\u2212\u2013]/g;

/** `1,000`: a thousands separator in English, one in German. */
const THOUSANDS = /^([+-]?[1-9]\d{0,2}),(\d{3})(?=$|[eE])/;

const NOT_FINITE = 'too large: not a finite number';

export function parseNumber(text: string): ParsedNumber {
  const plain = text.trim();
  // Fast path for the usual case: a pasted matrix can hold a million cells.
  if (DECIMAL.test(plain)) {
    const value = Number(plain);
    return Number.isFinite(value) ? { value } : { error: NOT_FINITE };
  }
  const s = plain.replace(MINUS_SIGNS, '-');
  if (s === '') return { error: 'empty' };
  const parts = s.split('/');
  if (parts.length > 2) return { error: 'more than one "/"' };
  if (parts.length === 1) return parseDecimal(s);

  const [top, bottom] = parts.map((p) => parseDecimal(p.trim())) as [ParsedNumber, ParsedNumber];
  if ('error' in top) return top;
  if ('error' in bottom) return bottom;
  if (bottom.value === 0) return { error: 'division by zero' };
  const value = top.value / bottom.value;
  return Number.isFinite(value) ? { value } : { error: NOT_FINITE };
}

/** A number without `/`: the decimal syntax above, with a point or a single decimal comma. */
function parseDecimal(s: string): ParsedNumber {
  if (s === '') return { error: 'not a number' };
  const word = s.replace(/^[+-]/, '').toLowerCase();
  if (word === 'nan') return { error: 'NaN is not allowed: type a finite number' };
  if (word === 'inf' || word === 'infinity' || word === '∞') {
    return { error: 'infinity is not allowed: type a finite number' };
  }
  const points = count(s, '.');
  const commas = count(s, ',');
  if (points > 0 && commas > 0)
    return { error: 'use a decimal point or a decimal comma, not both' };
  if (points > 1) return { error: 'more than one decimal point' };
  if (commas > 1) return { error: 'more than one decimal comma' };
  const thousands = THOUSANDS.exec(s);
  if (thousands) {
    const [, whole, frac] = thousands;
    return { error: `ambiguous: write ${whole}.${frac} or ${whole}${frac}` };
  }
  const normal = s.replace(',', '.');
  if (!DECIMAL.test(normal)) return { error: 'not a number' };
  const value = Number(normal);
  return Number.isFinite(value) ? { value } : { error: NOT_FINITE };
}

function count(s: string, char: string): number {
  let n = 0;
  for (const c of s) if (c === char) n++;
  return n;
}
