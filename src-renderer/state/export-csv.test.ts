import { describe, expect, it } from 'vitest';
import { fromNested } from '../../src-shared/tensor/tensor.ts';
import { outputsCsv } from './export-csv.ts';

describe('outputsCsv', () => {
  it('writes a header and one row per sample at full precision', () => {
    expect(
      outputsCsv(
        fromNested([
          [4.8, 1.21, 2.385],
          [0.1 + 0.2, -1, 1e-7],
        ]),
      ),
    ).toBe('output_0,output_1,output_2\n4.8,1.21,2.385\n0.30000000000000004,-1.0,1e-07\n');
  });

  it('treats one sample as one row', () => {
    expect(outputsCsv(fromNested([2.3]))).toBe('output_0\n2.3\n');
  });
});
