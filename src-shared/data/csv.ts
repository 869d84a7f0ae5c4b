/**
 * A classification data set from a CSV file: numeric feature columns and one label column.
 *
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
  describeCell,
  detectDelimiter,
  parseRecords,
  readNumber,
  type CsvProblem,
  type CsvRecord,
} from './csv-parse.ts';
import {
  applyNormalization,
  fitNormalization,
  NORMALIZATIONS,
  type Normalization,
  type NormalizationKind,
} from './normalize.ts';
import { splitDataset, type LabelledSet } from './split.ts';

export { CsvError, type CsvProblem } from './csv-parse.ts';

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
}

export interface CsvPreview {
  header: string[] | null;
  /** The first rows, as text. */
  rows: string[][];
  /** Data rows in the file. */
  rowCount: number;
  columns: number;
  delimiter: string;
}

/** The header (if any) and the first `rows` data rows, to show before importing. */
export function previewCsv(
  text: string,
  options: CsvReadOptions & { rows?: number } = {},
): CsvPreview {
  const { header, records, delimiter } = readTable(text, options);
  return {
    header: header?.cells ?? null,
    rows: records.slice(0, options.rows ?? 5).map((r) => r.cells),
    rowCount: records.length,
    columns: (header ?? records[0])!.cells.length,
    delimiter,
  };
}

export function parseCsvDataset(text: string, options: CsvOptions = {}): CsvDataset {
  const { header, records } = readTable(text, options);
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
  const problems: CsvProblem[] = [];
  let problemCount = 0;
  const report = (problem: CsvProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
    problemCount++;
  };
  records.forEach(({ line, cells }, r) => {
    featureColumns.forEach((c, f) => {
      const value = readNumber(cells[c]!);
      if (value === null) {
        report({
          line,
          column: c + 1,
          message: `expected a number, found ${describeCell(cells[c]!)}`,
        });
      } else x[r * featureColumns.length + f] = value;
    });
    const label = cells[labelColumn]!.trim();
    if (label === '') report({ line, column: labelColumn + 1, message: 'the label is empty' });
    labels.push(label);
  });
  if (problemCount > 0) throw problemsError(problems, problemCount);

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
  const scale = (set: LabelledSet): LabelledSet => ({
    x: applyNormalization(normalization, set.x),
    y: set.y,
  });
  return {
    features: featureColumns.map((c) => names[c]!),
    label: names[labelColumn]!,
    classes,
    train: scale(train),
    validation: validation && scale(validation),
    normalization,
  };
}

/** Records split into the header (or null) and the data rows, all of one width. */
function readTable(
  text: string,
  { header = 'auto', delimiter }: CsvReadOptions,
): { header: CsvRecord | null; records: CsvRecord[]; delimiter: string } {
  if (text.trim() === '') throw new CsvError('the file is empty');
  const d = delimiter ?? detectDelimiter(text);
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new CsvError(
      `the delimiter must be one character other than a quote or a line break, found ${JSON.stringify(d)}`,
    );
  }
  const records = parseRecords(text, d);
  if (records.length === 0) throw new CsvError('the file is empty');
  const hasHeader = header === 'auto' ? looksLikeHeader(records) : header;
  const head = hasHeader ? records[0]! : null;
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) throw new CsvError('the file has a header but no data rows');
  const width = (head ?? rows[0]!).cells.length;
  const ragged: CsvProblem[] = [];
  let raggedCount = 0;
  for (const { line, cells } of rows) {
    if (cells.length !== width) {
      raggedCount++;
      if (ragged.length < MAX_PROBLEMS) {
        ragged.push({
          line,
          message: `expected ${width} columns like the ${head ? 'header' : 'first row'}, found ${cells.length}`,
        });
      }
    }
  }
  if (raggedCount > 0) throw problemsError(ragged, raggedCount);
  return { header: head, records: rows, delimiter: d };
}

/** A header has text in some column whose next row holds a number there. */
function looksLikeHeader(records: CsvRecord[]): boolean {
  const [first, second] = records;
  if (!second) return first!.cells.every((c) => readNumber(c) === null);
  return first!.cells.some(
    (c, i) =>
      readNumber(c) === null &&
      second.cells[i] !== undefined &&
      readNumber(second.cells[i]!) !== null,
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
