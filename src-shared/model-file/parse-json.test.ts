import { describe, expect, it } from 'vitest';
import { ModelFileError, parseModelFile } from './index.ts';
import { MAX_DEPTH } from './limits.ts';
import { parseJson } from './parse-json.ts';

function refusal(text: string, parse: (text: string) => unknown = parseModelFile): ModelFileError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ModelFileError) return error;
    throw error;
  }
  throw new Error('the text was accepted');
}

/** A model file as Python's json.dump(..., indent=2) writes it, with one weight replaced. */
function pythonFile(weight: string): string {
  return [
    '{',
    '  "format": "weightcraft-model",',
    '  "version": 1,',
    '  "layers": [',
    '    {"type": "input", "units": 2},',
    `    {"type": "dense", "weights": [[0.5, ${weight}]], "biases": [0]}`,
    '  ]',
    '}',
  ].join('\n');
}

describe('JSON syntax errors name the line and column', () => {
  const cases: [string, string, string][] = [
    [
      'a missing comma',
      '{\n  "format": "weightcraft-model",\n  "version": 1\n  "layers": []\n}',
      "line 4, column 3: expected ',' or '}' after a value, found '\"'",
    ],
    [
      'a truncated file',
      '{\n  "layers": [1, 2',
      "line 2, column 18: expected ',' or ']' after a list item, found the end of the file",
    ],
    ['an empty file', '', 'line 1, column 1: expected a value, found the end of the file'],
    [
      'a trailing comma in a list',
      '[1, 2,\n]',
      "line 2, column 1: expected a value, found ']' (a comma before a closing bracket is not allowed)",
    ],
    [
      'a trailing comma in an object',
      '{"a": 1, }',
      "line 1, column 10: expected a key in double quotes, found '}' (a comma before a closing } is not allowed)",
    ],
    ['a missing value', '{"a": }', "line 1, column 7: expected a value, found '}'"],
    ['single quotes', "{'a': 1}", "line 1, column 2: expected a key in double quotes, found '''"],
    [
      'an unterminated string',
      '{"name": "Notebook',
      'line 1, column 10: unterminated string: no closing " before the end of the file',
    ],
    [
      'a line break inside a string',
      '["one\ntwo"]',
      'line 1, column 6: control character U+000A inside a string, write it as an escape like \\n',
    ],
    ['a bad escape', '["\\x41"]', 'line 1, column 3: unknown escape \\x in a string'],
    ['a short \\u escape', '["\\u12"]', 'line 1, column 3: expected 4 hex digits after \\u'],
    ['a bare minus', '[-]', "line 1, column 3: expected a digit, found ']'"],
    ['a number ending in a dot', '[1.]', "line 1, column 4: expected a digit after '.', found ']'"],
    ['an empty exponent', '[1e+]', "line 1, column 5: expected a digit in the exponent, found ']'"],
    [
      'a leading zero',
      '[01]',
      "line 1, column 3: expected ',' or ']' after a list item, found '1'",
    ],
    [
      'text after the value',
      '{}\n{}',
      "line 2, column 1: expected the end of the file after the JSON value, found '{'",
    ],
    [
      'a comment',
      '{} // saved by hand',
      "line 1, column 4: expected the end of the file after the JSON value, found '/'",
    ],
  ];
  it.each(cases)('refuses %s', (_name, text, message) => {
    const error = refusal(text);
    expect(error.message).toBe(message);
    expect(error.path).toBe('');
    expect(error.line).toBe(Number(/line (\d+)/.exec(message)![1]));
  });
});

describe('numbers JSON cannot hold', () => {
  const cases: [string, string][] = [
    ['NaN', 'line 6, column 41'],
    ['Infinity', 'line 6, column 41'],
    ['-Infinity', 'line 6, column 41'],
  ];
  it.each(cases)("refuses Python's %s token at its line and column", (token, where) => {
    const error = refusal(pythonFile(token));
    expect(error.message).toBe(
      `layers[1].weights[0][1]: expected a finite number, found ${token} at ${where} — non-finite numbers are not allowed`,
    );
    expect(error.path).toBe('layers[1].weights[0][1]');
    expect([error.line, error.column]).toEqual([6, 41]);
  });

  it('refuses numbers that overflow a float64 to Infinity', () => {
    expect(refusal(pythonFile('1e999')).message).toBe(
      'layers[1].weights[0][1]: expected a finite number, found 1e999 (it overflows a float64) at line 6, column 41 — non-finite numbers are not allowed',
    );
    expect(refusal(pythonFile('-1e999')).message).toContain(
      'found -1e999 (it overflows a float64)',
    );
  });

  it('accepts numbers that merely underflow to zero, as JSON.parse does', () => {
    expect(parseJson('[1e-999, -1e-999]')).toEqual(JSON.parse('[1e-999, -1e-999]'));
  });
});

describe('keys', () => {
  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses the key %s anywhere, naming its path',
    (key) => {
      const text = `{"metadata": {"name": "x", "${key}": {}}}`;
      expect(refusal(text).message).toBe(
        `metadata.${key}: the key "${key}" is not allowed at line 1, column 28`,
      );
      const deep = `{"layers": [{}, {"type": "dense", "${key}": 1}]}`;
      expect(refusal(deep).path).toBe(`layers[1].${key}`);
    },
  );

  it('refuses a key written twice, which JSON.parse would silently overwrite', () => {
    const text = '{"layers": [{"type": "input", "units": 4,\n  "units": 5}]}';
    expect(refusal(text).message).toBe(
      'layers[0].units: the key appears twice at line 2, column 3',
    );
  });
});

describe('nesting depth', () => {
  it(`accepts ${MAX_DEPTH} levels and refuses ${MAX_DEPTH + 1}`, () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    expect(() => parseJson(nested(MAX_DEPTH))).not.toThrow();
    expect(refusal(nested(MAX_DEPTH + 1), parseJson).message).toBe(
      `${'[0]'.repeat(MAX_DEPTH)}: nesting deeper than ${MAX_DEPTH} levels at line 1, column ${MAX_DEPTH + 1}`,
    );
  });

  it('refuses a 1,000,000-deep file fast, without a stack overflow', () => {
    // Runs under the test timeout: a recursive checker would overflow the stack or hang here.
    for (const text of [
      '['.repeat(1_000_000),
      '['.repeat(1_000_000) + ']'.repeat(1_000_000),
      '{"a":'.repeat(1_000_000),
    ]) {
      expect(refusal(text).message).toMatch(
        /: nesting deeper than 64 levels at line 1, column \d+$/,
      );
    }
    expect(refusal('{"layers":'.repeat(1_000_000)).path).toBe(Array(64).fill('layers').join('.'));
  });
});

describe('the parse budget: values, lists and objects, keys', () => {
  // The limits themselves (millions) are tried by `npm run fuzz` on 64 MiB files; here small budgets.
  const budget = { values: 100, containers: 20, keys: 10 };
  /** `[item,item,…]` with `count` items. */
  const list = (item: string, count: number) => `[${`${item},`.repeat(count - 1)}${item}]`;
  const parse = (text: string) => parseJson(text, budget);

  it('refuses the first value past the budget where it starts', () => {
    // The outer list is a value too: with 99 items it holds the budget, with 100 it is over.
    expect(parse(list('0', 99))).toHaveLength(99);
    const error = refusal(list('0', 100), parse);
    expect(error.message).toBe('[99]: more than 100 values in one file at line 1, column 200');
    expect([error.line, error.column]).toEqual([1, 200]);
  });

  it('refuses the first list past the budget: a file of [0] lists', () => {
    expect(parse(list('[0]', 19))).toHaveLength(19);
    expect(refusal(list('[0]', 20), parse).message).toBe(
      '[19]: more than 20 lists and objects in one file at line 1, column 78',
    );
    expect(refusal(`[${'{},'.repeat(30)}]`, parse).message).toBe(
      '[19]: more than 20 lists and objects in one file at line 1, column 59',
    );
  });

  it('refuses the first key past the budget, counting keys of all objects', () => {
    const object = (from: number, to: number) =>
      `{${Array.from({ length: to - from }, (_, i) => `"k${from + i}": 0`).join(', ')}}`;
    expect(parse(`[${object(0, 5)}, ${object(5, 10)}]`)).toHaveLength(2);
    const error = refusal(`[${object(0, 5)},\n${object(5, 11)}]`, parse);
    expect(error.message).toBe('[1].k10: more than 10 keys in one file at line 2, column 47');
  });
});

describe('parseJson agrees with JSON.parse on valid JSON', () => {
  it.each([
    '{"a": [1, -0, 0.5, -1.5e-3, 1E+2, 123456789012345678901234567890]}',
    '"quote \\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 é 😀"',
    ' \t\r\n[true, false, null, {}, [], [[]], {"": ""}] \n',
    '-0',
    '{"a": {"b": {"c": [1, {"d": 2}]}}, "e": 3}',
  ])('%s', (text) => {
    const value = parseJson(text);
    expect(value).toEqual(JSON.parse(text));
    expect(Object.is(parseJson('-0'), -0)).toBe(true);
  });

  it('skips a byte order mark', () => {
    expect(parseJson('\ufeff{"a": 1}')).toEqual({ a: 1 });
  });
});
