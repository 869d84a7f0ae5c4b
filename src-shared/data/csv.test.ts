import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { CsvError, describeReading, parseCsvDataset, parseCsvNumbers, previewCsv } from './csv.ts';
import { forEachRecord, MAX_ROWS, type CsvRecord } from './csv-parse.ts';
import { applyNormalization } from './normalize.ts';

/** Every record of a comma-delimited text. */
const records = (text: string, maxRows?: number) => {
  const all: CsvRecord[] = [];
  forEachRecord(text, ',', (record) => all.push(record), maxRows);
  return all;
};

const IRIS = `sepal_length,sepal_width,species
5.1,3.5,setosa
7.0,3.2,versicolor
6.3,3.3,virginica
4.9,3.0,setosa
6.4,3.2,versicolor
`;

function csvError(f: () => unknown): CsvError {
  try {
    f();
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
}

describe('parseCsvDataset', () => {
  it('reads features, a header and string labels numbered in sorted order', () => {
    const d = parseCsvDataset(IRIS);
    expect(d.features).toEqual(['sepal_length', 'sepal_width']);
    expect(d.label).toBe('species');
    expect(d.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(d.train.x.shape).toEqual([5, 2]);
    expect([...d.train.x.data.slice(0, 4)]).toEqual([5.1, 3.5, 7.0, 3.2]);
    expect([...d.train.y]).toEqual([0, 1, 2, 0, 1]);
    expect(d.validation).toBeNull();
  });

  it('takes the label column by name or index, and numbers numeric labels numerically', () => {
    const text = 'label;a;b\n10;1;2\n2;3;4\n2;5,5;6\n'.replace('5,5', '5.5');
    const byName = parseCsvDataset(text, { label: 'label' });
    expect(byName.features).toEqual(['a', 'b']);
    expect(byName.classes).toEqual(['2', '10']);
    expect([...byName.train.y]).toEqual([1, 0, 0]);
    expect(parseCsvDataset(text, { label: 0 }).classes).toEqual(['2', '10']);
    expect(parseCsvDataset(text, { label: -1 }).label).toBe('b');
  });

  it('detects a missing header and names the columns', () => {
    const d = parseCsvDataset('1,2,0\n3,4,1\n');
    expect(d.features).toEqual(['column 1', 'column 2']);
    expect(d.train.x.shape).toEqual([2, 2]);
    expect(() => parseCsvDataset('1,2,0\n3,4,1\n', { label: 'species' })).toThrow(
      'the label column is named "species", but the file has no header row',
    );
  });

  it('handles quotes, CRLF, tabs, blank lines and a byte-order mark', () => {
    const text = '\uFEFF"x, the first"\t"y ""2"""\tclass\r\n1\t2\t"a, b"\r\n\r\n3\t4\tc\r\n';
    const d = parseCsvDataset(text);
    expect(d.features).toEqual(['x, the first', 'y "2"']);
    expect(d.classes).toEqual(['a, b', 'c']);
    expect([...d.train.x.data]).toEqual([1, 2, 3, 4]);
  });

  it('reports bad cells by line and column', () => {
    const text = 'a,b,c,label\n1,2,3,x\n1,2,3,y\n1,2,3,x\n1,2,3,y\n1,2,3,x\n1,2,abc,y\n4,,6,x\n';
    const error = csvError(() => parseCsvDataset(text));
    expect(error.message).toBe(
      'line 7, column 3: expected a number, found "abc"\nline 8, column 2: expected a number, found an empty cell',
    );
    expect(error.problems).toEqual([
      { line: 7, column: 3, message: 'expected a number, found "abc"' },
      { line: 8, column: 2, message: 'expected a number, found an empty cell' },
    ]);
    expect(() => parseCsvDataset('a,label\nNaN,x\n')).toThrow(
      'line 2, column 1: expected a finite number, found "NaN"',
    );
    expect(() => parseCsvDataset('a,label\n1,\n')).toThrow('line 2, column 2: the label is empty');
  });

  it('counts problems past the first few', () => {
    const rows = Array.from({ length: 30 }, () => 'x,1').join('\n');
    const error = csvError(() => parseCsvDataset(`a,label\n${rows}`));
    expect(error.problems.length).toBe(20);
    expect(error.message.split('\n').at(-1)).toBe('… and 25 more');
  });

  it('refuses empty and ragged files with clear messages', () => {
    expect(() => parseCsvDataset('')).toThrow('the file is empty');
    expect(() => parseCsvDataset('\n\n  \n')).toThrow('the file is empty');
    expect(() => parseCsvDataset('a,b,label\n')).toThrow('the file has a header but no data rows');
    expect(() => parseCsvDataset('a,b,label\n1,2,x\n3,4\n5,6,y,7\n')).toThrow(
      'line 3: expected 3 columns like the header, found 2\nline 4: expected 3 columns like the header, found 4',
    );
    expect(() => parseCsvDataset('a\n1\n2\n')).toThrow('the file has one column');
    expect(() => parseCsvDataset('a,b\n1,"x\n2,y\n')).toThrow(
      'line 2: a quoted field is never closed',
    );
    expect(() => parseCsvDataset(IRIS, { label: 'kind' })).toThrow(
      'no column is named "kind"; the columns are "sepal_length", "sepal_width", "species"',
    );
    expect(() => parseCsvDataset(IRIS, { label: 3 })).toThrow(
      "label column 3 is outside the file's 3 columns",
    );
  });

  it('normalises with statistics from the training rows only', () => {
    const random = new RandomState(5);
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${(random.randomSample() * 10).toFixed(3)},${i * 2},${i % 2 ? 'odd' : 'even'}`,
    );
    const text = `f,g,parity\n${rows.join('\n')}\n`;
    const d = parseCsvDataset(text, { normalize: 'min-max', validation: 0.25, seed: 3 });
    expect(d.train.x.shape).toEqual([30, 2]);
    expect(d.validation!.x.shape).toEqual([10, 2]);
    const col = (x: { data: ArrayLike<number> }, c: number) =>
      Array.from(x.data).filter((_, i) => i % 2 === c);
    expect(Math.min(...col(d.train.x, 0))).toBe(0);
    expect(Math.max(...col(d.train.x, 0))).toBe(1);
    // The validation rows use the training statistics, so they may fall outside [0, 1].
    const raw = parseCsvDataset(text, { validation: 0.25, seed: 3 });
    expect([...d.validation!.x.data]).toEqual([
      ...applyNormalization(d.normalization, raw.validation!.x).data,
    ]);
    expect([...d.validation!.y]).toEqual([...raw.validation!.y]);

    const z = parseCsvDataset(text, { normalize: 'z-score' });
    const g = col(z.train.x, 1);
    const mean = g.reduce((a, b) => a + b) / g.length;
    expect(mean).toBeCloseTo(0, 12);
    expect(Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length)).toBeCloseTo(1, 12);
  });
});

describe('previewCsv', () => {
  it('shows the header and the first rows', () => {
    expect(previewCsv(IRIS, { rows: 2 })).toEqual({
      header: ['sepal_length', 'sepal_width', 'species'],
      rows: [
        ['5.1', '3.5', 'setosa'],
        ['7.0', '3.2', 'versicolor'],
      ],
      rowCount: 5,
      columns: 3,
      reading: { delimiter: ',', decimal: '.' },
    });
  });
});

describe('how a CSV file is read', () => {
  it('reads decimal commas in a semicolon-delimited file and says so', () => {
    const set = parseCsvDataset('x;y;label\n1,5;2,25;a\n3;4,5;b\n');
    expect(set.reading).toEqual({ delimiter: ';', decimal: ',' });
    expect(set.features).toEqual(['x', 'y']);
    expect([...set.train.x.data]).toEqual([1.5, 2.25, 3, 4.5]);
    expect(describeReading(set.reading)).toBe('semicolon-delimited, decimal comma (1,5 is 1.5)');
  });

  it('reads tabs with decimal points, and quoted decimal commas in a comma file', () => {
    const tabs = parseCsvNumbers('x\ty\n1.5\t-2\n');
    expect(tabs).toEqual({
      header: ['x', 'y'],
      rows: [[1.5, -2]],
      reading: { delimiter: '\t', decimal: '.' },
    });
    const quoted = parseCsvNumbers('"1,5","2,25"\n"3",",5"\n');
    expect(quoted.reading).toEqual({ delimiter: ',', decimal: ',' });
    expect(quoted.rows).toEqual([
      [1.5, 2.25],
      [3, 0.5],
    ]);
  });

  it('still reads comma files of whole numbers as they are', () => {
    const xor = parseCsvDataset('0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
    expect(xor.features).toHaveLength(2);
    expect(xor.reading).toEqual({ delimiter: ',', decimal: '.' });
  });

  it('refuses decimal commas split by a comma delimiter instead of doubling the features', () => {
    const split = csvError(() => parseCsvDataset('1,2,0\n1,05,2,5,1\n'));
    expect(split.message).toMatch(/^line 2: expected 3 columns like the first row, found 5\n/);
    expect(split.message).toContain('separate the fields with ";" (1,5;2,25)');
    // Same widths everywhere: the fraction digits "05" give the split decimals away.
    const even = csvError(() => parseCsvDataset('1,5,2,25,0\n3,05,4,75,1\n'));
    expect(even.message).toMatch(/^line 2: "3,05,4,75,1" looks like numbers with decimal commas/);
    expect(even.problems).toEqual([
      { line: 2, message: 'decimal commas split by the comma delimiter' },
    ]);
    const header = csvError(() => parseCsvDataset('x,y,label\n1,5,2,25,a\n'));
    expect(header.message).toContain('line 2: expected 3 columns like the header, found 5');
    expect(header.message).toContain('quote them ("1,5","2,25")');
  });

  it('refuses a file that mixes decimal points and decimal commas, naming one of each', () => {
    expect(() => parseCsvDataset('x;y;l\n1,5;2;a\n2.5;1;b\n')).toThrow(
      'the numbers mix decimal points (line 3, column 1: "2.5") and decimal commas (line 2, column 1: "1,5")',
    );
    expect(() => parseCsvNumbers('1,5;2\n3;4.5\n')).toThrow('(line 2, column 2: "4.5")');
  });

  it('refuses hexadecimal and binary literals with the line, column and text', () => {
    const error = csvError(() => parseCsvNumbers('a,b\n1,0x10\n0b11,2\n'));
    expect(error.problems).toEqual([
      {
        line: 2,
        column: 2,
        message:
          'expected a decimal number, found "0x10": hexadecimal, binary and octal literals are not read',
      },
      {
        line: 3,
        column: 1,
        message:
          'expected a decimal number, found "0b11": hexadecimal, binary and octal literals are not read',
      },
    ]);
    expect(() => parseCsvDataset('a,label\n0x10,x\n1,y\n')).toThrow(
      'line 2, column 1: expected a decimal number, found "0x10"',
    );
  });

  it('shows the reading in the preview', () => {
    expect(previewCsv('a;b\n1,5;2\n').reading).toEqual({ delimiter: ';', decimal: ',' });
  });
});

describe('the rows budget', () => {
  it('refuses the record past the budget at its line, blank lines not counted', () => {
    expect(records('1\n\n2\n3\n', 3)).toHaveLength(3);
    expect(() => records('1\n\n2\n3\n4\n', 3)).toThrow('line 5: more than 3 rows in one file');
  });

  it(`refuses a file of ${MAX_ROWS + 1} one-cell rows (a 64 MiB one took gigabytes)`, () => {
    const error = (() => {
      try {
        previewCsv('0\n'.repeat(MAX_ROWS + 1));
      } catch (error) {
        return error as CsvError;
      }
    })();
    expect(error?.message).toBe(`line ${MAX_ROWS + 1}: more than 1,048,576 rows in one file`);
    expect(error?.problems).toEqual([
      { line: MAX_ROWS + 1, message: 'more than 1,048,576 rows in one file' },
    ]);
  });
});

describe('long fields', () => {
  it('cuts a 16 MiB quoted field from the text in runs (char by char it took gigabytes)', () => {
    const long = 'x'.repeat(2 ** 24);
    const [record] = records(`"${long}""y", 1 \n`);
    expect(record!.cells).toEqual([`${long}"y`, ' 1 ']);
  });
});
