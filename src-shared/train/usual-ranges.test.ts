import { describe, expect, it } from 'vitest';
import { FEATURE_DEFAULTS, IMAGE_DEFAULTS } from './settings.ts';
import { formatSetting, learningRateAdvice, unusualSettings } from './usual-ranges.ts';

describe('usual ranges', () => {
  it('writes settings as a person types them', () => {
    expect([1e6, 0.05, 2.5e-7, 1e-4, 0.1, 3000, 1].map(formatSetting)).toEqual([
      '1e6',
      '0.05',
      '2.5e-7',
      '1e-4',
      '0.1',
      '3000',
      '1',
    ]);
  });

  it('asks about a learning rate far outside the optimizer’s range, and only then', () => {
    expect(unusualSettings(FEATURE_DEFAULTS)).toEqual([]);
    expect(unusualSettings(IMAGE_DEFAULTS)).toEqual([]);
    expect(unusualSettings({ ...FEATURE_DEFAULTS, learningRate: 0.5 })).toEqual([]); // 5× Adam's top
    expect(unusualSettings({ ...FEATURE_DEFAULTS, learningRate: 1e6 })).toEqual([
      {
        setting: 'learningRate',
        value: 1e6,
        question:
          'Train with learning rate 1e6? The usual range for Adam is 1e-4..0.1; 0.001 is a good start.',
      },
    ]);
    // SGD takes larger rates: 5 is within ten times its top.
    expect(unusualSettings({ ...IMAGE_DEFAULTS, learningRate: 5 })).toEqual([]);
    expect(unusualSettings({ ...IMAGE_DEFAULTS, learningRate: 1e-7 })[0]?.question).toBe(
      'Train with learning rate 1e-7? The usual range for SGD is 1e-4..1; 0.1 is a good start.',
    );
  });

  it('asks about weight decay and the inverse-time decay too', () => {
    const found = unusualSettings({ ...FEATURE_DEFAULTS, weightDecay: 0.5, decay: 1 });
    expect(found.map((f) => f.setting)).toEqual(['weightDecay', 'decay']);
    // The decay only matters to the inverse-time schedule.
    const constant = { ...FEATURE_DEFAULTS, schedule: 'constant' as const, decay: 1 };
    expect(unusualSettings(constant)).toEqual([]);
  });

  it('advises the usual range when far out, else a tenth or ten times the rate', () => {
    expect(learningRateAdvice({ optimizer: 'sgd', learningRate: 1e6 }, 'lower')).toBe(
      'learning rate 1e6 is far above the usual 1e-4..1 for SGD; try 0.1',
    );
    expect(learningRateAdvice({ optimizer: 'adam', learningRate: 0.05 }, 'lower')).toBe(
      'lower the learning rate (now 0.05); try 0.005',
    );
    expect(learningRateAdvice({ optimizer: 'adam', learningRate: 1e-3 }, 'higher')).toBe(
      'raise the learning rate (now 0.001); try 0.01',
    );
  });
});
