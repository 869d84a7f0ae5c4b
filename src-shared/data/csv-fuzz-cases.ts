/**
 * Test support (tests and `npm run fuzz` only): fast-check generators of CSV texts, tables of
 * numbers written every way the reader detects and text from CSV's alphabet, and the property
 * every text must keep.
 */
import fc from 'fast-check';
import { must, mustBeOneLine, type Outcome } from '../test-support/fuzz.ts';
import { CsvError, MAX_PROBLEMS, parseCsvDataset, parseCsvNumbers, previewCsv } from './csv.ts';
import type { CsvReading, DecimalMark, Delimiter } from './csv-parse.ts';

/** Rows written with `reading`'s delimiter and decimal mark, quoted where a comma would split. */
export function writeCsv(
  rows: readonly (readonly number[])[],
  header: readonly string[] | null,
  { delimiter, decimal }: CsvReading,
): string {
  const cell = (value: number) => {
    const text = String(value);
    if (decimal === '.') return text;
    return delimiter === ',' ? `"${text.replace('.', ',')}"` : text.replace('.', ',');
  };
  const lines = rows.map((row) => row.map(cell).join(delimiter));
  return [...(header ? [header.join(delimiter)] : []), ...lines].join('\n') + '\n';
}

const number = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A table of numbers, how it is written, and its text. */
export const csvTable = fc
  .record({
    columns: fc.integer({ min: 1, max: 6 }),
    rows: fc.integer({ min: 1, max: 20 }),
    delimiter: fc.constantFrom<Delimiter>(',', ';', '\t'),
    decimal: fc.constantFrom<DecimalMark>('.', ','),
    header: fc.boolean(),
    lineEnd: fc.constantFrom('\n', '\r\n'),
  })
  .chain(({ columns, rows, delimiter, decimal, header, lineEnd }) =>
    fc.record({
      // One column has no delimiter to detect, nor one to tell `1,5` from two cells.
      reading: fc.constant<CsvReading>(
        columns === 1 ? { delimiter: ',', decimal: '.' } : { delimiter, decimal },
      ),
      values: fc.array(fc.array(number, { minLength: columns, maxLength: columns }), {
        minLength: rows,
        maxLength: rows,
      }),
      names: header
        ? fc.array(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), {
            minLength: columns,
            maxLength: columns,
          })
        : fc.constant(null),
      lineEnd: fc.constant(lineEnd),
    }),
  )
  .map(({ reading, values, names, lineEnd }) => ({
    reading,
    values,
    names,
    text: writeCsv(values, names, reading).replaceAll('\n', lineEnd),
  }));

/** Text from CSV's alphabet and beyond: delimiters, both marks, quotes, line ends, words, noise. */
export const csvNoise = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'0123456789,;\t."\n\r -+eE') },
      {
        weight: 2,
        arbitrary: fc.constantFrom('1,5', '0x1F', 'NaN', 'inf', '1e999', '""', '\ufeff'),
      },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 100_000 }).map((n) => 'x'.repeat(n)) },
    ),
    { maxLength: 120 },
  )
  .map((parts) => parts.join(''));

/** A CSV refusal: a first line that says what and where, then up to MAX_PROBLEMS more. */
function checkRefusal(error: unknown): void {
  if (!(error instanceof CsvError)) throw error;
  const lines = error.message.split('\n');
  must(lines.length <= MAX_PROBLEMS + 3, `at most ${MAX_PROBLEMS} problems listed`);
  for (const line of lines) mustBeOneLine(line);
  for (const { line } of error.problems) must(Number.isInteger(line) && line >= 1, 'a line number');
}

/** The rows as the reader returns them, written back and read again: the same rows and reading. */
function checkRoundTrip(text: string): void {
  const first = parseCsvNumbers(text);
  const again = parseCsvNumbers(writeCsv(first.rows, first.header, first.reading));
  must(JSON.stringify(again.rows) === JSON.stringify(first.rows), 'rows read back differ');
  must(JSON.stringify(again.header) === JSON.stringify(first.header), 'header read back differs');
}

/**
 * The property for any text: the preview, the numbers and the data set readers each accept it
 * or refuse it with a CsvError; numbers accepted write back and read again the same.
 */
export function checkCsvText(text: string): Outcome {
  let outcome: Outcome = 'refused';
  for (const read of [previewCsv, parseCsvNumbers, parseCsvDataset] as const) {
    try {
      read(text);
      if (read === parseCsvNumbers) {
        checkRoundTrip(text);
        outcome = 'accepted';
      }
    } catch (error) {
      checkRefusal(error);
    }
  }
  return outcome;
}

/** The property for a written table: read back exactly, with the delimiter it was written with. */
export function checkCsvTable(table: {
  reading: CsvReading;
  values: number[][];
  names: string[] | null;
  text: string;
}): void {
  const { rows, header, reading } = parseCsvNumbers(table.text);
  must(reading.delimiter === table.reading.delimiter, `delimiter ${reading.delimiter}`);
  const fractions = table.values.some((row) => row.some((v) => String(v).includes('.')));
  if (fractions) must(reading.decimal === table.reading.decimal, `decimal ${reading.decimal}`);
  must(JSON.stringify(header) === JSON.stringify(table.names), 'the header');
  must(JSON.stringify(rows) === JSON.stringify(table.values), 'the numbers');
  checkCsvText(table.text);
}
