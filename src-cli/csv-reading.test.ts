/** The CLI reads every CSV file with the one reader: delimiter, decimal mark, labels, said or refused. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support.ts';

let dir: string;
const weightcraft = (...args: string[]) => runCli(dir, ...args);
const files: Record<string, string> = {
  'X.json': '[[1.5, 2.25, -3, 0.5], [2, 5, -1, 2]]',
  'X-semicolon.csv': 'a;b;c;d\n1,5;2,25;-3;0,5\n2;5;-1;2\n',
  'X2.json': '[[1.5, -2.25], [0.5, 3]]',
  'X2-semicolon.csv': '1,5;-2,25\n0,5;3\n',
  'hex.csv': '1,2,3,4\n1,0x10,3,4\n0b11,2,3,4\n',
  // Two features with decimal commas, written with a comma delimiter: 4 "features" if read naively.
  'split.csv': '1,5,2,25,0\n3,05,4,75,1\n1,25,2,5,0\n3,5,4,05,1\n',
  'semicolon.csv': 'x;y;label\n1,5;2,25;0\n3,05;4,75;1\n1,25;2,5;0\n3,5;4,05;1\n',
  'signed.csv': 'a,b,label\n1,2,-1\n0,1,0\n2,2,1\n',
  'numbered.csv': 'a,b,label\n1,2,2\n0,1,0\n2,2,1\n',
  'gap.csv': 'a,b,label\n1,2,0\n0,1,2\n2,2,0\n',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weightcraft-csv-'));
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
  const made = await Promise.all([
    weightcraft('new', '--seed', '0', '--layers', '4,5,2', '-o', 'm4.json'),
    weightcraft(
      'new',
      '--seed',
      '0',
      '--layers',
      '2,8,2',
      '--activations',
      'relu,softmax',
      '-o',
      'c2.json',
    ),
    weightcraft(
      'new',
      '--seed',
      '0',
      '--layers',
      '2,8,3',
      '--activations',
      'relu,softmax',
      '-o',
      'c3.json',
    ),
  ]);
  expect(made.map((r) => r.code)).toEqual([0, 0, 0]);
});

describe('forward reads CSV as train does', () => {
  it('reads decimal commas in a semicolon file as the same numbers as JSON, and says so', async () => {
    const json = await weightcraft('forward', 'm4.json', '--input', 'X.json');
    const csv = await weightcraft('forward', 'm4.json', '--input', 'X-semicolon.csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(json.stdout);
    expect(csv.stderr).toBe(
      'weightcraft: warning: X-semicolon.csv read as semicolon-delimited, decimal comma (1,5 is 1.5)\n',
    );
  });

  it('predict reads the same file the same way, and says so', async () => {
    const json = await weightcraft('predict', 'c2.json', 'X2.json');
    const csv = await weightcraft('predict', 'c2.json', 'X2-semicolon.csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout.replaceAll('X2-semicolon.csv', 'X2.json')).toBe(json.stdout);
    expect(csv.stderr).toBe(
      'weightcraft: warning: X2-semicolon.csv read as semicolon-delimited, decimal comma (1,5 is 1.5)\n',
    );
    // The same file through forward: the same warning, word for word.
    const forward = await weightcraft('forward', 'c2.json', '--input', 'X2-semicolon.csv');
    expect(forward.code).toBe(0);
    expect(forward.stderr).toBe(csv.stderr);
  });

  it('refuses hexadecimal and binary literals, naming the line, column and text', async () => {
    const result = await weightcraft('forward', 'm4.json', '--input', 'hex.csv');
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'weightcraft: hex.csv: line 2, column 2: expected a decimal number, found "0x10": hexadecimal, binary and octal literals are not read; ' +
        'line 3, column 1: expected a decimal number, found "0b11": hexadecimal, binary and octal literals are not read\n',
    );
  });
});

describe('train and evaluate', () => {
  it('train reads a semicolon file with decimal commas as 2 features and says which reading', async () => {
    const result = await weightcraft(
      'train',
      'c2.json',
      '--data',
      'semicolon.csv',
      '--epochs',
      '1',
      '-o',
      't.json',
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      'on semicolon.csv: 4 samples, 2 features, 2 classes (0, 1) (CSV read as semicolon-delimited, decimal comma (1,5 is 1.5))',
    );
  });

  it('train refuses decimal commas split by a comma delimiter instead of training on 4 features', async () => {
    const result = await weightcraft(
      'train',
      'm4.json',
      '--data',
      'split.csv',
      '--epochs',
      '1',
      '-o',
      'x.json',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^weightcraft: split\.csv: line 2: "3,05,4,75,1" looks like numbers with decimal commas split by the comma delimiter .*separate the fields with ";"/,
    );
  });

  it('evaluate without stored class names refuses labels other than 0..k−1, naming them', async () => {
    const signed = await weightcraft('evaluate', 'c3.json', 'signed.csv');
    expect(signed).toMatchObject({ code: 1, stdout: '' });
    expect(signed.stderr).toBe(
      "weightcraft: signed.csv: the model stores no class names, so the file's 3 different labels must be the class numbers 0 to 2; found -1, 0, 1. " +
        'Give the label of each class with --labels (--labels=-1,0,1: -1 is class 0), relabel the file with class numbers, or train the model with weightcraft train so that it stores its class names\n',
    );
    // 0 and 2 without 1: numbering them 0 and 1 by sort order would score "2" as class 1.
    const gap = await weightcraft('evaluate', 'c3.json', 'gap.csv');
    expect(gap.stderr).toContain(
      "the file's 2 different labels must be the class numbers 0 to 1; found 0, 2.",
    );
    const numbered = await weightcraft('evaluate', 'c3.json', 'numbered.csv', '--json');
    expect(numbered.code).toBe(0);
    const report = JSON.parse(numbered.stdout) as { classes: string[]; reading: string };
    expect(report.classes).toEqual(['0', '1', '2']);
    expect(report.reading).toBe('comma-delimited, decimal point');
  });

  it('a model trained on labels −1, 0, 1 stores them and evaluate maps the file by name', async () => {
    const trained = await weightcraft(
      'train',
      'c3.json',
      '--data',
      'signed.csv',
      '--epochs',
      '1',
      '-o',
      's.json',
    );
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain('3 classes (-1, 0, 1)');
    // Only two of the three labels, in another order: the names, not the order, pick the classes.
    await writeFile(join(dir, 'two.csv'), 'a,b,label\n1,2,1\n2,2,-1\n');
    const result = await weightcraft('evaluate', 's.json', 'two.csv', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { classes: string[]; confusion: number[][] };
    expect(report.classes).toEqual(['-1', '0', '1']);
    // Rows are true classes: one "-1" and one "1", none "0".
    expect(report.confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([1, 0, 1]);
  });

  it('--labels maps a file for a model without class names, as numbered labels would be', async () => {
    // signed.csv's labels -1, 0, 1 written as the class numbers --labels=-1,0,1 gives them.
    await writeFile(join(dir, 'renumbered.csv'), 'a,b,label\n1,2,0\n0,1,1\n2,2,2\n');
    const mapped = await weightcraft(
      'evaluate',
      'c3.json',
      'signed.csv',
      '--labels=-1,0,1',
      '--json',
    );
    const numbered = await weightcraft('evaluate', 'c3.json', 'renumbered.csv', '--json');
    expect(mapped.stderr).toBe('');
    expect(mapped.code).toBe(0);
    const a = JSON.parse(mapped.stdout) as Record<string, unknown>;
    const b = JSON.parse(numbered.stdout) as Record<string, unknown>;
    expect(a['classes']).toEqual(['-1', '0', '1']);
    expect(a['confusion']).toEqual(b['confusion']);
    expect(a['loss']).toBe(b['loss']);
    // Another order is another mapping: the rows' true classes move with it.
    const reversed = await weightcraft(
      'evaluate',
      'c3.json',
      'signed.csv',
      '--labels=1,0,-1',
      '--json',
    );
    const r = JSON.parse(reversed.stdout) as { confusion: number[][]; classes: string[] };
    expect(r.classes).toEqual(['1', '0', '-1']);
    expect(r.confusion).toEqual([...(b['confusion'] as number[][])].reverse());
  });

  it('--labels refuses what it cannot map, naming it', async () => {
    const missing = await weightcraft('evaluate', 'c3.json', 'signed.csv', '--labels=0,1,2');
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(
      'weightcraft: signed.csv: the label "-1" is not one of the classes --labels lists (0, 1, 2)\n',
    );
    const twice = await weightcraft('evaluate', 'c3.json', 'signed.csv', '--labels=0,0,1');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(
      /^weightcraft: --labels: "0" is listed twice; each class has one label\n/,
    );
    const generated = await weightcraft('evaluate', 'c3.json', 'spiral:3x10', '--labels=0,1,2');
    expect(generated.code).toBe(2);
    expect(generated.stderr).toMatch(/^weightcraft: --labels applies to CSV files only\n/);
  });

  it('train --labels numbers the classes in its order and stores them; evaluate then maps by them', async () => {
    const trained = await weightcraft(
      ...['train', 'c3.json', '--data', 'signed.csv', '--labels=1,-1,0', '--epochs', '1'],
      ...['-o', 'ordered.json'],
    );
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toContain('3 classes (1, -1, 0)');
    const report = await weightcraft('evaluate', 'ordered.json', 'two.csv', '--json');
    const parsed = JSON.parse(report.stdout) as { classes: string[]; confusion: number[][] };
    expect(parsed.classes).toEqual(['1', '-1', '0']);
    // two.csv: one "1" (class 0) and one "-1" (class 1).
    expect(parsed.confusion.map((row) => row.reduce((x, y) => x + y, 0))).toEqual([1, 1, 0]);
    // Stored names are the mapping: a second one is refused rather than weighed against them.
    const both = await weightcraft('evaluate', 'ordered.json', 'two.csv', '--labels=-1,0,1');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(
      /^weightcraft: --labels: ordered\.json stores its class names \(1, -1, 0\) and labels map by them; --labels is for models without them\n/,
    );
  });
});
