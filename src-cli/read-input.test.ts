import { describe, expect, it } from 'vitest';
import { parseInputs } from './read-input.ts';

describe('JSON inputs go through the model file reader', () => {
  it('reads a batch and a single sample', () => {
    expect(parseInputs('\n [[1, 2], [3, 4.5]]\n', 'x.json').tensor.shape).toEqual([2, 2]);
    expect(parseInputs('[1, 2, 3]', 'x.json').tensor.shape).toEqual([3]);
  });

  it('names the line and column of a syntax error after the file', () => {
    expect(() => parseInputs('\n[[1, 2],\n [3, 4,]]', 'x.json')).toThrow(
      "x.json: line 3, column 8: expected a value, found ']' (a comma before a closing bracket is not allowed)",
    );
  });

  it('refuses a 1,000,000-deep list at level 65 in one line (it overflowed the stack)', () => {
    const text = '['.repeat(1_000_000) + '1' + ']'.repeat(1_000_000);
    expect(() => parseInputs(text, 'deep.json')).toThrow(
      `deep.json: ${'[0]'.repeat(64)}: nesting deeper than 64 levels at line 1, column 65`,
    );
  });
});
