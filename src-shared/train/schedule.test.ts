import { describe, expect, it } from 'vitest';
import { learningRateAt, oneCycle } from './schedule.ts';

describe('oneCycle', () => {
  it('warms up linearly, peaks, then falls to near zero', () => {
    const total = 100;
    const lr = (step: number, anneal: 'cos' | 'linear' = 'cos') =>
      oneCycle(step, total, 0.1, { anneal });
    expect(lr(0)).toBeCloseTo(0.004, 9);
    expect(lr(15)).toBeCloseTo(0.004 + (0.096 * 15) / 30, 9);
    expect(lr(30)).toBeCloseTo(0.1, 9);
    expect(lr(99)).toBeCloseTo(0.004 / 1e4, 9);
    expect(lr(99, 'linear')).toBeCloseTo(0.004 / 1e4, 9);
    expect(lr(64.5, 'linear')).toBeCloseTo((0.1 + 0.004 / 1e4) / 2, 9);
    for (let s = 31; s < total; s++) expect(lr(s)).toBeLessThan(lr(s - 1));
  });
});

describe('learningRateAt', () => {
  const base = { learningRate: 0.5, decay: 0.1, totalSteps: 10 };
  it('inverse-time is nnfs’s lr · 1 / (1 + decay · t), constant keeps lr', () => {
    expect(learningRateAt({ ...base, schedule: 'inverse-time' }, 3)).toBe(0.5 * (1 / 1.3));
    expect(learningRateAt({ ...base, schedule: 'constant' }, 3)).toBe(0.5);
    expect(learningRateAt({ ...base, schedule: 'one-cycle' }, 3)).toBe(oneCycle(3, 10, 0.5));
  });
});
