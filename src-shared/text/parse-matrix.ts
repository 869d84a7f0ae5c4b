/**
 * A matrix pasted as text, in the forms a learner copies from:
 * - Python and NumPy: `[[0.2, 0.8], [0.5, -0.91]]`, `np.array([[...]])`, NumPy's repr
 *   `array([[ 1.2, -3. ]])`, its print form without commas `[[ 4.8  1.21]\n [ 8.9 -1.81]]`,
 *   `X = [[...]]` as written in the notebook; a flat list `[1, 2, 3]` is one row.
 * - Rows of text: CSV, TSV (a spreadsheet's copy), `;`-separated or space-separated, one row a
 *   line; a first row of words (a header) is skipped. The separator is the first of tab, `;`,
 *   `,` found in the text, else runs of spaces; with tab or `;` cells may use a decimal comma.
 * Every cell goes through `parseNumber`. Rows are numbered from 1 as they end up in the matrix
 * (a skipped header and blank lines do not count).
 */
import { parseNumber } from './parse-number.ts';

export type ParsedMatrix = { rows: number[][] } | { error: string };

type Cells = { cells: string[][] } | { error: string };

/** `name = ` before a list or array, as in the notebook's `X = [[1, 2, 3, 2.5], ...]`. */
const ASSIGNMENT = /^[A-Za-z_]\w*\s*=(?!=)\s*/;
const ARRAY_CALL = /^(?:(?:np|numpy)\.)?(?:array|asarray)\s*\(([\s\S]*)\)\s*;?$/;
const DTYPE_ARGUMENT = /,\s*dtype\s*=\s*[\w.'"]+\s*$/;
/** NumPy 2 writes scalars in a list as `np.float64(0.5)`. */
const SCALAR_CALL = /^(?:(?:np|numpy)\.)?(?:float|int)\d*\((.*)\)$/;
const QUOTED = /^(["'])(.*)\1$/;
const NON_FINITE_WORD = /^[+-]?(?:nan|inf|infinity)$/i;

const SUMMARISED =
  'NumPy left values out ("..."): print the array in full with ' +
  'np.set_printoptions(threshold=sys.maxsize) and copy it again';

export function parseMatrix(text: string): ParsedMatrix {
  const body = unwrap(text.trim());
  if (typeof body !== 'string') return body;
  if (body === '') return { error: 'empty: paste rows of numbers' };
  const parsed = body.startsWith('[') ? parseBrackets(body) : splitRows(body);
  if ('error' in parsed) return parsed;
  return toNumbers(parsed.cells);
}

/** Strips `X = ` and `np.array(…, dtype=…)` around a bracketed list. */
function unwrap(s: string): string | { error: string } {
  let body = s;
  const assigned = body.replace(ASSIGNMENT, '');
  if (assigned !== body && (assigned.startsWith('[') || ARRAY_CALL.test(assigned))) body = assigned;
  const call = ARRAY_CALL.exec(body);
  if (call) {
    body = (call[1] ?? '').trim().replace(DTYPE_ARGUMENT, '').trim();
    if (!body.startsWith('[')) return { error: 'expected a list in [brackets] inside array(…)' };
  }
  return body;
}

/** A bracketed list: each level holds cells or further lists. */
type Node = string | Node[];

interface Token {
  text: string;
  line: number;
}

class BracketError extends Error {}

/**
 * Python lists (commas) and NumPy's print form (spaces) alike: between items a comma is
 * optional, a trailing comma is allowed as in Python, two commas in a row are not.
 * Several top-level lists in a row (`[1, 2]\n[3, 4]`) are rows.
 */
function parseBrackets(body: string): Cells {
  const tokens: Token[] = [];
  let line = 1;
  let lineCounted = 0;
  for (const match of body.matchAll(/\[|\]|,|[^\s[\],]+/g)) {
    for (let i = lineCounted; i < match.index; i++) if (body[i] === '\n') line++;
    lineCounted = match.index;
    tokens.push({ text: match[0], line });
  }
  if (tokens.some((t) => isEllipsis(t.text))) return { error: SUMMARISED };
  let next = 0;
  const fail = (message: string, token?: Token): never => {
    throw new BracketError(token ? `line ${token.line}: ${message}` : message);
  };
  const list = (): Node[] => {
    const open = tokens[next++]!;
    const items: Node[] = [];
    let comma = true; // a comma may not come first
    for (;;) {
      const token = tokens[next];
      if (!token) return fail(`missing "]" for the "[" on line ${open.line}`);
      if (token.text === ']') {
        next++;
        return items;
      }
      if (token.text === ',') {
        if (comma) fail(items.length ? 'two commas in a row' : 'a comma before any value', token);
        comma = true;
        next++;
        continue;
      }
      items.push(token.text === '[' ? list() : token.text);
      if (token.text !== '[') next++;
      comma = false;
    }
  };

  const top: Node[][] = [];
  try {
    while (next < tokens.length) {
      const token = tokens[next]!;
      if (token.text === '[') top.push(list());
      else if (token.text === ',' && top.length > 0) next++;
      else fail(`unexpected "${clip(token.text)}" outside the brackets`, token);
    }
  } catch (error) {
    if (error instanceof BracketError) return { error: error.message };
    throw error;
  }

  const matrix: Node[] = top.length === 1 ? top[0]! : top;
  if (matrix.every((item) => typeof item === 'string')) {
    return matrix.length === 0 ? { error: 'no numbers found' } : { cells: [matrix] };
  }
  if (!matrix.every((item) => Array.isArray(item))) {
    return { error: 'mixes numbers and lists: write a list of rows like [[1, 2], [3, 4]]' };
  }
  const cells: string[][] = [];
  for (const row of matrix) {
    if (!row.every((item) => typeof item === 'string')) {
      return { error: 'a list of matrices (3-D or more): paste one matrix' };
    }
    cells.push(row);
  }
  return { cells };
}

/** Lines of cells split at tab, `;`, `,` or spaces; a first line of words is a header. */
function splitRows(body: string): Cells {
  const lines = body.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  const separator = ['\t', ';', ','].find((s) => body.includes(s));
  const cells = lines.map((l) =>
    separator ? l.split(separator).map((c) => c.trim()) : l.trim().split(/\s+/),
  );
  if (cells[0] && isHeader(cells[0])) cells.shift();
  return { cells };
}

/** Every cell a word (or blank), at least one word; `nan` and `inf` are values, not words. */
function isHeader(row: readonly string[]): boolean {
  const isWord = (c: string) =>
    /\p{L}/u.test(c) && !NON_FINITE_WORD.test(c) && 'error' in parseNumber(unquote(c));
  return row.some(isWord) && row.every((c) => c === '' || isWord(c));
}

function toNumbers(cells: readonly string[][]): ParsedMatrix {
  const first = cells[0];
  if (!first) return { error: 'no numbers found' };
  const rows: number[][] = [];
  for (const [r, row] of cells.entries()) {
    if (row.length === 0) return { error: `row ${r + 1} is empty` };
    if (row.length !== first.length) {
      return { error: `row ${r + 1} has ${values(row.length)}, row 1 has ${first.length}` };
    }
    const numbers: number[] = [];
    for (const [c, cell] of row.entries()) {
      if (isEllipsis(cell)) return { error: SUMMARISED };
      const parsed = parseNumber(unquote(cell));
      if ('error' in parsed) {
        return { error: `row ${r + 1}, column ${c + 1} ("${clip(cell)}"): ${parsed.error}` };
      }
      numbers.push(parsed.value);
    }
    rows.push(numbers);
  }
  return { rows };
}

/** `"0.5"` from a quoting CSV writer, `np.float64(0.5)` from NumPy 2's list repr. */
function unquote(cell: string): string {
  if (!/["'(]/.test(cell)) return cell;
  const quoted = QUOTED.exec(cell);
  const inner = quoted ? (quoted[2] ?? '') : cell;
  return SCALAR_CALL.exec(inner)?.[1] ?? inner;
}

const isEllipsis = (cell: string) => cell === '...' || cell === '…';
const values = (n: number) => (n === 1 ? '1 value' : `${n} values`);
const clip = (s: string) => (s.length > 20 ? s.slice(0, 20) + '…' : s);
