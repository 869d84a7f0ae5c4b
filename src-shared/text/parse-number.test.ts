import { describe, expect, it } from 'vitest';
import { parseNumber } from './parse-number.ts';

describe('parseNumber', () => {
  it.each([
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['+2', 2],
    ['1e-3', 0.001],
    ['1E3', 1000],
    ['2.5e+3', 2500],
    ['-.25', -0.25],
    ['0', 0],
    ['007', 7],
    ['  0.2\t', 0.2],
    ['\u00a03\u00a0', 3],
  ])('reads %j as %s', (text, value) => {
    expect(parseNumber(text)).toEqual({ value });
  });

  it('reads fractions as Number(a) / Number(b), like Python', () => {
    expect(parseNumber('1/3')).toEqual({ value: 1 / 3 });
    expect(parseNumber('-2/3')).toEqual({ value: -2 / 3 });
    expect(parseNumber(' 1 / 7 ')).toEqual({ value: 1 / 7 });
    expect(parseNumber('0.1/3')).toEqual({ value: 0.1 / 3 });
    expect(parseNumber('1/-4')).toEqual({ value: -0.25 });
    expect(parseNumber('1,5/2')).toEqual({ value: 0.75 });
  });

  it('reads a decimal comma and a unicode minus', () => {
    expect(parseNumber('0,5')).toEqual({ value: 0.5 });
    expect(parseNumber('-1,25')).toEqual({ value: -1.25 });
    expect(parseNumber('0,125')).toEqual({ value: 0.125 });
    expect(parseNumber('1,5e3')).toEqual({ value: 1500 });
    expect(parseNumber('\u22120.5')).toEqual({ value: -0.5 });
    expect(parseNumber('\u20132/3')).toEqual({ value: -2 / 3 });
    expect(parseNumber('1e\u22123')).toEqual({ value: 0.001 });
  });

  it('gives the correctly rounded double of long or extreme input', () => {
    expect(parseNumber('0.1000000000000000055511151231257827')).toEqual({ value: 0.1 });
    // Halfway between two doubles: ties go to the even mantissa.
    expect(parseNumber('9007199254740993')).toEqual({ value: 9007199254740992 });
    expect(parseNumber('2.2250738585072011e-308')).toEqual({ value: 2.225073858507201e-308 });
    expect(parseNumber('1.7976931348623157e308')).toEqual({ value: Number.MAX_VALUE });
    expect(parseNumber('1e-999')).toEqual({ value: 0 });
    expect(Object.is((parseNumber('-0') as { value: number }).value, -0)).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['abc', 'not a number'],
    ['1/0', 'division by zero'],
    ['0/0', 'division by zero'],
    ['1/0.0', 'division by zero'],
    ['1e999', 'too large: not a finite number'],
    ['-1e999', 'too large: not a finite number'],
    ['1e300/1e-300', 'too large: not a finite number'],
    ['NaN', 'NaN is not allowed: type a finite number'],
    ['nan', 'NaN is not allowed: type a finite number'],
    ['Infinity', 'infinity is not allowed: type a finite number'],
    ['-inf', 'infinity is not allowed: type a finite number'],
    ['∞', 'infinity is not allowed: type a finite number'],
    ['1..2', 'more than one decimal point'],
    ['1.2.3', 'more than one decimal point'],
    ['1,000,5', 'more than one decimal comma'],
    ['1,000.5', 'use a decimal point or a decimal comma, not both'],
    ['1,000', 'ambiguous: write 1.000 or 1000'],
    ['-12,500', 'ambiguous: write -12.500 or -12500'],
    ['1/2/3', 'more than one "/"'],
    ['1/', 'not a number'],
    ['/2', 'not a number'],
    ['.', 'not a number'],
    ['-', 'not a number'],
    ['1e', 'not a number'],
    ['e5', 'not a number'],
    ['0x10', 'not a number'],
    ['1_000', 'not a number'],
    ['- 5', 'not a number'],
    ['1 2', 'not a number'],
    ['5%', 'not a number'],
    ['1/abc', 'not a number'],
  ])('refuses %j: %s', (text, error) => {
    expect(parseNumber(text)).toEqual({ error });
  });
});
