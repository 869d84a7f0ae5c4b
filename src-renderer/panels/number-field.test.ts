import { describe, expect, it } from 'vitest';
import { readNumberField } from './number-field.ts';

const field = { label: 'epochs', kept: 200 };

describe('readNumberField', () => {
  it('takes a number inside the rule', () => {
    expect(readNumberField('3', { min: 1, integer: true }, field)).toEqual({ value: 3 });
    expect(readNumberField('1e-3', { accept: (v) => v > 0 }, field)).toEqual({ value: 0.001 });
  });

  it('refuses "-3", "0" and "2.5" for a whole number from 1, saying why and what was kept', () => {
    const rule = { min: 1, integer: true };
    expect(readNumberField('-3', rule, field)).toEqual({
      error: 'epochs: "-3" refused, it must be at least 1; kept 200.',
    });
    expect(readNumberField('0', rule, field)).toEqual({
      error: 'epochs: "0" refused, it must be at least 1; kept 200.',
    });
    expect(readNumberField('2.5', rule, field)).toEqual({
      error: 'epochs: "2.5" refused, it must be a whole number; kept 200.',
    });
  });

  it('refuses text that is no number, and values outside max or the further test', () => {
    expect(readNumberField('abc', {}, field)).toMatchObject({ error: /^epochs: "abc" refused, / });
    expect(readNumberField('0.7', { max: 0.5 }, field)).toEqual({
      error: 'epochs: "0.7" refused, it must be at most 0.5; kept 200.',
    });
    expect(
      readNumberField('-1', { accept: (v) => v >= 0, accepts: 'a number ≥ 0' }, field),
    ).toEqual({ error: 'epochs: "-1" refused, it must be a number ≥ 0; kept 200.' });
  });
});
