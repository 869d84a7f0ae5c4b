import { describe, expect, it } from 'vitest';
import { classNames, describeProbabilities, formatPercent } from './probabilities.ts';

describe('class probabilities', () => {
  it('takes the class names from trained.classes, else numbers them', () => {
    expect(classNames({ 'trained.classes': '["Cat","Dog"]' }, 2)).toEqual(['Cat', 'Dog']);
    expect(classNames({}, 3)).toEqual(['class 0', 'class 1', 'class 2']);
    expect(classNames({ 'trained.classes': '["Cat"]' }, 2)).toEqual(['class 0', 'class 1']);
    expect(classNames({ 'trained.classes': 'not json' }, 1)).toEqual(['class 0']);
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
