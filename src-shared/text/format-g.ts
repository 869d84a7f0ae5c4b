/**
 * Short, readable numbers for explanations: Python's `format(x, '.6g')`. At most 6 significant
 * digits, trailing zeros dropped, positional from 1e-4 up to 1e6 and scientific outside
 * (`1e-05`, `1.23457e+06`). Rounding is done on the exact binary value, with exact halves going
 * to the even digit as in C's printf, so `4.800000000000001` prints `4.8` and `2**-10` prints
 * `0.000976562`, character for character as Python does.
 */
import { exactDecimal, roundHalfEven } from './exact-decimal.ts';

/** Python's `format(x, f'.{digits}g')`; `-0.0` prints `-0` as in Python. */
export function formatG(x: number, digits = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return sign + '0';
  const p = Math.max(1, Math.floor(digits));
  const { digits: rounded, exponent } = roundHalfEven(exactDecimal(x), p);
  const d = rounded.replace(/0+$/, '');
  if (exponent >= -4 && exponent < p) {
    const whole = exponent >= 0 ? d.slice(0, exponent + 1).padEnd(exponent + 1, '0') : '0';
    const frac = exponent >= 0 ? d.slice(exponent + 1) : '0'.repeat(-exponent - 1) + d;
    return sign + whole + (frac ? '.' + frac : '');
  }
  const mantissa = d.length > 1 ? `${d[0]}.${d.slice(1)}` : d;
  const exp = String(Math.abs(exponent)).padStart(2, '0');
  return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${exp}`;
}

/**
 * `formatG` with `.0` on whole numbers (`1.0`, `-3.0`), the way Python's `repr` marks a
 * float: for values that are floats by nature (weights, sums, activations).
 */
export function formatGFloat(x: number, digits = 6): string {
  const g = formatG(x, digits);
  return /^-?\d+$/.test(g) ? g + '.0' : g;
}
