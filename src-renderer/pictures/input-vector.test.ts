import { describe, expect, it } from 'vitest';
import { inputNodesLabel, stripBins } from './input-vector.ts';

describe('the flattened input vector', () => {
  it('counts the input nodes as the notebook does', () => {
    expect(inputNodesLabel([64, 64, 3])).toBe('64×64×3 = 12,288 input nodes');
    expect(inputNodesLabel([28, 28, 1])).toBe('28×28×1 = 784 input nodes');
  });

  it('averages the values into equal runs, never more bins than values', () => {
    expect(stripBins([0, 2, 4, 6, 8, 10], 3)).toEqual([1, 5, 9]);
    expect(stripBins([1, 2], 5)).toEqual([1, 2]);
    expect(stripBins(new Float32Array(12288).fill(7), 240)).toHaveLength(240);
  });
});
