/** `weightcraft train` and `evaluate` as a user runs them: child processes, stdout not a terminal. */
import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../src-shared/nn/model.ts';
import type { Tensor } from '../src-shared/tensor/tensor.ts';
import { parseModelFile } from '../src-shared/model-file/index.ts';
import { runCli } from './test-support.ts';

let dir: string;
const weightcraft = (...args: string[]) => runCli(dir, ...args);

/**
 * Two Gaussian blobs, "left" around x1 = −2 and "right" around x1 = 2 (sd 0.7), with a second
 * feature on another scale (1000 ± 50) so scaling matters; Box–Muller on a fixed Lehmer sequence.
 */
function blobsCsv(perClass: number): string {
  let state = 12345;
  const uniform = () => (state = (state * 48271) % 2147483647) / 2147483647;
  const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const rows = ['x1,x2,side'];
  for (let i = 0; i < perClass; i++) {
    for (const [side, centre] of [
      ['left', -2],
      ['right', 2],
    ] as const) {
      rows.push(
        `${(centre + 0.7 * gauss()).toFixed(4)},${(1000 + 50 * gauss()).toFixed(2)},${side}`,
      );
    }
  }
  return rows.join('\n') + '\n';
}

const figures = (stdout: string, name: string) => {
  const m = new RegExp(`^${name}\\s+loss (\\S+)\\s+accuracy (\\S+)`, 'm').exec(stdout);
  return m ? { loss: Number(m[1]), accuracy: Number(m[2]) } : null;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weightcraft-train-'));
  await writeFile(join(dir, 'blobs.csv'), blobsCsv(60));
  const made = await Promise.all([
    weightcraft(
      'new',
      '--seed',
      '0',
      '--layers',
      '2,64,3',
      '--activations',
      'relu,softmax',
      '-o',
      'm.json',
    ),
    weightcraft(
      'new',
      '--seed',
      '0',
      '--layers',
      '2,8,2',
      '--activations',
      'relu,softmax',
      '-o',
      'b.json',
    ),
    weightcraft(
      'new',
      '--seed',
      '0',
      '--layers',
      '4,5,3',
      '--activations',
      'relu,softmax',
      '-o',
      'm4.json',
    ),
  ]);
  expect(made.map((r) => r.code)).toEqual([0, 0, 0]);
});

describe('weightcraft train and evaluate', () => {
  it(
    'learns the spiral (nnfs: Adam, lr 0.05, decay 5e-7) and evaluate agrees',
    { timeout: 60_000 },
    async () => {
      const run = await weightcraft(
        'train',
        'm.json',
        '--data',
        'spiral:3x100',
        '--epochs',
        '10000',
        '--batch',
        '0',
        '--lr',
        '0.05',
        '--optimizer',
        'adam',
        '--decay',
        '5e-7',
        '-o',
        't.json',
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[0]).toBe(
        'training m.json on spiral:3x100: 300 samples, 2 features, 3 classes; adam lr 0.05, inverse-time decay 5e-7; categorical-crossentropy, float64; 10000 epochs of 1 step (batch 300) on this thread',
      );
      // Not a terminal: a plain line every 1000 epochs, the last one included.
      const progress = lines.filter((l) => l.startsWith('epoch '));
      expect(progress.map((l) => l.split(/\s+/)[1])).toEqual(
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => `${k * 1000}/10000`),
      );
      for (const line of progress) {
        expect(line).toMatch(
          /^epoch +\d+\/10000 {2}loss \S+ {2}accuracy \d\.\d{4} {2}\d+ steps\/s {2}[\d.]+ (s|min)$/,
        );
      }
      expect(run.stdout).toMatch(/^done: 10000 epochs, 10000 steps in [\d.]+ s$/m);
      expect(lines.at(-1)).toBe('wrote t.json');
      const trained = figures(run.stdout, 'training')!;
      expect(trained.accuracy).toBeGreaterThanOrEqual(0.95);
      expect(figures(run.stdout, 'validation')).toBeNull();

      const model = JSON.parse(await readFile(join(dir, 't.json'), 'utf8'));
      // One training record: settings, curves, figures, data, version and times.
      const { training } = model;
      expect(training.data).toEqual({
        name: 'spiral:3x100',
        hash: null,
        training: 300,
        validation: 0,
      });
      expect(training.settings).toEqual({
        optimizer: 'adam',
        learningRate: 0.05,
        schedule: 'inverse-time',
        decay: 5e-7,
        momentum: 0.9,
        nesterov: false,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
        weightDecay: 0,
        loss: 'categorical-crossentropy',
        labelSmoothing: 0,
        augment: { shift: 0, flip: false },
        batchSize: 0,
        epochs: 10000,
        seed: 0,
        validationSplit: 0,
        precision: 'float64',
      });
      expect(training.curves.step).toHaveLength(10000);
      expect(training.curves.loss.at(-1)).toBeLessThan(training.curves.loss[0]);
      expect(training.final).toMatchObject({ epochs: 10000, steps: 10000, validationLoss: null });
      expect([training.classNames, training.preprocessing]).toEqual([null, null]);
      const { version } = JSON.parse(
        await readFile(new URL('../package.json', import.meta.url), 'utf8'),
      );
      expect(training.weightcraft).toBe(version);
      expect(Date.parse(training.ended)).toBeGreaterThanOrEqual(Date.parse(training.started));
      expect(model.metadata).toMatchObject({ name: 'Dense 2-64-3', seed: 0 });
      expect(Object.keys(model.metadata).filter((key) => key.startsWith('trained.'))).toEqual([]);
      expect(model.layers.map((l: { type: string }) => l.type)).toEqual([
        'input',
        'dense',
        'relu',
        'dense',
        'softmax',
      ]);

      const evaluation = await weightcraft('evaluate', 't.json', 'spiral:3x100', '--json');
      expect(evaluation.code).toBe(0);
      expect(evaluation.stdout.trim().split('\n')).toHaveLength(1);
      const result = JSON.parse(evaluation.stdout);
      expect(result.samples).toBe(300);
      expect(result.accuracy).toBe(training.final.accuracy);
      expect(result.loss).toBe(training.final.loss);
      expect(result.accuracy.toFixed(4)).toBe(trained.accuracy.toFixed(4));
      const diagonal = result.confusion.reduce(
        (s: number, row: number[], i: number) => s + row[i]!,
        0,
      );
      expect(result.confusion.flat().reduce((a: number, b: number) => a + b)).toBe(300);
      expect(diagonal / 300).toBe(result.accuracy);
    },
  );

  it('trains on a CSV file with z-score scaling and a validation split; evaluate reuses both', async () => {
    const run = await weightcraft(
      'train',
      'b.json',
      '--data',
      'blobs.csv',
      '--epochs',
      '25',
      '--batch',
      '16',
      '--lr',
      '0.02',
      '--normalize',
      'zscore',
      '--validation',
      '0.25',
      '--seed',
      '3',
      '-o',
      'bt.json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'on blobs.csv: 90 samples (+30 for validation, chosen by a shuffle seeded with --seed), 2 features, 2 classes (left, right) (CSV read as comma-delimited, decimal point); adam lr 0.02, inverse-time decay 0.00001; categorical-crossentropy, float64; 25 epochs of 6 steps (batch 16) on this thread',
    );
    // Every third epoch (a tenth of 25, rounded up) and the last.
    const epochs = run.stdout.match(/^epoch +\d+/gm)!.map((e) => Number(e.split(/\s+/)[1]));
    expect(epochs).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 25]);
    expect(run.stdout).toMatch(
      /^epoch 25\/25 {2}loss \S+ {2}accuracy \S+ {2}val loss \S+ {2}val accuracy \S+ {2}\d+ steps\/s {2}[\d.]+ s$/m,
    );
    expect(figures(run.stdout, 'training')!.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(figures(run.stdout, 'validation')!.accuracy).toBeGreaterThanOrEqual(0.9);
    const { training } = JSON.parse(await readFile(join(dir, 'bt.json'), 'utf8'));
    expect(training.classNames).toEqual(['left', 'right']);
    expect(training.preprocessing.kind).toBe('features');
    expect(training.preprocessing.normalization).toBe('z-score');
    expect(training.preprocessing.offset).toHaveLength(2);
    expect(training.data).toMatchObject({ name: 'blobs.csv', training: 90, validation: 30 });
    expect(training.data.hash).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
    expect(training.final.validationTotal).toBe(30);
    expect(training.final.validationRight / 30).toBe(training.final.validationAccuracy);

    const table = await weightcraft('evaluate', 'bt.json', 'blobs.csv');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(
      /^bt\.json on blobs\.csv \(read as comma-delimited, decimal point\): 120 samples\nloss {6}\S+\naccuracy {2}\S+ {2}\(\d+ of 120 right\)\n/,
    );
    expect(table.stdout).toMatch(
      /confusion matrix \(rows: true class, columns: predicted class\)\ntrue \\ predicted +left +right\nleft +\d+ +\d+\nright +\d+ +\d+\n/,
    );
    // Any wrong rows follow, most confident first, each with its true class.
    const mistakes = [
      ...table.stdout.matchAll(/^ {2}row (\d+): (left|right) (\d+\.\d)% \(true: (left|right)\)$/gm),
    ];
    expect(mistakes.every((m) => m[2] !== m[4])).toBe(true);
    const confidences = mistakes.map((m) => Number(m[3]));
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));

    // predict scales new rows with the stored statistics and names the stored classes.
    await writeFile(join(dir, 'two.csv'), 'x1,x2\n-2.5,1000\n2.5,1000\n');
    const answers = await weightcraft('predict', 'bt.json', 'two.csv');
    expect(answers.stderr).toBe('');
    expect(answers.stdout).toMatch(
      /^two\.csv row 1: left \d+\.\d%\ntwo\.csv row 2: right \d+\.\d%\n$/,
    );
  });

  it('trains the same network in float32 with --precision, to a similar accuracy', async () => {
    const run = await weightcraft(
      ...['train', 'm.json', '--data', 'spiral:3x100', '--epochs', '3000', '--lr', '0.05'],
      ...['--precision', 'float32', '-o', 'f32.json'],
    );
    expect(run.stderr).toBe('');
    const accuracy = Number(run.stdout.match(/^training +loss \S+ +accuracy (\d+\.\d+)/m)?.[1]);
    expect(accuracy).toBeGreaterThan(0.8);
    const { training } = JSON.parse(await readFile(join(dir, 'f32.json'), 'utf8'));
    expect(training.settings).toMatchObject({
      precision: 'float32',
      loss: 'categorical-crossentropy',
    });
    const wrong = await weightcraft(
      ...['train', 'm.json', '--data', 'spiral:3x100', '--precision', 'half', '-o', 'x.json'],
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--precision/);
  }, 60_000);

  it('refuses data the model does not fit, in one line naming the file', async () => {
    const features = await weightcraft(
      'train',
      'm4.json',
      '--data',
      'spiral:3x100',
      '-o',
      'x.json',
    );
    expect(features).toMatchObject({
      code: 1,
      stderr: 'weightcraft: m4.json: the data has 2 features, but the Input layer takes 4\n',
    });
    const classes = await weightcraft('evaluate', 'm.json', 'spiral:2x50');
    expect(classes).toMatchObject({
      code: 1,
      stderr:
        "weightcraft: m.json: the data has 2 classes, but the network's softmax puts out 3 (one per class)\n",
    });
  });

  it('explains an unknown data set, a missing file and a bad CSV line', async () => {
    const unknown = await weightcraft('train', 'm.json', '--data', 'moons:2x100', '-o', 'x.json');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'weightcraft: --data: unknown data set "moons": choose one of spiral, vertical, xor, circles, digits\nRun "weightcraft help" for usage.\n',
    );
    const missing = await weightcraft('evaluate', 'm.json', 'nothing.csv');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^weightcraft: nothing\.csv: no such file \(.*spiral:3x100\)\n$/,
    );
    await writeFile(join(dir, 'bad.csv'), 'x1,x2,side\n1,2,left\n0.5,abc,right\n');
    const bad = await weightcraft('train', 'b.json', '--data', 'bad.csv', '-o', 'x.json');
    expect(bad).toMatchObject({
      code: 1,
      stderr: 'weightcraft: bad.csv: line 3, column 2: expected a number, found "abc"\n',
    });
    const usage = await weightcraft(
      'train',
      'm.json',
      '--data',
      'spiral:3x100',
      '--validation',
      '0.9',
      '-o',
      'x.json',
    );
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--validation: expected a share from 0 to 0.5, found "0.9"');
  });

  it("stops on a non-finite loss with the trainer's message and exit code 1, saying what OUT holds", async () => {
    // Three steps an epoch: the loss goes bad within the first, before anything is written.
    const early = await weightcraft(
      ...['train', 'm.json', '--data', 'spiral:3x100', '--epochs', '50', '--batch', '100'],
      ...['--lr', '1e300', '-o', 'diverged.json'],
    );
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(
      /^weightcraft: training stopped: the loss became NaN at step 2 \(epoch 1\); the weights of the last good step are kept: learning rate 1e300 is far above the usual 1e-4\.\.0\.1 for Adam; try 0\.001; nothing was written\n$/,
    );
    await expect(access(join(dir, 'diverged.json'))).rejects.toThrow();

    // One step an epoch: the first epoch is written, then the second step goes bad.
    const late = await weightcraft(
      ...['train', 'm.json', '--data', 'spiral:3x100', '--epochs', '50', '--lr', '1e300'],
      ...['-o', 'diverged.json'],
    );
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(
      /^weightcraft: training stopped: the loss became NaN at step 2 \(epoch 2\); .*; diverged\.json holds the model after epoch 1\n$/,
    );
    const kept = parseModelFile(await readFile(join(dir, 'diverged.json'), 'utf8'));
    expect(kept.training!.final).toMatchObject({ epochs: 1, steps: 1 });
    expect(kept.training!.curves.step).toEqual([1]);
  });

  it('says once, with its cause and a rate to try, when a run is not learning', async () => {
    // lr 1e-9: the 0.01·randn weights hardly move, so the loss stays at ln 3 for good.
    const run = await weightcraft(
      ...['train', 'm.json', '--data', 'spiral:3x20', '--epochs', '150', '--lr', '1e-9'],
      ...['-o', 'stuck.json'],
    );
    expect(run.code).toBe(0);
    const hints = run.stdout.split('\n').filter((line) => line.startsWith('hint: '));
    expect(hints).toEqual([
      'hint: Not learning: the loss has stayed at 1.101 for 100 steps, what guessing gives (ln 3 = 1.099), and the accuracy at 30%. Likely cause: learning rate 1e-9 is far below the usual 1e-4..0.1 for Adam; try 0.001.',
    ]);
  });

  it('stops a run whose loss runs away while staying finite, and OUT gets the weights kept', async () => {
    // lr 1e6: the loss stays finite near 10, far above a guess's ln 3, and the weights blow up.
    const run = await weightcraft(
      ...['train', 'm.json', '--data', 'spiral:3x100', '--epochs', '500', '--lr', '1e6'],
      ...['-o', 'ran-away.json'],
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^weightcraft: training stopped: the loss ran away at step \d+ \(epoch \d+\): [\d.]+ on average over the last 10 steps, more than four times 1\.099 \(the untrained network's or a guess's\); the weights are as they were: learning rate 1e6 is far above the usual 1e-4\.\.0\.1 for Adam; try 0\.001; /,
    );
    // Epoch 1 was written before the run was caught: the file gets the weights it began with.
    expect(run.stderr).toMatch(/ran-away\.json holds the weights kept\n$/);
    const dense = (m: Model) => m.nodes.filter((n) => n.layer.type === 'dense').map((n) => n.layer);
    const started = parseModelFile(await readFile(join(dir, 'm.json'), 'utf8'));
    const kept = parseModelFile(await readFile(join(dir, 'ran-away.json'), 'utf8'));
    expect(dense(kept)).toEqual(dense(started));
    expect(kept.training!.final.epochs).toBe(0);
  });
  it('warns before training a hidden Dense whose all-zero W blocks learning, and trains it as it is', async () => {
    // m.json (2-64-3) with its hidden W zeroed, as a network built from the palette starts.
    const file = JSON.parse(await readFile(join(dir, 'm.json'), 'utf8'));
    const hidden = file.layers.find((l: { type: string }) => l.type === 'dense');
    hidden.weights = hidden.weights.map((row: number[]) => row.map(() => 0));
    await writeFile(join(dir, 'zero.json'), JSON.stringify(file));
    const run = await weightcraft(
      ...['train', 'zero.json', '--data', 'spiral:3x20', '--epochs', '20', '-o', 'zero-out.json'],
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `weightcraft: warning: zero.json: layers[1] (Dense, node "${hidden.id}"): W is all zeros and no bias is above 0, so behind a ReLU it puts out 0 and gets no gradient: it would learn nothing at all. Training it as it is.\n`,
    );
    // Trained as asked: the run happened, and the hidden W is still all zeros.
    expect(run.stdout).toMatch(/^wrote zero-out\.json$/m);
    const trained = parseModelFile(await readFile(join(dir, 'zero-out.json'), 'utf8'));
    const weights = trained.nodes.find((n) => n.id === hidden.id)!.layer as { weights: Tensor };
    expect(weights.weights.data.every((x) => x === 0)).toBe(true);
  });
});
