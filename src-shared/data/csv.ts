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
  DELIMITERS,
  detectDecimal,
  detectDelimiter,
  isFractionDigits,
  notANumber,
  parseRecords,
  readNumber,
  splitDecimalRow,
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
  const { header, records, reading } = readTable(text, options);
  return {
    header: header?.cells ?? null,
    rows: records.slice(0, options.rows ?? 5).map((r) => r.cells),
    rowCount: records.length,
    columns: (header ?? records[0])!.cells.length,
    reading,
  };
}

/** Every cell of every data row as a number; bad cells named by line and column. */
export function parseCsvNumbers(text: string, options: CsvReadOptions = {}): CsvNumbers {
  const { header, records, reading } = readTable(text, options);
  const problems = new Problems();
  const rows = records.map(({ line, cells }) =>
    cells.map((cell, c) => {
      const value = readNumber(cell, reading.decimal);
      if (value === null) problems.add({ line, column: c + 1, message: notANumber(cell) });
      return value ?? 0;
    }),
  );
  problems.throwAny();
  return { header: header?.cells ?? null, rows, reading };
}

export function parseCsvDataset(text: string, options: CsvOptions = {}): CsvDataset {
  const { header, records, reading } = readTable(text, options);
  const names = header
    ? header.cells.map((c, i) => c.trim() || `column ${i + 1}`)
    : records[0]!.cells.map((_, i) => `column ${i + 1}`);
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
  const x = new Float64Array(records.length * featureColumns.length);
  const labels: string[] = [];
  const problems = new Problems();
  const report = (problem: CsvProblem) => problems.add(problem);
  // Index loops: callbacks per cell of a 32-million-cell file cost seconds.
  const width = featureColumns.length;
  for (let r = 0; r < records.length; r++) {
    const { line, cells } = records[r]!;
    for (let f = 0; f < width; f++) {
      const c = featureColumns[f]!;
      const value = readNumber(cells[c]!, reading.decimal);
      if (value === null) report({ line, column: c + 1, message: notANumber(cells[c]!) });
      else x[r * width + f] = value;
    }
    const label = cells[labelColumn]!.trim();
    if (label === '') report({ line, column: labelColumn + 1, message: 'the label is empty' });
    labels.push(label);
  }
  problems.throwAny();

  const classes = sortClasses([...new Set(labels)]);
  if (classes.length > MAX_CLASSES) {
    throw new CsvError(
      `the label column "${names[labelColumn]}" has ${classes.length} different values, more than ${MAX_CLASSES} classes: is it the right column?`,
    );
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const all: LabelledSet = {
    x: { shape: [records.length, featureColumns.length], dtype: 'float64', data: x },
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

/** Records split into the header (or null) and the data rows, all of one width. */
function readTable(
  text: string,
  { header = 'auto', delimiter }: CsvReadOptions,
): { header: CsvRecord | null; records: CsvRecord[]; reading: CsvReading } {
  if (text.trim() === '') throw new CsvError('the file is empty');
  const d = delimiter ?? detectDelimiter(text);
  if (!(DELIMITERS as readonly string[]).includes(d)) {
    throw new CsvError(
      `the delimiter must be a comma, a semicolon or a tab, found ${JSON.stringify(d)}`,
    );
  }
  const records = parseRecords(text, d);
  if (records.length === 0) throw new CsvError('the file is empty');
  const reading: CsvReading = {
    delimiter: d as CsvReading['delimiter'],
    decimal: detectDecimal(records),
  };
  const hasHeader = header === 'auto' ? looksLikeHeader(records, reading.decimal) : header;
  const head = hasHeader ? records[0]! : null;
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) throw new CsvError('the file has a header but no data rows');
  const width = (head ?? rows[0]!).cells.length;
  const ragged = new Problems();
  for (const { line, cells } of rows) {
    if (cells.length !== width) {
      ragged.add({
        line,
        message: `expected ${width} columns like the ${head ? 'header' : 'first row'}, found ${cells.length}`,
      });
    }
  }
  // Rows of different widths in a comma file without a decimal point: most likely decimal commas.
  const split = splitDecimalRow(rows, reading.delimiter);
  if (!ragged.empty() && reading.delimiter === ',' && !hasDecimalPoint(rows)) {
    ragged.hint = DECIMAL_COMMA_FIX;
  }
  ragged.throwAny();
  if (split) {
    throw new CsvError(
      `line ${split.line}: ${JSON.stringify(split.cells.join(','))} looks like numbers with decimal commas split by the comma delimiter (a cell such as "${split.cells.find((c, i) => i > 0 && isFractionDigits(c))!.trim()}" is a fraction's digits); ${DECIMAL_COMMA_FIX}`,
      [{ line: split.line, message: 'decimal commas split by the comma delimiter' }],
    );
  }
  return { header: head, records: rows, reading };
}

const hasDecimalPoint = (rows: readonly CsvRecord[]) =>
  rows.some((r) => r.cells.some((c) => readNumber(c) !== null && c.includes('.')));

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
function looksLikeHeader(records: CsvRecord[], decimal: DecimalMark): boolean {
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
