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

/** The delimiter that splits the first line into the most fields (outside quotes), else ','. */
export function detectDelimiter(text: string): Delimiter {
  const end = text.search(/\r?\n/);
  const first = end < 0 ? text : text.slice(0, end);
  let best: Delimiter = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const ch of first) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > most) {
      most = count;
      best = d;
    }
  }
  return best;
}

/** Splits the text into records; blank lines are skipped, a byte-order mark is dropped. */
export function parseRecords(text: string, delimiter: string): CsvRecord[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
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
    if (!(cells.length === 1 && cells[0] === '' && !wasQuoted))
      records.push({ line: start, cells });
    cells = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
      field = '';
    } else if (ch === delimiter) {
      cells.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += ch;
    }
  }
  if (quoted) {
    throw new CsvError(`line ${quoteLine}: a quoted field is never closed`, [
      { line: quoteLine, message: 'a quoted field is never closed' },
    ]);
  }
  if (field !== '' || cells.length > 0 || wasQuoted) endRecord();
  return records;
}

/** Optional sign, digits with at most one point, optional exponent: what a data file holds. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The cell as a finite number, or null. */
export function readNumber(cell: string): number | null {
  const t = cell.trim();
  if (!NUMBER.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

/** How a cell that is not a number reads in a message. */
export function describeCell(cell: string): string {
  const t = cell.trim();
  if (t === '') return 'an empty cell';
  return JSON.stringify(t.length > 24 ? `${t.slice(0, 24)}…` : t);
}
