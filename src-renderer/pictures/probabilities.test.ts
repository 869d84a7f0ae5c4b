import { describe, expect, it } from 'vitest';
import type { TrainingRecord } from '../../src-shared/nn/model.ts';
import { classNames, describeProbabilities, formatPercent } from './probabilities.ts';

describe('class probabilities', () => {
  it('takes the class names from the training record, else from the data, else has none', () => {
    const trained = (names: string[] | null) => ({ classNames: names }) as TrainingRecord;
    expect(classNames(trained(['Cat', 'Dog']), 2, ['a', 'b'])).toEqual(['Cat', 'Dog']);
    // An untrained template: the loaded folder's subfolders name its classes.
    expect(classNames(undefined, 2, ['cat', 'dog'])).toEqual(['cat', 'dog']);
    expect(classNames(trained(['Cat']), 2, ['cat', 'dog'])).toEqual(['cat', 'dog']);
    expect(classNames(undefined, 3, ['cat', 'dog'])).toBeNull();
    expect(classNames(trained(null), 1)).toBeNull();
  });

  it('numbers the classes it has no names for', () => {
    const { classes } = describeProbabilities([0.4, 0.6], []);
    expect(classes.map((c) => c.name)).toEqual(['0', '1']);
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
