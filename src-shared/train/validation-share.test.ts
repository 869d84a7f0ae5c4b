import { describe, expect, it } from 'vitest';
import type { TrainingRecord } from '../nn/model.ts';
import { IMAGE_DEFAULTS } from '../train/settings.ts';
import { DEFAULT_VALIDATION_SHARE, validationShareOf } from './validation-share.ts';

const trained = (validationSplit: number) =>
  ({ settings: { ...IMAGE_DEFAULTS, validationSplit } }) as unknown as TrainingRecord;

describe('validationShareOf', () => {
  it('reads the share the training record holds', () => {
    expect(validationShareOf(trained(0.2))).toBe(0.2);
    expect(validationShareOf(trained(0))).toBe(0);
  });

  it('falls back to the CLI’s default for a model never trained', () => {
    expect(DEFAULT_VALIDATION_SHARE).toBe(0.1);
    expect(validationShareOf(undefined)).toBe(0.1);
  });
});
