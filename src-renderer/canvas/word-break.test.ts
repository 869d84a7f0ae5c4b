import { describe, expect, it } from 'vitest';
import { breakLongWords, breakWord } from './word-break.ts';

// Widths in characters: every letter as wide as the next, so the balanced break is the middle.
const chars = (line: string) => line.length;

describe('breakWord', () => {
  it('breaks a camel-case word where a capital follows a small letter, the two lines balanced', () => {
    expect(breakWord('GlobalAvgPool', chars)).toEqual(['Global', 'AvgPool']);
    expect(breakWord('LeakyReLU', chars)).toEqual(['Leaky', 'ReLU']);
    expect(breakWord('MaxPool2D', chars)).toEqual(['Max', 'Pool2D']);
    expect(breakWord('BatchNorm', chars)).toEqual(['Batch', 'Norm']);
  });

  it('takes the measured widths, not the letters, to balance the lines', () => {
    // A wide "o": by width "GlobalAvg" / "Pool" (14 / 14) beats "Global" / "AvgPool" (11 / 17).
    const wideO = (line: string) => line.length + 4 * (line.match(/o/g)?.length ?? 0);
    expect(breakWord('GlobalAvgPool', wideO)).toEqual(['GlobalAvg', 'Pool']);
  });

  it('hyphenates a word of letters alone between syllables, three letters a side or more', () => {
    expect(breakWord('Concatenate', chars)).toEqual(['Con-', 'catenate']);
    expect(breakWord('Sigmoid', chars)).toEqual(['Sig-', 'moid']);
    expect(breakWord('Dropout', chars)).toBeNull();
    expect(breakWord('Dense', chars)).toBeNull();
    expect(breakWord('Conv2D', chars)).toBeNull();
    expect(breakWord('(128)', chars)).toBeNull();
  });
});

describe('breakLongWords', () => {
  it('breaks the widest word while that narrows the widest line', () => {
    expect(breakLongWords('GlobalAvgPool', chars)).toBe('Global\nAvgPool');
    expect(breakLongWords('Softmax (10)', chars)).toBe('Soft-\nmax (10)');
  });

  it('leaves a text whose widest word cannot break as it is', () => {
    expect(breakLongWords('Image input', chars)).toBe('Image input');
    expect(breakLongWords('Conv2D', chars)).toBe('Conv2D');
  });
});
