/**
 * Inputs that are not what they claim (issue 13): FIFOs and devices, which used to hang or read
 * forever, and bytes that are not UTF-8, which used to become U+FFFD. Each run is killed if it
 * hangs, so a regression fails here instead of stalling the suite.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support.ts';

let dir: string;
/** Far above a normal run (about a second), far below a hang. */
const weightcraft = (...args: string[]) => runCli({ cwd: dir, timeout: 20_000 }, ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weightcraft-hostile-'));
  // mkfifo is part of coreutils: if it is missing, this throws and every test fails loudly.
  execFileSync('mkfifo', [join(dir, 'pipe.json')]);
  expect(
    await weightcraft(
      ...[
        'new',
        '--seed',
        '0',
        '--layers',
        '4,5,3',
        '--activations',
        'relu,softmax',
        '-o',
        'm.json',
      ],
    ),
  ).toMatchObject({ code: 0 });
});

describe('files that are not regular files', () => {
  it('validate, forward and predict refuse a FIFO by what it is, without waiting', async () => {
    for (const args of [
      ['validate', 'pipe.json'],
      ['forward', 'm.json', '--input', 'pipe.json'],
      ['predict', 'm.json', 'pipe.json'],
    ]) {
      const result = await weightcraft(...args);
      expect({ args, ...result }).toEqual({
        args,
        code: 1,
        stdout: '',
        stderr: 'weightcraft: pipe.json: is a named pipe (FIFO), not a file\n',
      });
    }
  });

  it('validate and evaluate refuse a device, which stats as 0 bytes', async () => {
    expect(await weightcraft('validate', '/dev/zero')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'weightcraft: /dev/zero: is a device, not a file\n',
    });
    const evaluated = await weightcraft('evaluate', 'm.json', '/dev/urandom');
    expect(evaluated.stderr).toBe('weightcraft: /dev/urandom: is a device, not a file\n');
    expect(evaluated.code).toBe(1);
  });
});

describe('bytes that are not UTF-8', () => {
  it('are refused naming the byte, in models, inputs and data alike', async () => {
    await writeFile(join(dir, 'latin1.csv'), Buffer.from('x,y,label\n1,2,caf\xe9\n', 'latin1'));
    await writeFile(join(dir, 'inputs.csv'), Buffer.from('1,2,3,\xff\n', 'latin1'));
    const model = Buffer.concat([
      Buffer.from('{"name": "'),
      Buffer.from([0xc3]),
      Buffer.from('"}'),
    ]);
    await writeFile(join(dir, 'bad.json'), model);
    const expected = (path: string, byte: number) =>
      `weightcraft: ${path}: not a text file (invalid UTF-8 at byte ${byte})\n`;
    expect((await weightcraft('validate', 'bad.json')).stderr).toBe(expected('bad.json', 10));
    expect((await weightcraft('forward', 'm.json', '--input', 'inputs.csv')).stderr).toBe(
      expected('inputs.csv', 6),
    );
    const evaluated = await weightcraft('evaluate', 'm.json', 'latin1.csv');
    expect(evaluated).toMatchObject({ code: 1, stderr: expected('latin1.csv', 17) });
  });
});
