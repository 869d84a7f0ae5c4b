/**
 * NumPy's `print(array)` and Python's `repr(float)`, character for character.
 *
 * A port of numpy/_core/arrayprint.py (`_formatArray`, `_extendLine`,
 * `FloatingFormat.fillFormat`) and of the Dragon4 digit generator in
 * numpy/_core/src/multiarray/dragon4.c, with NumPy 2's default print options.
 * Digits come from the exact binary value in BigInt arithmetic, so rounding at
 * the cut-off (ties to even) matches NumPy rather than `toFixed`.
 */
import type { Tensor } from '../tensor/tensor.ts';
import { float64Parts, roundUp, type Digits, type Float64Parts } from '../text/exact-decimal.ts';

/** `np.get_printoptions()` defaults. */
const PRECISION = 8;
const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** ln 2 / ln 10 as dragon4.c spells it; its estimate of the first digit must match NumPy's. */
const LOG10_2 = 0.3010299956639812;

/**
 * How trailing zeros are treated, as in `np.format_float_positional`:
 * 'k' keeps them (pads to minDigits), '.' trims them but keeps the point,
 * '0' leaves one zero after the point, '-' drops the point too.
 */
type Trim = 'k' | '.' | '0' | '-';

interface FloatOptions {
  /** At most this many digits after the point (-1: as many as uniqueness needs). */
  precision: number;
  /** At least this many digits after the point, even past uniqueness (-1: none). */
  minDigits: number;
  trim: Trim;
  /** Width left of the point, sign included; shorter output is space-padded. */
  padLeft: number;
  /** Width right of the point (positional only). */
  padRight: number;
  /** Minimum exponent digits (scientific only; -1 means 2). */
  expDigits: number;
}

const UNPADDED = { padLeft: -1, padRight: -1, expDigits: -1 };

/**
 * Dragon4 in its "unique" digit mode: the shortest digits that read back as
 * the same float, but never past `cutoffMax` and never short of `cutoffMin`
 * ('total' counts significant digits, 'fraction' digits after the point).
 * Returns the digits and the power of ten of the first one.
 */
function dragon4(
  f: Float64Parts,
  mode: 'total' | 'fraction',
  cutoffMax: number,
  cutoffMin: number,
): Digits {
  if (f.mantissa === 0n) return { digits: '0', exponent: 0 };
  // value = scaled / scale; the margins are half the gaps to the neighbouring floats.
  const extra = f.unequalMargins ? 2 : 1;
  const e = f.exponent;
  let scaled = f.mantissa << BigInt(e > 0 ? e + extra : extra);
  let scale = 1n << BigInt(e > 0 ? extra : extra - e);
  let marginLow = e > 0 ? 1n << BigInt(e) : 1n;
  const highFactor = f.unequalMargins ? 2n : 1n;

  // Burger & Dybvig's estimate of floor(log10(value)) + 1: right or one too low.
  let digitExponent = Math.ceil((f.mantissaBit + e) * LOG10_2 - 0.69);
  if (cutoffMax >= 0 && mode === 'fraction' && digitExponent <= -cutoffMax) {
    digitExponent = -cutoffMax + 1; // below the last printed place: round from there
  }
  if (digitExponent > 0) scale *= 10n ** BigInt(digitExponent);
  else if (digitExponent < 0) {
    const pow10 = 10n ** BigInt(-digitExponent);
    scaled *= pow10;
    marginLow *= pow10;
  }
  if (scaled >= scale) digitExponent += 1;
  else {
    scaled *= 10n;
    marginLow *= 10n;
  }

  const exponent = digitExponent - 1;
  let maxExponent = -Infinity; // the place of the last digit we may print
  if (cutoffMax >= 0) maxExponent = mode === 'total' ? digitExponent - cutoffMax : -cutoffMax;
  let minExponent = digitExponent; // the place of the last digit we must print
  if (cutoffMin >= 0) {
    minExponent = Math.min(minExponent, mode === 'total' ? digitExponent - cutoffMin : -cutoffMin);
  }

  // Round-half-even on the value's neighbours: an even mantissa owns its boundaries.
  const isEven = (f.mantissa & 1n) === 0n;
  let digits = '';
  let digit: number;
  let low: boolean;
  let high: boolean;
  for (;;) {
    digitExponent -= 1;
    digit = Number(scaled / scale);
    scaled %= scale;
    const scaledHigh = scaled + marginLow * highFactor;
    low = isEven ? scaled <= marginLow : scaled < marginLow;
    high = isEven ? scaledHigh >= scale : scaledHigh > scale;
    if (((low || high) && digitExponent <= minExponent) || digitExponent === maxExponent) break;
    digits += digit;
    scaled *= 10n;
    marginLow *= 10n;
  }

  // Round the last digit to the nearest; an exact half goes to the even digit.
  let roundDown = low;
  if (low === high) {
    const twice = scaled * 2n;
    roundDown = twice < scale || (twice === scale && digit % 2 === 0);
  }
  const last = { digits: digits + digit, exponent };
  return roundDown ? last : roundUp(last);
}

/** Trims or pads the digits after the point as `o.trim` asks. */
function fractionDigits(frac: string, o: FloatOptions): string {
  if (o.trim === '0' && frac === '') return '0';
  if (o.trim === 'k') return frac.padEnd(Math.max(o.minDigits, 0), '0');
  if (frac === '') return frac;
  const trimmed = frac.replace(/0+$/, '');
  return trimmed === '' && o.trim === '0' ? '0' : trimmed;
}

/** `np.format_float_positional` (unique digits, fractional precision), as dragon4.c's FormatPositional. */
function positional(x: number, o: FloatOptions): string {
  const f = float64Parts(x);
  const sign = f.negative ? '-' : '';
  const { digits, exponent } = dragon4(f, 'fraction', o.precision, o.minDigits);
  let whole = '0';
  let frac = '0'.repeat(Math.max(0, -exponent - 1)) + digits;
  if (exponent >= 0) {
    whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    frac = digits.slice(exponent + 1);
  }
  frac = fractionDigits(frac, o);
  const point = frac === '' && o.trim === '-' ? '' : '.';
  let right = '';
  if (o.padRight >= frac.length) {
    right = (point === '' ? ' ' : '') + ' '.repeat(o.padRight - frac.length);
  }
  const left = ' '.repeat(Math.max(0, o.padLeft - whole.length - sign.length));
  return left + sign + whole + point + frac + right;
}

/** `np.format_float_scientific` (unique digits), as dragon4.c's FormatScientific. */
function scientific(x: number, o: FloatOptions): string {
  const f = float64Parts(x);
  const sign = f.negative ? '-' : '';
  const { digits, exponent } = dragon4(
    f,
    'total',
    o.precision < 0 ? -1 : o.precision + 1,
    o.minDigits < 0 ? -1 : o.minDigits + 1,
  );
  // Unlike positional, '-' keeps the point when trimming empties the fraction.
  const point = digits.length === 1 && o.trim === '-' ? '' : '.';
  const frac = fractionDigits(digits.slice(1), o);
  const expDigits = o.expDigits < 0 ? 2 : Math.min(o.expDigits, 5);
  const exp = (exponent < 0 ? 'e-' : 'e+') + String(Math.abs(exponent)).padStart(expDigits, '0');
  const left = ' '.repeat(Math.max(0, o.padLeft - 1 - sign.length));
  return left + sign + digits[0] + point + frac + exp;
}

/**
 * Python's `repr(float)`: the shortest digits that read back as `x`, in
 * positional form between 1e-4 and 1e16 and scientific outside it. The same
 * text as `str(np.float64(x))`, which is also what a 0-d array prints.
 */
export function formatPythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const abs = Math.abs(x);
  if (abs === 0 || (abs >= 1e-4 && abs < 1e16)) {
    return positional(x, { precision: -1, minDigits: -1, trim: '0', ...UNPADDED });
  }
  return scientific(x, { precision: -1, minDigits: -1, trim: '-', ...UNPADDED });
}

/** Python's `print(list_of_floats)`: `[4.8, 1.21, 2.385]`. */
export function formatPythonList(values: readonly number[]): string {
  return `[${values.map(formatPythonFloat).join(', ')}]`;
}

/**
 * NumPy's `FloatingFormat`: one pass over the values fixes the notation and
 * the widths so that every element prints in a column of the same width.
 */
function floatFormatter(values: readonly number[]): (x: number) => string {
  const finite = values.filter(Number.isFinite);
  let max = 0;
  let min = Infinity;
  for (const v of finite) {
    const abs = Math.abs(v);
    if (abs === 0) continue;
    max = Math.max(max, abs);
    min = Math.min(min, abs);
  }
  // Scientific when the numbers are big, tiny, or too far apart to share a column.
  const expFormat = min !== Infinity && (max >= 1e8 || min < 1e-4 || max / min > 1000);

  const o: FloatOptions = { precision: PRECISION, minDigits: -1, trim: '.', ...UNPADDED };
  let padLeft = 0;
  let padRight = 0;
  const longest = (parts: string[]): number => Math.max(...parts.map((s) => s.length));
  if (expFormat) {
    const strs = finite.map((x) => scientific(x, o).split('e') as [string, string]);
    const mantissas = strs.map(([m]) => m.split('.') as [string, string]);
    const expSize = longest(strs.map(([, e]) => e)) - 1;
    o.precision = o.minDigits = longest(mantissas.map(([, frac]) => frac));
    o.trim = 'k';
    o.expDigits = expSize;
    padLeft = longest(mantissas.map(([whole]) => whole));
    padRight = expSize + 2 + o.precision; // only needed for the width of nan and inf
  } else if (finite.length > 0) {
    const parts = finite.map((x) => positional(x, o).split('.') as [string, string]);
    padLeft = longest(parts.map(([whole]) => whole));
    padRight = longest(parts.map(([, frac]) => frac));
    o.minDigits = 0;
  }
  if (finite.length !== values.length) {
    // nan and inf right-align in the same column, which may need widening.
    const negInf = values.some((v) => v === -Infinity) ? 1 : 0;
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + negInf - (padRight + 1));
  }
  o.padLeft = padLeft;
  o.padRight = expFormat ? -1 : padRight;

  return (x) => {
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
      return text.padStart(padLeft + padRight + 1);
    }
    return expFormat ? scientific(x, o) : positional(x, o);
  };
}

/** The edge items `_leading_trailing` keeps for a summarised array, in row-major order. */
function edgeValues(t: Tensor, strides: readonly number[]): number[] {
  const out: number[] = [];
  const visit = (axis: number, offset: number): void => {
    if (axis === t.shape.length) {
      out.push(t.data[offset]!);
      return;
    }
    const n = t.shape[axis]!;
    for (let i = 0; i < n; i++) {
      if (n > 2 * EDGE_ITEMS && i === EDGE_ITEMS) i = n - EDGE_ITEMS;
      visit(axis + 1, offset + i * strides[axis]!);
    }
  };
  visit(0, 0);
  return out;
}

/** Appends `word` to `line`, first breaking the line if it would pass `width` and breaking helps. */
function extendLine(s: string, line: string, word: string, width: number, indent: string) {
  if (line.length + word.length > width && line.length > indent.length) {
    return { s: s + line.trimEnd() + '\n', line: indent + word };
  }
  return { s, line: line + word };
}

/** The print options a caller may set, as `np.printoptions(threshold=…, linewidth=…)` would. */
export interface PrintOptions {
  /** Arrays of more elements than this are summarised with '...' (NumPy: 1000; Infinity: never). */
  threshold?: number;
  /** Lines break before passing this many characters (NumPy: 75). */
  lineWidth?: number;
}

/**
 * `print(array)` for a float tensor of any rank: `str(arr)`, i.e.
 * `np.array2string(arr, separator=' ')`, with the default print options or those given.
 * Float32 tensors print their values as float64 ones would.
 */
export function formatArray(t: Tensor, options: PrintOptions = {}): string {
  const { threshold = THRESHOLD, lineWidth = LINE_WIDTH } = options;
  const { shape, data } = t;
  if (shape.length === 0) return formatPythonFloat(data[0]!);
  if (data.length === 0) return '[]';

  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const summarise = data.length > threshold;
  const format = floatFormatter(summarise ? edgeValues(t, strides) : Array.from(data));
  const ndim = shape.length;

  // `_formatArray`'s recurser: each level indents one more and has one less column (for its ']').
  const recurse = (axis: number, offset: number, indent: string, width: number): string => {
    if (axis === ndim) return format(data[offset]!);
    const n = shape[axis]!;
    const item = (i: number) =>
      recurse(axis + 1, offset + i * strides[axis]!, indent + ' ', width - 1);
    const showSummary = summarise && 2 * EDGE_ITEMS < n;
    const leading = showSummary ? EDGE_ITEMS : 0;
    const trailing = showSummary ? EDGE_ITEMS : n;
    let s = '';
    if (axis === ndim - 1) {
      // The last axis wraps its elements, leaving room for the closing ']'.
      const elemWidth = width - 1;
      let acc = { s, line: indent };
      const put = (word: string, separator: string) => {
        acc = extendLine(acc.s, acc.line, word, elemWidth, indent);
        acc.line += separator;
      };
      for (let i = 0; i < leading; i++) put(item(i), ' ');
      if (showSummary) put('...', ' ');
      for (let i = trailing; i > 1; i--) put(item(n - i), ' ');
      put(item(n - 1), '');
      s = acc.s + acc.line;
    } else {
      // Outer axes put each sub-array on its own line, with blank lines between 3-D blocks.
      const lineSep = '\n'.repeat(ndim - axis - 1);
      for (let i = 0; i < leading; i++) s += indent + item(i) + lineSep;
      if (showSummary) s += indent + '...' + lineSep;
      for (let i = trailing; i > 1; i--) s += indent + item(n - i) + lineSep;
      s += indent + item(n - 1);
    }
    return '[' + s.slice(indent.length) + ']';
  };
  return recurse(0, 0, ' ', lineWidth);
}
