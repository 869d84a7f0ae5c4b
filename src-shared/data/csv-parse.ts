/**
 * CSV text to records (RFC 4180: quoted fields may hold the delimiter, doubled quotes and line
 * breaks), with the line each record starts on, so errors can point at the file's lines.
 */

export interface CsvRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  cells: string[];
}

/** A problem at a place in the file; `column` is 1-based, as spreadsheets count. */
export interface CsvProblem {
  line: number;
  column?: number;
  message: string;
}

export class CsvError extends Error {
  override name = 'CsvError';
  constructor(
    message: string,
    readonly problems: readonly CsvProblem[] = [],
  ) {
    super(message);
  }
}

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type DecimalMark = '.' | ',';

/** How a file's cells were split and its numbers read: every reader says which it chose. */
export interface CsvReading {
  delimiter: Delimiter;
  decimal: DecimalMark;
}

const DELIMITER_NAMES: Record<Delimiter, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
};

/** "semicolon-delimited, decimal comma (1,5 is 1.5)", for the CLI's line and the app's preview. */
export function describeReading({ delimiter, decimal }: CsvReading): string {
  return `${DELIMITER_NAMES[delimiter]}-delimited, ${decimal === ',' ? 'decimal comma (1,5 is 1.5)' : 'decimal point'}`;
}

/**
 * The first line's delimiter: a semicolon or a tab wherever one stands outside quotes (a comma
 * beside them is a decimal comma, as in `1,5;2,25`), the more frequent of the two; else ','.
 */
export function detectDelimiter(text: string): Delimiter {
  const end = text.search(/\r?\n/);
  const first = end < 0 ? text : text.slice(0, end);
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of first) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch as Delimiter]++;
  }
  if (counts[';'] === 0 && counts['\t'] === 0) return ',';
  return counts['\t'] > counts[';'] ? '\t' : ';';
}

/** A number written with a decimal point, or with a decimal comma. */
const POINT_NUMBER = /^[+-]?(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const COMMA_NUMBER = /^[+-]?(?:\d+,\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The decimal mark the cells use, shown one record at a time (so that no file's cells need be
 * kept): a comma when some cell reads as a decimal-comma number (with a comma delimiter only a
 * quoted cell can), else a point. Cells of both kinds are refused, naming one of each, since
 * either reading would be a guess.
 */
export class DecimalMarks {
  private point: { line: number; column: number; cell: string } | null = null;
  private comma: { line: number; column: number; cell: string } | null = null;
  private readonly look: boolean;

  /** The whole text, tested once for the characters a decimal needs, and its delimiter. */
  constructor(text: string, delimiter: Delimiter) {
    // One native scan of the text, far cheaper than a test of each of millions of cells:
    // a comma with a comma delimiter is inside a cell only within quotes.
    this.look = text.includes('.') || mayHoldComma(text, delimiter);
  }

  see({ line, cells }: CsvRecord): void {
    if (!this.look || (this.point && this.comma)) return;
    // includes() first: a regular expression on each of millions of cells took seconds.
    for (let c = 0; c < cells.length; c++) {
      const raw = cells[c]!;
      if (!this.point && raw.includes('.') && POINT_NUMBER.test(raw.trim())) {
        this.point = { line, column: c + 1, cell: raw.trim() };
      }
      if (!this.comma && raw.includes(',') && COMMA_NUMBER.test(raw.trim())) {
        this.comma = { line, column: c + 1, cell: raw.trim() };
      }
    }
  }

  mark(): DecimalMark {
    const { point, comma } = this;
    if (!comma) return '.';
    if (!point) return ',';
    throw new CsvError(
      `the numbers mix decimal points (line ${point.line}, column ${point.column}: "${point.cell}") and decimal commas (line ${comma.line}, column ${comma.column}: "${comma.cell}"): write every number with the same mark`,
    );
  }
}

const mayHoldComma = (text: string, delimiter: Delimiter) =>
  text.includes(',') && (delimiter !== ',' || text.includes('"'));

/** Whether some cell is a number with a decimal point; includes() first, as in DecimalMarks. */
export const hasPointNumber = (cells: readonly string[]) =>
  cells.some((c) => c.includes('.') && POINT_NUMBER.test(c.trim()));

/**
 * A comma-delimited row whose integers look like decimals split at their comma (`1,05,2,5` from
 * `1,05;2,5`): a cell after the first with a leading zero, such as `05`, is a fraction's digits,
 * not a number anyone writes. The reader refuses such a row unless some row has a decimal point.
 */
export const hasFractionDigits = (cells: readonly string[]) =>
  cells.some((c, i) => i > 0 && isFractionDigits(c));

/** `05`: digits after a leading zero (length and includes() first: this runs on every cell). */
export const isFractionDigits = (cell: string) =>
  cell.length > 1 && cell.includes('0') && /^0\d+$/.test(cell.trim());

/** How to write a file with decimal commas so that it reads one way only. */
export const DECIMAL_COMMA_FIX =
  'if the numbers use decimal commas, separate the fields with ";" (1,5;2,25), quote them ("1,5","2,25"), or write decimal points (1.5,2.25)';

/**
 * Rows a CSV file may have: far more than a data set trained in the app, and a bound on what
 * reading takes (each row costs a few hundred bytes: a 64 MiB file of `0` lines is 33 million).
 */
export const MAX_ROWS = 2 ** 20;

/**
 * Splits the text into records, handing each to `onRecord` as it is cut, so that a reader need
 * not keep tens of millions of cells at once; blank lines are skipped, a byte-order mark is
 * dropped. Refuses the record past `maxRows` at its line.
 */
export function forEachRecord(
  text: string,
  delimiter: string,
  onRecord: (record: CsvRecord) => void,
  maxRows = MAX_ROWS,
): void {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let count = 0;
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let start = 1;
  let quoteLine = 0;
  const endRecord = () => {
    cells.push(field);
    // A line with nothing on it is not a record of one empty field.
    if (!(cells.length === 1 && cells[0] === '' && !wasQuoted)) {
      if (count === maxRows) {
        const message = `more than ${maxRows.toLocaleString('en-US')} rows in one file`;
        throw new CsvError(`line ${start}: ${message}`, [{ line: start, message }]);
      }
      count++;
      onRecord({ line: start, cells });
    }
    cells = [];
    field = '';
    wasQuoted = false;
  };
  // Fields are cut from the text a run at a time (a character at a time, a 64 MiB field took
  // gigabytes of string pieces); `run` is where the current run of plain characters starts.
  let run = 0;
  // Char codes, not s[i]: a string per character of a 64 MiB file cost seconds.
  const [QUOTE, LF, CR, DELIMITER] = [34, 10, 13, delimiter.charCodeAt(0)];
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (quoted) {
      if (ch === QUOTE) {
        field += s.slice(run, i);
        if (s.charCodeAt(i + 1) === QUOTE) {
          field += '"';
          i++;
        } else quoted = false;
        run = i + 1;
      } else if (ch === LF) line++;
    } else if (ch === QUOTE && (field + s.slice(run, i)).trim() === '') {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
      field = '';
      run = i + 1;
    } else if (ch === DELIMITER) {
      cells.push(field + s.slice(run, i));
      field = '';
      run = i + 1;
    } else if (ch === LF || ch === CR) {
      field += s.slice(run, i);
      if (ch === CR && s.charCodeAt(i + 1) === LF) i++;
      endRecord();
      line++;
      start = line;
      run = i + 1;
    }
  }
  if (quoted) {
    throw new CsvError(`line ${quoteLine}: a quoted field is never closed`, [
      { line: quoteLine, message: 'a quoted field is never closed' },
    ]);
  }
  field += s.slice(run);
  if (field !== '' || cells.length > 0 || wasQuoted) endRecord();
}

/**
 * A number as the CSV convention and NumPy's `loadtxt` read one: optional sign, digits with at
 * most one decimal mark, optional exponent. No hexadecimal or binary literals, no `1_000`.
 */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The cell as a finite number, or null; with a decimal comma, a point is not a decimal mark. */
export function readNumber(cell: string, decimal: DecimalMark = '.'): number | null {
  // trim() only when an end may be white space (JavaScript's is all ≤ 32 or ≥ 127): this runs
  // once per cell, tens of millions of times, and so is checked by hand rather than by NUMBER.
  const t = mayNeedTrim(cell) ? cell.trim() : cell;
  const kind = numberKind(t, decimal === ',' ? COMMA : POINT);
  if (kind === NOT_A_NUMBER) return null;
  // Up to 15 characters of digits are exact in a double: added up here faster than Number().
  if (kind === INTEGER && t.length <= 15) return integerValue(t);
  const v = Number(decimal === ',' ? t.replace(',', '.') : t);
  return Number.isFinite(v) ? v : null;
}

const [PLUS, MINUS, POINT, COMMA, ZERO, NINE] = [43, 45, 46, 44, 48, 57];
const isDigit = (code: number) => code >= ZERO && code <= NINE;
const isPlain = (code: number) => code > 32 && code < 127;
const mayNeedTrim = (cell: string) =>
  !isPlain(cell.charCodeAt(0)) || !isPlain(cell.charCodeAt(cell.length - 1));

const [NOT_A_NUMBER, INTEGER, DECIMAL] = [0, 1, 2];

/**
 * Whether `t` is a NUMBER written with `mark` (the char code of '.' or ','), any other mark
 * refused; an INTEGER is a sign and digits only, a DECIMAL has a mark or an exponent.
 */
function numberKind(t: string, mark: number): number {
  let i = 0;
  const c0 = t.charCodeAt(0);
  if (c0 === PLUS || c0 === MINUS) i++;
  const start = i;
  while (isDigit(t.charCodeAt(i))) i++;
  let kind = INTEGER;
  if (t.charCodeAt(i) === mark) {
    i++;
    kind = DECIMAL;
    while (isDigit(t.charCodeAt(i))) i++;
  }
  if (i - start - (kind === DECIMAL ? 1 : 0) === 0) return NOT_A_NUMBER;
  const e = t.charCodeAt(i);
  if (e === 101 || e === 69) {
    i++;
    kind = DECIMAL;
    const sign = t.charCodeAt(i);
    if (sign === PLUS || sign === MINUS) i++;
    if (!isDigit(t.charCodeAt(i))) return NOT_A_NUMBER;
    while (isDigit(t.charCodeAt(i))) i++;
  }
  return i === t.length ? kind : NOT_A_NUMBER;
}

/** The value of a short INTEGER (−0 for "-0", as Number() reads it). */
function integerValue(t: string): number {
  const c0 = t.charCodeAt(0);
  let v = 0;
  for (let i = c0 === PLUS || c0 === MINUS ? 1 : 0; i < t.length; i++) {
    v = v * 10 + t.charCodeAt(i) - ZERO;
  }
  return c0 === MINUS ? -v : v;
}

/** Why a cell is not a number, for `line 3, column 2: expected a number, found …`. */
export function notANumber(cell: string): string {
  const t = cell.trim();
  const found = describeCell(cell);
  if (/^[+-]?0[xXbBoO]/.test(t)) {
    return `expected a decimal number, found ${found}: hexadecimal, binary and octal literals are not read`;
  }
  if (/^[+-]?(?:nan|inf|infinity)$/i.test(t)) return `expected a finite number, found ${found}`;
  if (NUMBER.test(t)) return `expected a finite number, found ${found} (too large)`;
  return `expected a number, found ${found}`;
}

/** How a cell that is not a number reads in a message. */
export function describeCell(cell: string): string {
  const t = cell.trim();
  if (t === '') return 'an empty cell';
  return JSON.stringify(t.length > 24 ? `${t.slice(0, 24)}…` : t);
}
