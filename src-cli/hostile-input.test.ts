/**
 * Inputs that are not what they claim (issue 13): FIFOs and devices, which used to hang or read
 * forever, and bytes that are not UTF-8, which used to become U+FFFD. Each run is killed if it
 * hangs, so a regression fails here instead of stalling the suite.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
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

describe('results that are not numbers', () => {
  beforeAll(async () => {
    const model = JSON.parse(await readFile(join(dir, 'm.json'), 'utf8'));
    // 1e308 is finite, and so is the file, but four of them summed are not.
    model.layers[1].weights = model.layers[1].weights.map((row: number[]) => row.map(() => 1e308));
    await writeFile(join(dir, 'huge.json'), JSON.stringify(model));
    await writeFile(join(dir, 'rows.json'), '[[1, 2, 3, 2.5], [0, 0, 0, 0]]');
    await writeFile(join(dir, 'data.csv'), 'a,b,c,d,label\n1,2,3,2.5,0\n0,1,0,1,1\n1,1,1,1,2\n');
  });

  const layer1 = 'layers[1] (dense, node "n2") is the first to give a non-finite value';

  it('validate warns about weights that overflow on an ordinary input, and still succeeds', async () => {
    const result = await weightcraft('validate', 'huge.json');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^huge\.json: valid/);
    expect(result.stderr).toBe(
      `weightcraft: warning: huge.json: ${layer1}: inf at [0, 0] of its output for an ordinary row of ±1 features (probe sample 0): its weights are so large that forward, predict and evaluate will fail\n`,
    );
    expect((await weightcraft('validate', 'm.json')).stderr).toBe('');
  });

  it('forward, predict and evaluate stop with exit 1 naming the layer and the place', async () => {
    const tail = ', so there is no result (the weights or the inputs are too large)\n';
    for (const [args, source] of [
      [['forward', 'huge.json', '--input', 'rows.json'], 'rows.json'],
      [['forward', 'huge.json', '--input', 'rows.json', '--numpy'], 'rows.json'],
      [['predict', 'huge.json', 'rows.json'], 'rows.json'],
      [['evaluate', 'huge.json', 'data.csv'], 'data.csv'],
    ] as const) {
      const result = await weightcraft(...args);
      expect({ args, ...result }).toEqual({
        args,
        code: 1,
        stdout: '',
        stderr: `weightcraft: ${source}: ${layer1}: inf at [0, 0] of its output${tail}`,
      });
    }
    // The same inputs through the ordinary model are answered.
    expect((await weightcraft('forward', 'm.json', '--input', 'rows.json')).code).toBe(0);
  });

  it('evaluate on data of 1e308 stops instead of scoring it', async () => {
    // Weights of 1, harmless for ordinary data: four features of 1e308 sum past the largest double.
    const model = JSON.parse(await readFile(join(dir, 'm.json'), 'utf8'));
    model.layers[1].weights = model.layers[1].weights.map((row: number[]) => row.map(() => 1));
    await writeFile(join(dir, 'ones.json'), JSON.stringify(model));
    expect((await weightcraft('evaluate', 'ones.json', 'data.csv')).code).toBe(0);
    await writeFile(
      join(dir, 'big.csv'),
      'a,b,c,d,label\n0,1,0,1,1\n1e308,1e308,1e308,1e308,0\n1,1,1,1,2\n',
    );
    const result = await weightcraft('evaluate', 'ones.json', 'big.csv');
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `weightcraft: big.csv: ${layer1}: inf at [1, 0] of its output, so there is no result (the weights or the inputs are too large)\n`,
    });
  });
});

describe('file names', () => {
  it('are printed escaped, so a name cannot forge an output line', async () => {
    const name = 'evil\n\u001b[32mFAKE: Cat 99.9%.csv';
    await writeFile(join(dir, name), '1,2,3,x\n');
    const result = await weightcraft('predict', 'm.json', name);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      // The message's line breaks become spaces, the escape code is shown, not sent.
      'weightcraft: evil \\x1b[32mFAKE: Cat 99.9%.csv: line 1, column 4: expected a number, found "x"\n',
    );
  });
});

describe('signals and pipes', () => {
  const bin = join(import.meta.dirname, '..', 'bin', 'weightcraft.js');

  it(
    'a reader that goes away ends the command quietly, not with EPIPE',
    { timeout: 20_000 },
    () => {
      // `true` exits at once, long before node has started, so every write meets a closed pipe.
      writeFileSync(
        join(dir, 'pipe-data.csv'),
        'a,b,c,d,label\n1,2,3,2.5,0\n0,1,0,1,1\n1,1,1,1,2\n',
      );
      const script = `node "$1" evaluate m.json pipe-data.csv 2>err.txt | true; echo "\${PIPESTATUS[0]}"`;
      const code = execFileSync('bash', ['-c', script, 'bash', bin], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(code.trim()).toBe('0');
      expect(readFileSync(join(dir, 'err.txt'), 'utf8')).toBe('');
    },
  );
});
