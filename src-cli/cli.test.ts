/** The CLI as a user runs it: a child process, its stdout, stderr and exit code. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './test-support.ts';

let dir: string;
const weightcraft = (...args: string[]) => runCli(dir, ...args);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weightcraft-cli-'));
  await writeFile(
    join(dir, 'X.json'),
    '[[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]',
  );
  await writeFile(join(dir, 'X.csv'), 'a,b,c,d\n1,2,3,2.5\n2.0,5.0,-1.0,2.0\n-1.5,2.7,3.3,-0.8\n');
});

describe('weightcraft CLI', () => {
  it('new then forward --numpy prints the notebook Layer_Dense outputs', async () => {
    expect(
      await weightcraft('new', '--seed', '0', '--layers', '4,5,2', '-o', 'm.json'),
    ).toMatchObject({ code: 0 });
    const result = await weightcraft('forward', 'm.json', '--input', 'X.json', '--numpy');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      '[[ 0.10758131  1.03983522  0.24462411  0.31821498  0.18851053]\n' +
        ' [-0.08349796  0.70846411  0.00293357  0.44701525  0.36360538]\n' +
        ' [-0.50763245  0.55688422  0.07987797 -0.34889573  0.04553042]]\n' +
        '[[ 0.148296   -0.08397602]\n [ 0.14100315 -0.01340469]\n [ 0.20124979 -0.07290616]]\n',
    );
  });

  it('forward prints one JSON object with every layer output at full precision, from JSON or CSV', async () => {
    const json = await weightcraft('forward', 'm.json', '--input', 'X.json');
    const csv = await weightcraft('forward', 'm.json', '--input', 'X.csv');
    expect(json.stdout).toBe(csv.stdout);
    const { outputs } = JSON.parse(json.stdout) as { outputs: number[][][] };
    expect(outputs.map((o) => [o.length, o[0]!.length])).toEqual([
      [3, 5],
      [3, 2],
    ]);
    expect(outputs[1]![0]![0]).toBeCloseTo(0.148296, 6);
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('new writes the seeded weights in the model file exactly', async () => {
    const model = JSON.parse(await readFile(join(dir, 'm.json'), 'utf8'));
    expect(model.layers[1].weights[0][0]).toBe(0.1 * 1.764052345967664);
    expect(model.layers[1].weights).toHaveLength(4);
    expect(model.layers[1].weights[0]).toHaveLength(5);
  });

  it("predict answers for every row of a JSON or CSV file, with the softmax's probabilities", async () => {
    expect(
      await weightcraft(
        ...['new', '--seed', '0', '--layers', '4,5,3', '--activations', 'relu,softmax'],
        ...['-o', 'c.json'],
      ),
    ).toMatchObject({ code: 0 });
    const json = await weightcraft('predict', 'c.json', 'X.csv', 'X.json', '--json');
    expect(json.stderr).toBe('');
    const answers = json.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers.map((a) => a.input)).toEqual([
      ...['X.csv row 1', 'X.csv row 2', 'X.csv row 3'],
      ...['X.json row 1', 'X.json row 2', 'X.json row 3'],
    ]);
    expect(Object.keys(answers[0]!)).toEqual(['input', 'class', 'probability', 'probabilities']);
    // The probabilities are the network's last output, row by row, and the class its largest.
    const { outputs } = JSON.parse(
      (await weightcraft('forward', 'c.json', '--input', 'X.csv')).stdout,
    ) as {
      outputs: number[][][];
    };
    answers.slice(0, 3).forEach((a, i) => {
      const row = outputs.at(-1)![i]!;
      expect(Object.values(a.probabilities as Record<string, number>)).toEqual(row);
      expect(a.class).toBe(String(row.indexOf(Math.max(...row))));
      expect(a.probability).toBe(Math.max(...row));
    });
    const text = await weightcraft('predict', 'c.json', 'X.csv');
    expect(text.stdout).toMatch(/^(X\.csv row [123]: [012] \d+\.\d%\n){3}$/);
  });

  it('validate accepts a good file and refuses a broken one with one line naming the path', async () => {
    const ok = await weightcraft('validate', 'm.json');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('m.json: valid');
    const model = JSON.parse(await readFile(join(dir, 'm.json'), 'utf8'));
    model.layers[1].weights = model.layers[1].weights[0].map((_: number, j: number) =>
      model.layers[1].weights.map((row: number[]) => row[j]),
    );
    await writeFile(join(dir, 'transposed.json'), JSON.stringify(model));
    const bad = await weightcraft('validate', 'transposed.json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      'weightcraft: transposed.json: layers[1].weights: expected a matrix of 5 columns (n_inputs × n_neurons, one column per bias), found 5×4 — transposed?\n',
    );
    // A file that holds a red wire is a valid file whose network cannot run: validate says why.
    model.layers[1].weights = JSON.parse(
      await readFile(join(dir, 'm.json'), 'utf8'),
    ).layers[1].weights.slice(1);
    await writeFile(join(dir, 'red.json'), JSON.stringify(model));
    const red = await weightcraft('validate', 'red.json');
    expect(red.code).toBe(1);
    expect(red.stderr).toBe(
      'weightcraft: red.json: the network cannot run: the wire into Dense n2 does not fit: Dense expects 3 inputs per sample (W (3, 5)), but Input gives 4: shapes (1,4) and (3,5) not aligned: 4 (dim 1) != 3 (dim 0) — W needs shape (4, 5): one row per input\n',
    );
  });

  it('validate summarises a CNN by each layer’s output shape and its parameter count', async () => {
    const fixture = new URL('../src-shared/model-file/fixtures/cnn-v3.json', import.meta.url);
    await writeFile(join(dir, 'cnn.json'), await readFile(fixture, 'utf8'));
    const ok = await weightcraft('validate', 'cnn.json');
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toBe(
      'cnn.json: valid, 11 layers, 59 parameters: image-input(4, 4, 1) → conv2d(4, 4, 2) → batchnorm(4, 4, 2) → relu(4, 4, 2) → maxpool2d(2, 2, 2) → dropout(2, 2, 2) → flatten(8) → dense(3) → relu(3) → dense(2) → softmax(2)\n' +
        // The compute budget's estimate: small pictures, mostly the kernels' own margin.
        'compute: a forward pass of 1 sample holds 132 KiB and takes 769 FLOP; a training step at batch 64 holds 279 KiB and takes 148 kFLOP\n',
    );
  });

  it('a corrupted file gets one line, never a stack trace', async () => {
    await writeFile(
      join(dir, 'cut.json'),
      (await readFile(join(dir, 'm.json'), 'utf8')).slice(0, 200),
    );
    for (const command of [
      ['validate', 'cut.json'],
      ['forward', 'cut.json', '--input', 'X.json'],
    ]) {
      const result = await weightcraft(...command);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^weightcraft: cut\.json: .*line \d+, column \d+/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('explains wrong inputs and wrong usage', async () => {
    await writeFile(join(dir, 'three.json'), '[[1, 2, 3]]');
    const shape = await weightcraft('forward', 'm.json', '--input', 'three.json');
    expect(shape.code).toBe(1);
    expect(shape.stderr).toContain('the input layer takes 4 features per sample, found 3');
    await writeFile(join(dir, 'bad.csv'), '1,2,3,4\n1,x,3,4\n');
    expect((await weightcraft('forward', 'm.json', '--input', 'bad.csv')).stderr).toBe(
      'weightcraft: bad.csv: line 2, column 2: expected a number, found "x"\n',
    );
    expect((await weightcraft('forward', 'missing.json', '--input', 'X.json')).stderr).toBe(
      'weightcraft: missing.json: no such file\n',
    );
    const usage = await weightcraft('new', '--layers', '4,five');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--layers: expected a whole number ≥ 0, found "five"');
    expect((await weightcraft('frobnicate')).code).toBe(2);
    const zero = await weightcraft('new', '--layers', '4,0,2');
    expect([zero.code, zero.stderr.split('\n')[0]]).toEqual([
      2,
      'weightcraft: --layers: every size must be at least 1, found 0 at item 2',
    ]);
    const many = await weightcraft('new', '--layers', '4,5', '--activations', 'relu,softmax');
    expect([many.code, many.stderr.split('\n')[0]]).toEqual([
      2,
      'weightcraft: --activations: 1 Dense layer needs 1 activation, one each, found 2',
    ]);
    const nowhere = await weightcraft('new', '--layers', '4,5', '-o', 'no/such/dir/m.json');
    expect([nowhere.code, nowhere.stderr]).toEqual([
      1,
      'weightcraft: no/such/dir/m.json: no such folder\n',
    ]);
    expect((await weightcraft('help')).stdout).toContain('Usage: weightcraft');
  });
});
