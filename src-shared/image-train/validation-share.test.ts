import { describe, expect, it } from 'vitest';
import { DEFAULT_VALIDATION_SHARE, validationShareOf } from './validation-share.ts';

describe('validationShareOf', () => {
  it('reads the share `weightcraft train --validation` recorded', () => {
    expect(validationShareOf({ 'trained.validationSplit': 0.2 })).toBe(0.2);
    expect(validationShareOf({ 'trained.validationSplit': 0 })).toBe(0);
  });

  it('falls back to the CLI’s default when absent or not a share', () => {
    expect(DEFAULT_VALIDATION_SHARE).toBe(0.1);
    expect(validationShareOf({})).toBe(0.1);
    for (const odd of ['0.2', -0.1, 1, Number.NaN, null, true]) {
      expect(validationShareOf({ 'trained.validationSplit': odd })).toBe(0.1);
    }
  });
});
