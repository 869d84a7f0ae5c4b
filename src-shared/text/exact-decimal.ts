/**
 * A double's exact value in decimal, for printers that must round it the way C and NumPy do
 * rather than the way `toFixed` does: its bits as mantissa · 2^exponent, every decimal digit of
 * that value, and rounding digit strings with exact halves going to the even digit. Used by
 * NumPy's printing (Dragon4, `numpy/format.ts`) and Python's `'.6g'` (`format-g.ts`).
 */

/** A finite float64 as mantissa · 2^exponent, the way dragon4.c takes it apart. */
export interface Float64Parts {
  negative: boolean;
  mantissa: bigint;
  exponent: number;
  /** Index of the highest set mantissa bit: 52, less for a subnormal. */
  mantissaBit: number;
  /** True at a power of two, where the gap to the next float up is twice the gap down. */
  unequalMargins: boolean;
}

/** Decimal digits and the power of ten of the first one: 0.0625 is `{ digits: '625', exponent: -2 }`. */
export interface Digits {
  digits: string;
  exponent: number;
}

export function float64Parts(x: number): Float64Parts {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const fraction = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  const biased = (high >>> 20) & 0x7ff;
  const negative = high >>> 31 === 1;
  if (biased === 0) {
    // Subnormal (or zero): no implicit leading bit.
    const mantissaBit = fraction.toString(2).length - 1;
    return { negative, mantissa: fraction, exponent: -1074, mantissaBit, unequalMargins: false };
  }
  return {
    negative,
    mantissa: fraction | (1n << 52n),
    exponent: biased - 1075,
    mantissaBit: 52,
    unequalMargins: biased !== 1 && fraction === 0n,
  };
}

/**
 * Every decimal digit of |x| for a finite non-zero double (no trailing zeros). A double is
 * mantissa · 2^e; for e < 0 that equals mantissa · 5^-e / 10^-e, so the digits are those of
 * one BigInt.
 */
export function exactDecimal(x: number): Digits {
  const { mantissa, exponent: e } = float64Parts(x);
  const all =
    e >= 0 ? (mantissa << BigInt(e)).toString() : (mantissa * 5n ** BigInt(-e)).toString();
  const pointShift = e >= 0 ? 0 : -e; // value = all / 10^pointShift
  return { digits: all.replace(/0+$/, ''), exponent: all.length - 1 - pointShift };
}

/**
 * Rounds to at most `p` significant digits; an exact half goes to the even digit. Trailing
 * zeros may remain when nothing is cut and are dropped when the last digit carries.
 */
export function roundHalfEven({ digits, exponent }: Digits, p: number): Digits {
  if (digits.length <= p) return { digits, exponent };
  const head = digits.slice(0, p);
  const first = digits[p]!;
  const beyondHalf = /[1-9]/.test(digits.slice(p + 1));
  const odd = Number(head.at(-1)) % 2 === 1;
  const up = first > '5' || (first === '5' && (beyondHalf || odd));
  return up ? roundUp({ digits: head, exponent }) : { digits: head, exponent };
}

/**
 * Adds one in the place of the last digit, carrying through trailing nines, which become
 * (dropped) zeros: 1299 → 13; 999 → 1, one power of ten up.
 */
export function roundUp({ digits, exponent }: Digits): Digits {
  const kept = digits.replace(/9+$/, '');
  if (kept === '') return { digits: '1', exponent: exponent + 1 };
  return { digits: kept.slice(0, -1) + (Number(kept.at(-1)) + 1), exponent };
}
