/**
 * The compute budget on the command line (issue 13): a small valid model whose picture input is
 * 4096×4096 used to take 10.8 s and 4.2 GB to predict one photo, and with 1,024 channels ended
 * in V8's "Invalid typed array length". Each is now refused from its shapes, before a picture
 * is read; each run is timed by /usr/bin/time, so holding gigabytes would show.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryLimit } from './memory-limit.ts';
import { runCli } from './test-support.ts';
import { UsageError } from './usage.ts';

let dir: string;
const weightcraft = (...args: string[]) => runCli({ cwd: dir, timeout: 60_000 }, ...args);
const bin = join(import.meta.dirname, '..', 'bin', 'weightcraft.js');

/** `weightcraft ...args` under /usr/bin/time: its exit code, stderr, and its peak memory. */
async function measured(...args: string[]) {
  try {
    await promisify(execFile)('/usr/bin/time', ['-f', 'peak %M', 'node', bin, ...args], {
      cwd: dir,
      timeout: 60_000,
    });
    throw new Error(`weightcraft ${args.join(' ')} succeeded`);
  } catch (error) {
    const { code, stderr } = error as { code: number; stderr: string };
    const lines = stderr.trimEnd().split('\n');
    const peak = Number(/^peak (\d+)$/.exec(lines.pop()!)![1]) * 1024;
    return { code, stderr: lines.filter((l) => !/^Command exited/.test(l)).join('\n'), peak };
  }
}

/**
 * Issue 13's model: a 4096×4096 RGB picture input, then a 1×1 convolution; as a classifier,
 * its channels' means into two classes.
 */
function hugeModel(filters: number, classifier = false): string {
  const head = [
    { type: 'globalavgpool', id: 'n3' },
    {
      ...{ type: 'dense', id: 'n4', biases: [0, 0] },
      weights: new Array(filters).fill([0.1, -0.1]),
    },
    { type: 'softmax', id: 'n5' },
  ];
  const wires = [
    { from: 'n1', to: 'n2' },
    { from: 'n2', to: 'n3' },
    { from: 'n3', to: 'n4' },
    { from: 'n4', to: 'n5' },
  ];
  return JSON.stringify({
    format: 'weightcraft-model',
    version: 4,
    metadata: { name: 'huge' },
    layers: [
      {
        ...{ type: 'image-input', id: 'n1', height: 4096, width: 4096, channels: 3 },
        ...{ mean: [0, 0, 0], std: [1, 1, 1] },
      },
      {
        ...{ type: 'conv2d', id: 'n2', stride: 1, padding: 0 },
        weights: [[[0, 1, 2].map(() => new Array<number>(filters).fill(0.5))]],
        biases: new Array<number>(filters).fill(0),
      },
      ...(classifier ? head : []),
    ],
    wires: classifier ? wires : wires.slice(0, 1),
    examples: [],
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weightcraft-budget-'));
  await writeFile(join(dir, 'huge16.json'), hugeModel(16));
  await writeFile(join(dir, 'huge1024.json'), hugeModel(1024));
  await writeFile(join(dir, 'classifier.json'), hugeModel(16, true));
  // A folder of class subfolders whose pictures are not pictures: reading one would fail.
  for (const name of ['cat', 'dog']) {
    await mkdir(join(dir, 'pets', name), { recursive: true });
    await writeFile(join(dir, 'pets', name, '1.png'), 'not a picture');
  }
  expect(
    await weightcraft('new', '--layers', '4,5,3', '--activations', 'relu,softmax', '-o', 'm.json'),
  ).toMatchObject({ code: 0 });
  await writeFile(join(dir, 'X.json'), JSON.stringify([[1, 2, 3, 4]]));
});

const GiB = 2 ** 30;

describe('the 958-byte model of issue 13', () => {
  it('with 1,024 channels: refused at any limit, naming the layer, its shape and the bytes', async () => {
    // The photo does not exist: the refusal comes before it is looked for.
    const result = await measured('predict', 'huge1024.json', 'photo.png');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'weightcraft: huge1024.json: layers[1] (Conv2D, node "n2") needs 64 GiB for its output 4096×4096×1024 float32 at batch 1: 17,179,869,184 values, more than the 4,294,967,296 one array can hold — use smaller pictures, fewer channels or a smaller batch',
    );
    expect(result.peak).toBeLessThan(0.5 * GiB);
  });

  it('with 16 channels: refused over --memory-limit before any picture is read', async () => {
    const result = await measured('predict', 'huge16.json', 'photo.png', '--memory-limit', '2GB');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'weightcraft: huge16.json: layers[1] (Conv2D, node "n2") needs 3.38 GiB for its output 4096×4096×16 float32 at batch 1, with 1.38 GiB of kernel memory; the limit is 1.86 GiB (--memory-limit)',
    );
    expect(result.peak).toBeLessThan(0.5 * GiB);
  });

  it('evaluate and train refuse it before reading the folder’s pictures', async () => {
    const evaluate = await measured(
      'evaluate',
      'classifier.json',
      'pets',
      '--memory-limit',
      '3GiB',
    );
    expect(evaluate.code).toBe(1);
    expect(evaluate.stderr).toMatch(
      /^weightcraft: classifier\.json: layers\[1\] \(Conv2D, node "n2"\) needs [\d.]+ GiB for its output 4096×4096×16 float32 at batch [12], .*; the limit is 3 GiB \(--memory-limit\)$/,
    );
    expect(evaluate.peak).toBeLessThan(0.5 * GiB);
    const args = ['classifier.json', '--data', 'pets', '-o', 'out.json', '--memory-limit', '4GiB'];
    const train = await measured('train', ...args);
    expect(train.code).toBe(1);
    // Two pictures, a batch of two shared by two workers: each holds its output and its
    // gradient (1 GiB each) and its kernels' copies for the backward pass.
    expect(train.stderr).toMatch(
      /^weightcraft: classifier\.json: layers\[1\] \(Conv2D, node "n2"\) needs [\d.]+ GiB for its output 4096×4096×16 float32 at batch 2, with [\d.]+ GiB of kernel memory; the limit is 4 GiB \(--memory-limit\)$/,
    );
    expect(train.peak).toBeLessThan(0.5 * GiB);
  });
});

describe('--memory-limit', () => {
  it('forward refuses rows over the limit, naming the layer that passes it', async () => {
    const refused = await weightcraft(
      'forward',
      'm.json',
      '--input',
      'X.json',
      '--memory-limit',
      '1KiB',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^weightcraft: m\.json: layers\[\d\] \(\w+, node "n\d"\) needs \d+ bytes for its output \d+ float64 at batch 1, which brings the forward pass to [\d.]+ KiB(, [\d.]+ KiB of it the parameters \(43 values\), their copies and the input batch)?; the limit is 1 KiB \(--memory-limit\)\n$/,
    );
    const ok = await weightcraft('forward', 'm.json', '--input', 'X.json', '--memory-limit', '1MB');
    expect(ok).toMatchObject({ code: 0, stderr: '' });
  });

  it('is read as a size, or refused as usage', async () => {
    expect(memoryLimit('2GB')).toEqual({ bytes: 2e9, source: '--memory-limit' });
    expect(memoryLimit('512MiB').bytes).toBe(512 * 2 ** 20);
    expect(memoryLimit(undefined, 16 * GiB)).toEqual({
      bytes: 8 * GiB,
      source: "half of this machine's 16 GiB; set another with --memory-limit",
    });
    expect(() => memoryLimit('lots')).toThrow(UsageError);
    const bad = await weightcraft(
      'forward',
      'm.json',
      '--input',
      'X.json',
      '--memory-limit',
      'lots',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'weightcraft: --memory-limit: expected a size such as 2GB, 512MiB or 6G, found "lots"\nRun "weightcraft help" for usage.\n',
    );
  });

  it('validate prints the estimate and warns over the limit, and still succeeds', async () => {
    const result = await weightcraft('validate', 'huge16.json', '--memory-limit', '1GiB');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /\ncompute: a forward pass of 1 sample holds 3\.[\d]+ GiB and takes 1\.7 GFLOP; a training step at batch 64 holds \d+ GiB and takes \d+ GFLOP\n$/,
    );
    expect(result.stderr).toMatch(
      /^weightcraft: warning: huge16\.json: layers\[1\] \(Conv2D, node "n2"\) needs 3\.38 GiB .*the limit is 1 GiB \(--memory-limit\)\n/,
    );
  });
});
