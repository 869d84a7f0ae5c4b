import { describe, expect, it } from 'vitest';
import type { TrainingRecord } from '../../src-shared/nn/model.ts';
import { classNames, describeProbabilities, formatPercent } from './probabilities.ts';

describe('class probabilities', () => {
  it('takes the class names from the training record, else numbers them', () => {
    const trained = (names: string[] | null) => ({ classNames: names }) as TrainingRecord;
    expect(classNames(trained(['Cat', 'Dog']), 2)).toEqual(['Cat', 'Dog']);
    expect(classNames(undefined, 3)).toEqual(['class 0', 'class 1', 'class 2']);
    expect(classNames(trained(['Cat']), 2)).toEqual(['class 0', 'class 1']);
    expect(classNames(trained(null), 1)).toEqual(['class 0']);
  });

  it('prints percentages with one decimal', () => {
    expect(formatPercent(0.97312)).toBe('97.3%');
    expect(formatPercent(0)).toBe('0.0%');
    expect(formatPercent(1)).toBe('100.0%');
    expect(formatPercent(0.00001)).toBe('<0.1%');
    expect(formatPercent(0.99999)).toBe('>99.9%');
  });

  it('names the most likely class', () => {
    const { classes, best } = describeProbabilities([0.027, 0.973], ['Cat', 'Dog']);
    expect(best).toBe(1);
    expect(classes.map((c) => `${c.name} ${c.text}`)).toEqual(['Cat 2.7%', 'Dog 97.3%']);
  });
});
