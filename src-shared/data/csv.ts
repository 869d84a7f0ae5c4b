/**
 * A classification data set from a CSV file: numeric feature columns and one label column.
 *
 * - Delimiter (comma, semicolon, tab) and decimal mark (point, comma) are detected and returned
 *   as `reading`, so every caller can say which it chose; a comma-delimited file whose cells look
 *   like decimals split at their comma is refused rather than read as twice the features.
 * - Header: detected when some column's first cell is text and its second a number (or set).
 * - Label column: by header name or by 0-based index (negative counts from the end); the last
 *   column by default. Its values are class names, numbered in sorted order — numerically when
 *   every name is a number ("2" before "10"), else by character codes — so the same file always
 *   gives the same numbering.
 * - Bad cells are reported by line and column (`line 7, column 3: expected a number, found
 *   "abc"`), up to `MAX_PROBLEMS` at once; empty and ragged files are refused.
 * - Normalisation statistics come from the training split only (see normalize.ts, split.ts).
 */
import {
  CsvError,
  DECIMAL_COMMA_FIX,
  DecimalMarks,
  DELIMITERS,
  detectDelimiter,
  forEachRecord,
  hasFractionDigits,
  hasPointNumber,
  isFractionDigits,
  notANumber,
  readNumber,
  type CsvProblem,
  type CsvReading,
  type CsvRecord,
  type DecimalMark,
} from './csv-parse.ts';
import {
  applyNormalization,
  fitNormalization,
  NORMALIZATIONS,
  type Normalization,
  type NormalizationKind,
} from './normalize.ts';
import { splitDataset, type LabelledSet } from './split.ts';

export { CsvError, describeReading, type CsvProblem, type CsvReading } from './csv-parse.ts';

/** Problems listed in one error before the rest are counted. */
export const MAX_PROBLEMS = 20;
/** Most classes a label column may have: more usually means the wrong column. */
export const MAX_CLASSES = 1000;

export interface CsvReadOptions {
  /** true, false, or 'auto' (the default). */
  header?: boolean | 'auto';
  /** ',', ';' or a tab; detected from the first line by default. */
  delimiter?: string;
}

export interface CsvOptions extends CsvReadOptions {
  /** The label column: its header name, or a 0-based index (−1: the last). Default: the last. */
  label?: string | number;
  normalize?: NormalizationKind;
  /** Share of rows held out for validation, 0 (default) to below 1. */
  validation?: number;
  /** Seeds the validation split. */
  seed?: number;
}

export interface CsvDataset {
  /** Names of the feature columns, in order: the header's, or "column 1", "column 2", ... */
  features: string[];
  label: string;
  /** Class names; class i is classes[i]. */
  classes: string[];
  train: LabelledSet;
  validation: LabelledSet | null;
  /** Fitted on the training rows; apply it to any later data (`applyNormalization`). */
  normalization: Normalization;
  reading: CsvReading;
}

/** A file of numbers only (the inputs of `forward` and `predict`): an optional header, rows. */
export interface CsvNumbers {
  header: string[] | null;
  rows: number[][];
  reading: CsvReading;
}

export interface CsvPreview {
  header: string[] | null;
  /** The first rows, as text. */
  rows: string[][];
  /** Data rows in the file. */
  rowCount: number;
  columns: number;
  reading: CsvReading;
}

/** The header (if any) and the first `rows` data rows, to show before importing. */
export function previewCsv(
  text: string,
  options: CsvReadOptions & { rows?: number } = {},
): CsvPreview {
  const { header, first, rowCount, width, reading } = readTable(text, options, options.rows ?? 5);
  return {
    header: header?.cells ?? null,
    rows: first.map((r) => r.cells),
    rowCount,
    columns: width,
    reading,
  };
}

/** Every cell of every data row as a number; bad cells named by line and column. */
export function parseCsvNumbers(text: string, options: CsvReadOptions = {}): CsvNumbers {
  const { header, reading, forEachRow } = readTable(text, options);
  const problems = new Problems();
  const rows: number[][] = [];
  forEachRow(({ line, cells }) => {
    rows.push(
      cells.map((cell, c) => {
        const value = readNumber(cell, reading.decimal);
        if (value === null) problems.add({ line, column: c + 1, message: notANumber(cell) });
        return value ?? 0;
      }),
    );
  });
  problems.throwAny();
  return { header: header?.cells ?? null, rows, reading };
}

export function parseCsvDataset(text: string, options: CsvOptions = {}): CsvDataset {
  const { header, rowCount, width, reading, forEachRow } = readTable(text, options);
  const names = header
    ? header.cells.map((c, i) => c.trim() || `column ${i + 1}`)
    : Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  const labelColumn = findLabelColumn(options.label, names, header !== null);
  if (names.length < 2) {
    throw new CsvError(
      'the file has one column: it needs at least one feature column and a label column',
    );
  }
  const kind = options.normalize ?? 'none';
  if (!(NORMALIZATIONS as readonly string[]).includes(kind)) {
    throw new CsvError(
      `unknown normalisation "${kind}": choose one of ${NORMALIZATIONS.join(', ')}`,
    );
  }

  const featureColumns = names.map((_, i) => i).filter((i) => i !== labelColumn);
  const x = new Float64Array(rowCount * featureColumns.length);
  const labels: string[] = [];
  const problems = new Problems();
  const report = (problem: CsvProblem) => problems.add(problem);
  const featureCount = featureColumns.length;
  forEachRow(({ line, cells }, r) => {
    // An index loop: a callback per cell of a 32-million-cell file costs seconds.
    for (let f = 0; f < featureCount; f++) {
      const c = featureColumns[f]!;
      const value = readNumber(cells[c]!, reading.decimal);
      if (value === null) report({ line, column: c + 1, message: notANumber(cells[c]!) });
      else x[r * featureCount + f] = value;
    }
    const label = cells[labelColumn]!.trim();
    if (label === '') report({ line, column: labelColumn + 1, message: 'the label is empty' });
    labels.push(label);
  });
  problems.throwAny();

  const classes = sortClasses([...new Set(labels)]);
  if (classes.length > MAX_CLASSES) {
    throw new CsvError(
      `the label column "${names[labelColumn]}" has ${classes.length} different values, more than ${MAX_CLASSES} classes: is it the right column?`,
    );
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const all: LabelledSet = {
    x: { shape: [rowCount, featureCount], dtype: 'float64', data: x },
    y: Int32Array.from(labels, (l) => index.get(l)!),
  };
  const { train, validation } = splitDataset(all, options.validation ?? 0, options.seed ?? 0);
  const normalization = fitNormalization(kind, train.x);
  // The sets are this reader's own: without normalisation they need no copy.
  const scale = (set: LabelledSet): LabelledSet =>
    kind === 'none' ? set : { x: applyNormalization(normalization, set.x), y: set.y };
  return {
    features: featureColumns.map((c) => names[c]!),
    label: names[labelColumn]!,
    classes,
    train: scale(train),
    validation: validation && scale(validation),
    normalization,
    reading,
  };
}

/** A file's header (or null) and its data rows, all of one width. */
interface Table {
  header: CsvRecord | null;
  /** The first `keep` data rows (see readTable). */
  first: CsvRecord[];
  rowCount: number;
  width: number;
  reading: CsvReading;
  /** Cuts the data rows from the text again, one at a time, rather than keeping every cell. */
  forEachRow(onRow: (record: CsvRecord, row: number) => void): void;
}

/**
 * Checks the file in one pass that keeps only its first records and what the checks need (a
 * 64 MiB file holds 32 million cells: kept as strings, they cost seconds of garbage collection).
 */
function readTable(text: string, { header = 'auto', delimiter }: CsvReadOptions, keep = 1): Table {
  if (text.trim() === '') throw new CsvError('the file is empty');
  const d = delimiter ?? detectDelimiter(text);
  if (!(DELIMITERS as readonly string[]).includes(d)) {
    throw new CsvError(
      `the delimiter must be a comma, a semicolon or a tab, found ${JSON.stringify(d)}`,
    );
  }
  const comma = d === ',';
  const marks = new DecimalMarks(text, d as CsvReading['delimiter']);
  // Whole-text tests, as in DecimalMarks: cells with a decimal point or a fraction's digits
  // (`05`) need characters that many files do not hold at all.
  const mayPoint = comma && text.includes('.');
  const mayFraction = comma && /0\d/.test(text);
  const kept: CsvRecord[] = [];
  let count = 0;
  // Records after the first whose width differs from it (up to MAX_PROBLEMS, then counted).
  const ragged: { line: number; found: number }[] = [];
  let raggedCount = 0;
  // Decimal commas split by the comma delimiter, with the first record apart: it may be a header.
  let pointInFirst = false;
  let pointAfter = false;
  let splitAfter: CsvRecord | null = null;
  forEachRecord(text, d, (record) => {
    marks.see(record);
    // The header test needs two records, the preview `keep` data rows after a header.
    if (count <= Math.max(keep, 1)) kept.push(record);
    if (count > 0 && record.cells.length !== kept[0]!.cells.length) {
      if (ragged.length < MAX_PROBLEMS)
        ragged.push({ line: record.line, found: record.cells.length });
      raggedCount++;
    }
    if (count === 0) pointInFirst = mayPoint && hasPointNumber(record.cells);
    else if (!pointAfter) {
      pointAfter = mayPoint && hasPointNumber(record.cells);
      splitAfter ??= mayFraction && hasFractionDigits(record.cells) ? record : null;
    }
    count++;
  });
  if (count === 0) throw new CsvError('the file is empty');
  const reading: CsvReading = { delimiter: d as CsvReading['delimiter'], decimal: marks.mark() };
  const first = kept[0]!;
  const hasHeader = header === 'auto' ? looksLikeHeader(kept, reading.decimal) : header;
  const skip = hasHeader ? 1 : 0;
  if (count === skip) throw new CsvError('the file has a header but no data rows');
  const head = hasHeader ? first : null;
  const width = first.cells.length;
  const forEachRow = (onRow: (record: CsvRecord, row: number) => void) => {
    let k = 0;
    forEachRecord(text, d, (record) => {
      if (k >= skip) onRow(record, k - skip);
      k++;
    });
  };

  const problems = new Problems();
  for (const { line, found } of ragged) {
    problems.add({
      line,
      message: `expected ${width} columns like the ${head ? 'header' : 'first row'}, found ${found}`,
    });
  }
  problems.count = raggedCount;
  // Rows of different widths in a comma file without a decimal point: most likely decimal commas.
  if (!problems.empty() && comma && !hasDecimalPoint(forEachRow)) problems.hint = DECIMAL_COMMA_FIX;
  problems.throwAny();
  const pointInRows = pointAfter || (!hasHeader && pointInFirst);
  const split =
    !comma || pointInRows
      ? null
      : !hasHeader && hasFractionDigits(first.cells)
        ? first
        : splitAfter;
  if (split) {
    throw new CsvError(
      `line ${split.line}: ${JSON.stringify(split.cells.join(','))} looks like numbers with decimal commas split by the comma delimiter (a cell such as "${split.cells.find((c, i) => i > 0 && isFractionDigits(c))!.trim()}" is a fraction's digits); ${DECIMAL_COMMA_FIX}`,
      [{ line: split.line, message: 'decimal commas split by the comma delimiter' }],
    );
  }
  return {
    header: head,
    first: kept.slice(skip, skip + keep),
    rowCount: count - skip,
    width,
    reading,
    forEachRow,
  };
}

/** Whether some data row has a number written with a decimal point (only on refusing a file). */
function hasDecimalPoint(forEachRow: Table['forEachRow']): boolean {
  let found = false;
  forEachRow(({ cells }) => {
    found ||= cells.some((c) => readNumber(c) !== null && c.includes('.'));
  });
  return found;
}

/** Problems gathered up to `MAX_PROBLEMS`, then counted; thrown as one error. */
class Problems {
  readonly list: CsvProblem[] = [];
  count = 0;
  hint: string | null = null;
  add(problem: CsvProblem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    this.count++;
  }
  empty(): boolean {
    return this.count === 0;
  }
  throwAny(): void {
    if (this.count === 0) return;
    const error = problemsError(this.list, this.count);
    if (!this.hint) throw error;
    throw new CsvError(`${error.message}\n${this.hint}`, error.problems);
  }
}

/** A header has text in some column whose next row holds a number there. */
function looksLikeHeader(records: readonly CsvRecord[], decimal: DecimalMark): boolean {
  const [first, second] = records;
  if (!second) return first!.cells.every((c) => readNumber(c, decimal) === null);
  return first!.cells.some(
    (c, i) =>
      readNumber(c, decimal) === null &&
      second.cells[i] !== undefined &&
      readNumber(second.cells[i]!, decimal) !== null,
  );
}

function findLabelColumn(
  label: string | number | undefined,
  names: string[],
  hasHeader: boolean,
): number {
  if (label === undefined) return names.length - 1;
  if (typeof label === 'number') {
    const i = label < 0 ? names.length + label : label;
    if (!Number.isInteger(label) || i < 0 || i >= names.length) {
      throw new CsvError(
        `label column ${label} is outside the file's ${names.length} columns (0 to ${names.length - 1}, or −1 for the last)`,
      );
    }
    return i;
  }
  if (!hasHeader)
    throw new CsvError(`the label column is named "${label}", but the file has no header row`);
  const i = names.indexOf(label);
  if (i < 0)
    throw new CsvError(
      `no column is named "${label}"; the columns are ${names.map((n) => `"${n}"`).join(', ')}`,
    );
  return i;
}

/** Numerically when every name is a number, else by character codes. */
function sortClasses(names: string[]): string[] {
  if (names.every((n) => readNumber(n) !== null)) {
    return names.sort((a, b) => readNumber(a)! - readNumber(b)! || (a < b ? -1 : a > b ? 1 : 0));
  }
  return names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function problemsError(problems: CsvProblem[], total: number): CsvError {
  const lines = problems
    .slice(0, 5)
    .map((p) => `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`);
  const more = total - lines.length;
  return new CsvError(lines.join('\n') + (more > 0 ? `\n… and ${more} more` : ''), problems);
}
