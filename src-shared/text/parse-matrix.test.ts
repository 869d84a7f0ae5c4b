import { describe, expect, it } from 'vitest';
import { parseMatrix } from './parse-matrix.ts';

const weights = [
  [0.2, 0.8, -0.5, 1.0],
  [0.5, -0.91, 0.26, -0.5],
];

describe('parseMatrix: Python and NumPy text', () => {
  it('reads a Python list of lists', () => {
    expect(parseMatrix('[[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5]]')).toEqual({
      rows: weights,
    });
  });

  it("reads np.array(…), NumPy repr with dtype, and the notebook's assignments", () => {
    const expected = { rows: weights };
    expect(parseMatrix('np.array([[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5]])')).toEqual(
      expected,
    );
    expect(parseMatrix('array([[ 1.2, -3. ]])')).toEqual({ rows: [[1.2, -3]] });
    expect(parseMatrix('array([[1., 2.],\n       [3., 4.]], dtype=float32)')).toEqual({
      rows: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(
      parseMatrix('weights = [[0.2, 0.8, -0.5, 1.0],\n           [0.5, -0.91, 0.26, -0.5]]'),
    ).toEqual(expected);
    expect(parseMatrix('X = np.array([[1, 2, 3, 2.5]])')).toEqual({ rows: [[1, 2, 3, 2.5]] });
  });

  it("reads NumPy's print form without commas", () => {
    const printed = '[[ 4.8    1.21   2.385]\n [ 8.9   -1.81   0.2  ]\n [ 1.41   1.051  0.026]]';
    expect(parseMatrix(printed)).toEqual({
      rows: [
        [4.8, 1.21, 2.385],
        [8.9, -1.81, 0.2],
        [1.41, 1.051, 0.026],
      ],
    });
    expect(parseMatrix('[4.8   1.21  2.385]')).toEqual({ rows: [[4.8, 1.21, 2.385]] });
    // A long row wraps onto the next line inside its brackets.
    expect(parseMatrix('[[0.1 0.2 0.3\n  0.4]\n [0.5 0.6 0.7\n  0.8]]')).toEqual({
      rows: [
        [0.1, 0.2, 0.3, 0.4],
        [0.5, 0.6, 0.7, 0.8],
      ],
    });
  });

  it('reads a flat list as one row, and printed rows one after another', () => {
    expect(parseMatrix('[1, 2, 3]')).toEqual({ rows: [[1, 2, 3]] });
    expect(parseMatrix('[1, 2, 3,]')).toEqual({ rows: [[1, 2, 3]] });
    expect(parseMatrix('[1, 2]\n[3, 4]')).toEqual({
      rows: [
        [1, 2],
        [3, 4],
      ],
    });
    expect(parseMatrix('[np.float64(0.5), np.float64(-1.0)]')).toEqual({ rows: [[0.5, -1]] });
  });

  it('names the ragged row and the bad cell', () => {
    expect(parseMatrix('[[1, 2, 3, 4], [5, 6, 7]]')).toEqual({
      error: 'row 2 has 3 values, row 1 has 4',
    });
    expect(parseMatrix('[[1, 2], [3]]')).toEqual({ error: 'row 2 has 1 value, row 1 has 2' });
    expect(parseMatrix('[[1, 2], [3, abc]]')).toEqual({
      error: 'row 2, column 2 ("abc"): not a number',
    });
    expect(parseMatrix('[[1, 2], [nan, 4]]')).toEqual({
      error: 'row 2, column 1 ("nan"): NaN is not allowed: type a finite number',
    });
    expect(parseMatrix('[1, 1/0]')).toEqual({
      error: 'row 1, column 2 ("1/0"): division by zero',
    });
  });

  it('explains broken brackets and shapes', () => {
    expect(parseMatrix('[[1, 2], [3, 4]')).toEqual({ error: 'missing "]" for the "[" on line 1' });
    expect(parseMatrix('[1, 2]]')).toEqual({
      error: 'line 1: unexpected "]" outside the brackets',
    });
    expect(parseMatrix('[1,\n 2,, 3]')).toEqual({ error: 'line 2: two commas in a row' });
    expect(parseMatrix('[, 1]')).toEqual({ error: 'line 1: a comma before any value' });
    expect(parseMatrix('[1, 2] 3')).toEqual({
      error: 'line 1: unexpected "3" outside the brackets',
    });
    expect(parseMatrix('[]')).toEqual({ error: 'no numbers found' });
    expect(parseMatrix('[[]]')).toEqual({ error: 'row 1 is empty' });
    expect(parseMatrix('[[1, 2], 3]')).toEqual({
      error: 'mixes numbers and lists: write a list of rows like [[1, 2], [3, 4]]',
    });
    expect(parseMatrix('[[[1, 2]], [[3, 4]]]')).toEqual({
      error: 'a list of matrices (3-D or more): paste one matrix',
    });
    expect(parseMatrix('np.array(5)')).toEqual({
      error: 'expected a list in [brackets] inside array(…)',
    });
  });

  it("refuses NumPy's summarised print", () => {
    const summarised = parseMatrix('[[0. 0. 0. ... 0. 0. 0.]\n [0. 0. 0. ... 0. 0. 0.]]');
    expect(summarised).toEqual({ error: expect.stringContaining('NumPy left values out') });
    expect(parseMatrix('[[0. 0.]\n ...\n [0. 0.]]')).toEqual(summarised);
  });
});

describe('parseMatrix: rows of text', () => {
  it('reads CSV, TSV, semicolons and spaces', () => {
    const rows = [
      [0.2, 0.8],
      [0.5, -0.91],
    ];
    expect(parseMatrix('0.2,0.8\n0.5,-0.91')).toEqual({ rows });
    expect(parseMatrix('0.2, 0.8\r\n0.5, -0.91\r\n')).toEqual({ rows });
    expect(parseMatrix('0.2\t0.8\n0.5\t-0.91')).toEqual({ rows });
    expect(parseMatrix('0.2;0.8\n0.5;-0.91')).toEqual({ rows });
    expect(parseMatrix('  0.2   0.8\n\n  0.5  -0.91  ')).toEqual({ rows });
    expect(parseMatrix('"0.2","0.8"\n"0.5","-0.91"')).toEqual({ rows });
  });

  it('reads one line as one row and one column as rows of one', () => {
    expect(parseMatrix('1 2 3')).toEqual({ rows: [[1, 2, 3]] });
    expect(parseMatrix('1\n2\n3')).toEqual({ rows: [[1], [2], [3]] });
    expect(parseMatrix('7')).toEqual({ rows: [[7]] });
  });

  it('accepts a decimal comma with tab or semicolon separators', () => {
    const rows = [
      [0.5, -1.25],
      [2, 1 / 3],
    ];
    expect(parseMatrix('0,5\t-1,25\n2\t1/3')).toEqual({ rows });
    expect(parseMatrix('0,5; -1,25\n2; 1/3')).toEqual({ rows });
    expect(parseMatrix('0,5;\u22121,25\n2;1/3')).toEqual({ rows });
  });

  it('skips a header row of words', () => {
    expect(parseMatrix('x1,x2,x3\n1,2,3\n4,5,6')).toEqual({
      rows: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    });
    expect(parseMatrix('weight 1\tweight 2\n0,5\t0,25')).toEqual({ rows: [[0.5, 0.25]] });
    // nan and inf are values, not words; 1e5 is a number.
    expect(parseMatrix('nan,1\n2,3')).toEqual({
      error: 'row 1, column 1 ("nan"): NaN is not allowed: type a finite number',
    });
    expect(parseMatrix('1e5,2\n3,4')).toEqual({
      rows: [
        [1e5, 2],
        [3, 4],
      ],
    });
    expect(parseMatrix('a,b')).toEqual({ error: 'no numbers found' });
  });

  it('names the ragged row and the bad cell', () => {
    expect(parseMatrix('1,2,3,4\n5,6,7')).toEqual({ error: 'row 2 has 3 values, row 1 has 4' });
    expect(parseMatrix('a,b\n1,2\n3,x')).toEqual({
      error: 'row 2, column 2 ("x"): not a number',
    });
    expect(parseMatrix('1,,2')).toEqual({ error: 'row 1, column 2 (""): empty' });
    expect(parseMatrix('1\t1,000')).toEqual({
      error: 'row 1, column 2 ("1,000"): ambiguous: write 1.000 or 1000',
    });
    expect(parseMatrix('1 2\n3 0x0000000000000000000001')).toEqual({
      error: 'row 2, column 2 ("0x000000000000000000…"): not a number',
    });
  });

  it('refuses empty text', () => {
    expect(parseMatrix('')).toEqual({ error: 'empty: paste rows of numbers' });
    expect(parseMatrix(' \n\t\n')).toEqual({ error: 'empty: paste rows of numbers' });
  });
});
