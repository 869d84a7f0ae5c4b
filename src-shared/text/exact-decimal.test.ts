import { describe, expect, it } from 'vitest';
import { exactDecimal, float64Parts, roundHalfEven, roundUp } from './exact-decimal.ts';

describe('float64Parts', () => {
  it('takes a double apart into mantissa · 2^exponent', () => {
    expect(float64Parts(1)).toEqual({
      negative: false,
      mantissa: 1n << 52n,
      exponent: -52,
      mantissaBit: 52,
      unequalMargins: true,
    });
    expect(float64Parts(-0.75)).toMatchObject({ negative: true, mantissa: 3n << 51n });
    expect(float64Parts(5e-324)).toMatchObject({ mantissa: 1n, exponent: -1074, mantissaBit: 0 });
    // The smallest normal: the gap below it is the subnormals' gap, the same as above.
    expect(float64Parts(2 ** -1022)).toMatchObject({ unequalMargins: false });
  });
});

describe('exactDecimal', () => {
  it('writes every digit of the binary value', () => {
    // Python: decimal.Decimal(0.1)
    expect(exactDecimal(0.1)).toEqual({
      digits: '1000000000000000055511151231257827021181583404541015625',
      exponent: -1,
    });
    expect(exactDecimal(-0.0625)).toEqual({ digits: '625', exponent: -2 });
    expect(exactDecimal(1e22)).toEqual({ digits: '1', exponent: 22 });
    expect(exactDecimal(2 ** 53 + 2)).toEqual({ digits: '9007199254740994', exponent: 15 });
    const tiny = exactDecimal(5e-324);
    expect([tiny.digits.slice(0, 12), tiny.digits.length, tiny.exponent]).toEqual([
      '494065645841',
      751,
      -324,
    ]);
  });
});

describe('roundHalfEven', () => {
  const round = (digits: string, p: number) => roundHalfEven({ digits, exponent: 0 }, p);

  it('rounds exact halves to the even digit and anything past a half up', () => {
    expect(round('125', 2)).toEqual({ digits: '12', exponent: 0 });
    expect(round('135', 2)).toEqual({ digits: '14', exponent: 0 });
    expect(round('1250001', 2)).toEqual({ digits: '13', exponent: 0 });
    expect(round('1249999', 2)).toEqual({ digits: '12', exponent: 0 });
    expect(round('12', 5)).toEqual({ digits: '12', exponent: 0 });
  });

  it('carries through nines into a new power of ten', () => {
    expect(round('1996', 3)).toEqual({ digits: '2', exponent: 0 });
    expect(round('9996', 3)).toEqual({ digits: '1', exponent: 1 });
  });
});

describe('roundUp', () => {
  it('adds one in the last place', () => {
    expect(roundUp({ digits: '1234', exponent: -2 })).toEqual({ digits: '1235', exponent: -2 });
    expect(roundUp({ digits: '1299', exponent: 3 })).toEqual({ digits: '13', exponent: 3 });
    expect(roundUp({ digits: '999', exponent: 3 })).toEqual({ digits: '1', exponent: 4 });
    expect(roundUp({ digits: '09', exponent: -8 })).toEqual({ digits: '1', exponent: -8 });
  });
});
