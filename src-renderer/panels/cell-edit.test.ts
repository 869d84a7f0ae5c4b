import { describe, expect, it } from 'vitest';
import {
  cellText,
  classifyPaste,
  commitText,
  fullText,
  idle,
  refusalMessage,
  shortText,
  typeText,
} from './cell-edit.ts';

describe('cell editing state', () => {
  it('commits a typed number and returns to idle', () => {
    const typed = typeText(idle, 'w-1-2', '1/4');
    expect(commitText(typed, 'w-1-2')).toEqual({ state: idle, kind: 'value', value: 0.25 });
  });

  it('accepts what parseNumber accepts: decimal comma, unicode minus, exponent', () => {
    const commit = (text: string) => commitText(typeText(idle, 'k', text), 'k');
    expect(commit('0,5')).toMatchObject({ kind: 'value', value: 0.5 });
    expect(commit('\u22120.5')).toMatchObject({ kind: 'value', value: -0.5 });
    expect(commit('1e-3')).toMatchObject({ kind: 'value', value: 0.001 });
  });

  it('refuses an invalid draft, keeping its text and the reason', () => {
    const typed = typeText(idle, 'b-0', 'abc');
    const result = commitText(typed, 'b-0');
    expect(result.kind).toBe('refused');
    if (result.kind !== 'refused') return;
    expect(result.reason).toBe('not a number');
    expect(result.state.draft).toEqual({ key: 'b-0', text: 'abc' });
    expect(result.state.refused).toEqual({ key: 'b-0', reason: 'not a number' });
    expect(cellText(result.state, 'b-0', 0.5, false)).toBe('abc');
  });

  it('has nothing to commit for a cell that was not typed into', () => {
    const typed = typeText(idle, 'w-0-0', '3');
    expect(commitText(typed, 'w-0-1')).toEqual({ state: typed, kind: 'unchanged' });
    expect(commitText(idle, 'w-0-1')).toEqual({ state: idle, kind: 'unchanged' });
  });

  it('drops a refused draft elsewhere when typing into another cell', () => {
    const refused = commitText(typeText(idle, 'a', 'x'), 'a').state;
    expect(typeText(refused, 'b', '1')).toEqual({ draft: { key: 'b', text: '1' }, refused: null });
  });

  it('clears the refusal as soon as the learner types again', () => {
    const refused = commitText(typeText(idle, 'a', 'x'), 'a').state;
    expect(typeText(refused, 'a', 'x1').refused).toBeNull();
  });
});

describe('cell text', () => {
  it('shows short numbers, full precision while focused, and the draft while typing', () => {
    expect(cellText(idle, 'k', 0.1764052345967664, false)).toBe('0.1764');
    expect(cellText(idle, 'k', 0.1764052345967664, true)).toBe('0.1764052345967664');
    expect(cellText(typeText(idle, 'k', '0.'), 'k', 0.17, true)).toBe('0.');
    expect(cellText(typeText(idle, 'other', '0.'), 'k', 0.17, false)).toBe('0.17');
  });

  it('reads like Python for the notebook values', () => {
    expect(shortText(-0.26)).toBe('-0.26');
    expect(shortText(2.385)).toBe('2.385');
    expect(shortText(4.800000000000001)).toBe('4.8');
    expect(shortText(0)).toBe('0');
    expect(shortText(1e-5)).toBe('1e-05');
    expect(fullText(-0)).toBe('0');
    expect(fullText(1 / 3)).toBe('0.3333333333333333');
  });

  it('names the cell, the text and the reason in a refusal', () => {
    expect(refusalMessage('W[1][2]', 'abc', 'not a number')).toBe(
      'W[1][2] = "abc" refused: not a number. Fix it, or press Escape to restore the value.',
    );
    expect(refusalMessage('b[0]', 'x'.repeat(30), 'not a number')).toContain(
      '"' + 'x'.repeat(24) + '…"',
    );
  });
});

describe('classifyPaste', () => {
  it('lets one number paste into the cell like typing', () => {
    expect(classifyPaste('0.5')).toEqual({ kind: 'single' });
    expect(classifyPaste(' 0,5 \n')).toEqual({ kind: 'single' });
    expect(classifyPaste('[0.5]')).toEqual({ kind: 'single' });
  });

  it('reads several numbers as a matrix', () => {
    expect(classifyPaste('[[0.2, 0.8], [0.5, -0.91]]')).toEqual({
      kind: 'matrix',
      rows: [
        [0.2, 0.8],
        [0.5, -0.91],
      ],
    });
    expect(classifyPaste('1\t2\n3\t4\n')).toEqual({
      kind: 'matrix',
      rows: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(classifyPaste('[2.0, 3.0, 0.5]')).toEqual({ kind: 'matrix', rows: [[2, 3, 0.5]] });
  });

  it('reports a broken matrix and leaves a broken single token to the cell', () => {
    const broken = classifyPaste('[[1, 2], [3]]');
    expect(broken.kind).toBe('error');
    expect(classifyPaste('abc')).toEqual({ kind: 'single' });
  });
});
