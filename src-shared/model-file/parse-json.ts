/**
 * A strict JSON parser that knows where it is, so every error names a line and column.
 * It is iterative (an explicit stack), so a 1,000,000-deep `[[[[…` costs no call stack and
 * stops at MAX_DEPTH; it counts what it builds and stops at MAX_VALUES, MAX_CONTAINERS and
 * MAX_KEYS, so no file within the size limit takes more than a few hundred MB to read. Beyond JSON.parse it refuses NaN and Infinity tokens (Python's json
 * writes them), numbers that overflow to Infinity, duplicate keys and prototype keys.
 * Engines word JSON.parse errors differently and some give no position, hence our own.
 */
import { childPath, ModelFileError } from './errors.ts';
import { FORBIDDEN_KEYS, MAX_CONTAINERS, MAX_DEPTH, MAX_KEYS, MAX_VALUES } from './limits.ts';

type ListFrame = { readonly kind: 'list'; readonly items: unknown[] };
type ObjectFrame = {
  readonly kind: 'object';
  readonly entries: Record<string, unknown>;
  key: string;
};
type Frame = ListFrame | ObjectFrame;

const WORDS = [
  ['true', true],
  ['false', false],
  ['null', null],
] as const;
const NON_FINITE = ['NaN', 'Infinity', '-Infinity'];
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** How much one parse may build; the limits by default, smaller in tests. */
export interface ParseBudget {
  readonly values: number;
  readonly containers: number;
  readonly keys: number;
}

const LIMITS: ParseBudget = { values: MAX_VALUES, containers: MAX_CONTAINERS, keys: MAX_KEYS };

export function parseJson(text: string, budget: ParseBudget = LIMITS): unknown {
  return new Parser(text, budget).parse();
}

class Parser {
  private pos = 0;
  private readonly stack: Frame[] = [];
  /** What has been read so far, against the budget. */
  private values = 0;
  private containers = 0;
  private keys = 0;

  constructor(
    private readonly text: string,
    private readonly budget: ParseBudget,
  ) {
    // Editors on Windows may start the file with a byte order mark.
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  parse(): unknown {
    let value: unknown;
    // Each turn reads one value, then closes every list and object that value completes.
    next: for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      this.count('values', 'values');
      if (c === '[' || c === '{') {
        if (this.stack.length >= MAX_DEPTH) {
          this.refuse(`nesting deeper than ${MAX_DEPTH} levels`, this.pos);
        }
        this.count('containers', 'lists and objects');
        this.pos++;
        this.skipSpace();
        if (c === '[') {
          if (this.text[this.pos] !== ']') {
            this.stack.push({ kind: 'list', items: [] });
            continue next;
          }
          value = [];
        } else {
          if (this.text[this.pos] !== '}') {
            const frame: ObjectFrame = { kind: 'object', entries: {}, key: '' };
            this.stack.push(frame);
            this.readKey(frame);
            continue next;
          }
          value = {};
        }
        this.pos++;
      } else {
        value = this.readScalar();
      }
      for (;;) {
        const top = this.stack[this.stack.length - 1];
        if (!top) break next;
        this.skipSpace();
        const after = this.text[this.pos];
        if (top.kind === 'list') {
          top.items.push(value);
          if (after === ',') {
            this.pos++;
            continue next;
          }
          if (after !== ']') {
            this.syntax(`expected ',' or ']' after a list item, found ${this.here()}`);
          }
          // A list grown by push keeps up to 16 spare slots (150 bytes for `[0]`); a copy has none.
          value = top.items.slice();
        } else {
          top.entries[top.key] = value;
          if (after === ',') {
            this.pos++;
            this.skipSpace();
            this.readKey(top);
            continue next;
          }
          if (after !== '}') this.syntax(`expected ',' or '}' after a value, found ${this.here()}`);
          value = top.entries;
        }
        this.pos++;
        this.stack.pop();
      }
    }
    this.skipSpace();
    if (this.pos < this.text.length) {
      this.syntax(`expected the end of the file after the JSON value, found ${this.here()}`);
    }
    return value;
  }

  /** Counts one more of `what` at pos, refusing past its budget. */
  private count(counter: keyof ParseBudget, what: string, at = this.pos): void {
    const limit = this.budget[counter];
    if (++this[counter] > limit) {
      this.refuse(`more than ${limit.toLocaleString('en-US')} ${what} in one file`, at);
    }
  }

  /** Reads `"key":` into the frame and leaves pos at the value. */
  private readKey(frame: ObjectFrame): void {
    const start = this.pos;
    if (this.text[start] !== '"') {
      const hint = this.text[start] === '}' ? ' (a comma before a closing } is not allowed)' : '';
      this.syntax(`expected a key in double quotes, found ${this.here()}${hint}`);
    }
    const key = this.readString();
    frame.key = key;
    this.count('keys', 'keys', start);
    if (FORBIDDEN_KEYS.includes(key)) this.refuse(`the key "${key}" is not allowed`, start);
    if (Object.hasOwn(frame.entries, key)) this.refuse('the key appears twice', start);
    this.skipSpace();
    if (this.text[this.pos] !== ':') this.syntax(`expected ':' after a key, found ${this.here()}`);
    this.pos++;
  }

  private readScalar(): unknown {
    const { text, pos } = this;
    const c = text[pos];
    if (c === '"') return this.readString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.readNumber();
    for (const [word, value] of WORDS) {
      if (text.startsWith(word, pos)) {
        this.pos += word.length;
        return value;
      }
    }
    const token = NON_FINITE.find((word) => text.startsWith(word, pos));
    if (token) this.nonFinite(token, pos);
    const trailingComma =
      (c === ']' || c === '}') && /,\s*$/.test(text.slice(Math.max(0, pos - 64), pos));
    const hint = trailingComma ? ' (a comma before a closing bracket is not allowed)' : '';
    return this.syntax(`expected a value, found ${this.here()}${hint}`);
  }

  /** JSON's number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  private readNumber(): number {
    const { text } = this;
    const start = this.pos;
    if (text[this.pos] === '-') {
      if (text.startsWith('-Infinity', this.pos)) this.nonFinite('-Infinity', start);
      this.pos++;
    }
    if (text[this.pos] === '0') this.pos++;
    else this.digits('a digit');
    if (text[this.pos] === '.') {
      this.pos++;
      this.digits("a digit after '.'");
    }
    if (text[this.pos] === 'e' || text[this.pos] === 'E') {
      this.pos++;
      if (text[this.pos] === '+' || text[this.pos] === '-') this.pos++;
      this.digits('a digit in the exponent');
    }
    const token = text.slice(start, this.pos);
    // Number() rounds a JSON number exactly as JSON.parse does.
    const value = Number(token);
    if (!Number.isFinite(value)) {
      this.nonFinite(token.slice(0, 24), start, ' (it overflows a float64)');
    }
    return value;
  }

  private digits(expected: string): void {
    const start = this.pos;
    while (this.pos < this.text.length && isDigit(this.text.charCodeAt(this.pos))) this.pos++;
    if (this.pos === start) this.syntax(`expected ${expected}, found ${this.here()}`);
  }

  private readString(): string {
    const { text } = this;
    const start = this.pos;
    let out = '';
    let chunk = ++this.pos;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (Number.isNaN(code)) {
        this.pos = start;
        this.syntax('unterminated string: no closing " before the end of the file');
      }
      if (code === 0x22) break;
      if (code < 0x20) {
        this.syntax(
          `control character U+${hex(code)} inside a string, write it as an escape like \\n`,
        );
      }
      if (code !== 0x5c) {
        this.pos++;
        continue;
      }
      out += text.slice(chunk, this.pos);
      const escape = text[this.pos + 1] ?? '';
      if (escape === 'u') {
        const digits = text.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.syntax('expected 4 hex digits after \\u');
        out += String.fromCharCode(parseInt(digits, 16));
        this.pos += 6;
      } else {
        const char = ESCAPES[escape];
        if (char === undefined) this.syntax(`unknown escape \\${escape} in a string`);
        out += char;
        this.pos += 2;
      }
      chunk = this.pos;
    }
    out += text.slice(chunk, this.pos);
    this.pos++;
    return out;
  }

  private skipSpace(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  /** The character at pos as a message names it. */
  private here(): string {
    const code = this.text.charCodeAt(this.pos);
    if (Number.isNaN(code)) return 'the end of the file';
    return code < 0x20 || code === 0x7f ? `U+${hex(code)}` : `'${this.text[this.pos]}'`;
  }

  private nonFinite(token: string, at: number, note = ''): never {
    const detail = `expected a finite number, found ${token}${note} at ${this.where(at)}`;
    return this.refuse(`${detail} — non-finite numbers are not allowed`, at, false);
  }

  /** Not JSON: the message starts with the position. */
  private syntax(detail: string): never {
    const position = this.position(this.pos);
    throw new ModelFileError(
      '',
      `line ${position.line}, column ${position.column}: ${detail}`,
      position,
    );
  }

  /** Valid JSON we do not accept: the message starts with the JSON path. */
  private refuse(detail: string, at: number, addPosition = true): never {
    const position = this.position(at);
    const message = addPosition ? `${detail} at ${this.where(at)}` : detail;
    throw new ModelFileError(this.path(), message, position);
  }

  /** The JSON path of the value being read. */
  private path(): string {
    let path = '';
    for (const frame of this.stack) {
      path = childPath(path, frame.kind === 'list' ? frame.items.length : frame.key);
    }
    return path;
  }

  private where(at: number): string {
    const { line, column } = this.position(at);
    return `line ${line}, column ${column}`;
  }

  /** 1-based line and column (in UTF-16 code units) of an offset. */
  private position(at: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let i = this.text.indexOf('\n'); i !== -1 && i < at; i = this.text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, column: at - lineStart + 1 };
  }
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}
