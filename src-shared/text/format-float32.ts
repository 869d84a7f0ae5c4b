/**
 * The shortest decimal that reads back as the same float32: `Math.fround(0.1)` is written
 * `0.1`, not its float64 value `0.10000000149011612`. Model files write float32 tensors this
 * way; a reader that parses the decimal as float64 and rounds it to float32 gets x back.
 */

/** Significant digits that tell every float32 apart (FLT_DECIMAL_DIG). */
const MAX_DIGITS = 9;

const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);

/** `x` must be a float32 value (`Math.fround(x) === x`); non-finite values are refused. */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x) || Math.fround(x) !== x) {
    throw new RangeError(`${x} is not a finite float32 value`);
  }
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  asFloat[0] = x;
  // A normal power of two has a lopsided interval (half as wide below): see `lopsided`.
  const mantissa = bits[0]! & 0x7fffff;
  const exponent = (bits[0]! >>> 23) & 0xff;
  if (mantissa === 0 && exponent > 1) return lopsided(x);
  // Elsewhere the interval of decimals that read back as x is symmetric, so the nearest decimal
  // of p digits (toPrecision's) reads back if any does, and if it does at p it does at p + 1.
  const fits = (digits: number): string | null => {
    const text = x.toPrecision(digits);
    return Math.fround(Number(text)) === x ? text : null;
  };
  // Most float32 values need 8 or 9 digits: try 8, then 7, then halve the rest.
  const eight = fits(8);
  if (eight === null) return plain(x.toPrecision(MAX_DIGITS));
  let best = fits(7);
  if (best === null) return plain(eight);
  let low = 1;
  let high = 7;
  while (low < high) {
    const middle = (low + high) >> 1;
    const text = fits(middle);
    if (text === null) low = middle + 1;
    else {
      high = middle;
      best = text;
    }
  }
  return plain(best);
}

/** toPrecision's text without trailing zeros: "0.10000" → "0.1", "1.200e-7" → "1.2e-7". */
function plain(text: string): string {
  const at = text.indexOf('e');
  const mantissa = at === -1 ? text : text.slice(0, at);
  const exponent = at === -1 ? '' : text.slice(at);
  // Large whole numbers read better as JavaScript writes them: "1e+2" → "100".
  if (exponent.startsWith('e+') && Number(exponent.slice(2)) < 21) return String(Number(text));
  if (!mantissa.includes('.')) return text;
  return mantissa.replace(/\.?0+$/, '') + exponent;
}

/**
 * At a power of two the nearest decimal can miss the interval on its narrow side while the
 * next one up is inside, so each length tries the nearest decimal and its two neighbours.
 */
function lopsided(x: number): string {
  const sign = x < 0 ? -1 : 1;
  for (let digits = 1; digits <= MAX_DIGITS; digits++) {
    // The nearest decimal of this many digits, as mantissa × 10^exponent.
    const [mantissa, exponent] = Math.abs(x)
      .toExponential(digits - 1)
      .split('e') as [string, string];
    const m = Number(mantissa.replace('.', ''));
    const e = Number(exponent) - (digits - 1);
    for (const k of [m, m - 1, m + 1]) {
      const value = sign * Number(`${k}e${e}`);
      if (Math.fround(value) === x) return String(value);
    }
  }
  throw new Error(`no ${MAX_DIGITS}-digit decimal reads back as ${x}`);
}
