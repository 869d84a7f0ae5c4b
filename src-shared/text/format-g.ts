/**
 * Short, readable numbers for explanations: Python's `format(x, '.6g')`. At most 6 significant
 * digits, trailing zeros dropped, positional from 1e-4 up to 1e6 and scientific outside
 * (`1e-05`, `1.23457e+06`). Rounding is done on the exact binary value, with exact halves going
 * to the even digit as in C's printf, so `4.800000000000001` prints `4.8` and `2**-10` prints
 * `0.000976562`, character for character as Python does.
 */

/** Python's `format(x, f'.{digits}g')`; `-0.0` prints `-0` as in Python. */
export function formatG(x: number, digits = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return sign + '0';
  const p = Math.max(1, Math.floor(digits));
  const exact = exactDecimal(Math.abs(x));
  const { digits: rounded, exponent } = roundHalfEven(exact.digits, exact.exponent, p);
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

/**
 * Every decimal digit of a positive finite double (no leading or trailing zeros) and the
 * power of ten of the first one. A double is mantissa · 2^e; for e < 0 that equals
 * mantissa · 5^-e / 10^-e, so the digits are those of one BigInt.
 */
function exactDecimal(x: number): { digits: string; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let e = -1074; // subnormal: no implicit leading bit
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    e = biased - 1075;
  }
  const all =
    e >= 0 ? (mantissa << BigInt(e)).toString() : (mantissa * 5n ** BigInt(-e)).toString();
  const pointShift = e >= 0 ? 0 : -e; // value = all / 10^pointShift
  return { digits: all.replace(/0+$/, ''), exponent: all.length - 1 - pointShift };
}

/** Rounds a digit string to `p` significant digits; an exact half goes to the even digit. */
function roundHalfEven(
  digits: string,
  exponent: number,
  p: number,
): { digits: string; exponent: number } {
  if (digits.length <= p) return { digits, exponent };
  const head = digits.slice(0, p);
  const first = digits[p]!;
  const beyondHalf = /[1-9]/.test(digits.slice(p + 1));
  const odd = Number(head.at(-1)) % 2 === 1;
  const up = first > '5' || (first === '5' && (beyondHalf || odd));
  if (!up) return { digits: head, exponent };
  const carried = (BigInt(head) + 1n).toString();
  // 999999 + 1: one digit more, so the first digit moves up a power of ten.
  return carried.length > p
    ? { digits: carried.slice(0, p), exponent: exponent + 1 }
    : { digits: carried, exponent };
}
