/**
 * The picture commands end to end, as a user runs them: new --template, train on a folder,
 * evaluate on a folder, predict. The pictures are tiny generated ones (bright vs dark, with
 * noise), so a small CNN learns them in seconds; a non-picture file is in the folder too.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residualCnnDocument } from '../src-shared/document/test-support.ts';
import { modelFromDocument } from '../src-shared/document/model-io.ts';
import { parseModelFile, serializeModel } from '../src-shared/model-file/index.ts';
import { RandomState } from '../src-shared/rng/random-state.ts';
import { encodeBmp } from '../src-shared/vision/bmp-test-support.ts';
import { runCli } from './test-support.ts';

let dir: string;
const rng = new RandomState(3);

async function picture(path: string, level: number): Promise<void> {
  const pixels = Buffer.alloc(12 * 12 * 3);
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = Math.max(0, Math.min(255, Math.round(level + 40 * (rng.randomSample() - 0.5))));
  }
  await sharp(pixels, { raw: { width: 12, height: 12, channels: 3 } })
    .png()
    .toFile(path);
}

/** `evaluate --json`'s report, the same keys for pictures and rows. */
interface Report {
  samples: number;
  right: number;
  accuracy: number;
  loss: number;
  classes: string[];
  skipped: { file: string; reason: string }[];
  mistakes: { input: string; truth: string; predicted: string; confidence: number }[];
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weightcraft-images-'));
  for (const [name, level] of [
    ['bright', 200],
    ['dark', 60],
  ] as const) {
    await mkdir(join(dir, 'pictures', name), { recursive: true });
    for (let i = 0; i < 24; i++) await picture(join(dir, 'pictures', name, `${i}.png`), level);
  }
  await writeFile(join(dir, 'pictures', 'dark', 'notes.txt'), 'not a picture');
  process.env.WEIGHTCRAFT_CACHE = join(dir, 'cache');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('weightcraft with a folder of pictures', () => {
  it('trains a small CNN, then evaluates it and predicts with it', async () => {
    const made = await runCli(
      dir,
      ...['new', '--template', 'small-cnn', '--size', '8', '--widths', '4,8', '-o', 'cnn.json'],
    );
    expect(made.stderr).toBe('');
    const trained = await runCli(
      dir,
      ...['train', 'cnn.json', '--data', 'pictures', '--epochs', '4', '--batch', '8'],
      ...['--lr', '0.05', '--validation', '0.25', '-o', 'trained.json'],
    );
    expect(trained.stderr).toBe('');
    expect(trained.stdout).toContain('skipped 1 file');
    expect(trained.stdout).toContain('dark/notes.txt');
    expect(trained.stdout).toMatch(/2 classes \(bright, dark\)/);
    expect(trained.stdout.match(/^epoch +\d+\/4/gm)).toHaveLength(4);
    const model = parseModelFile(await readFile(join(dir, 'trained.json'), 'utf8'));
    const training = model.training!;
    expect(training.classNames).toEqual(['bright', 'dark']);
    expect(training.final).toMatchObject({ epochs: 4, validationTotal: training.data.validation });
    expect(training.settings).toMatchObject({
      optimizer: 'sgd',
      nesterov: true,
      epsilon: 1e-8,
      learningRate: 0.05,
      batchSize: 8,
      epochs: 4,
      validationSplit: 0.25,
      precision: 'float32',
    });
    expect(training.preprocessing).toMatchObject({
      kind: 'image',
      height: 8,
      width: 8,
      testFlip: true,
    });
    expect(training.data.name).toBe('pictures');
    expect(training.data.training! + training.data.validation!).toBe(48);
    expect(training.data.validation).toBeGreaterThan(0);
    expect(training.data.hash).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
    // One entry per step, each epoch's last with its validation figures.
    expect(training.curves.step).toHaveLength(training.final.steps);
    expect(training.curves.validationAccuracy.filter((v) => v !== null)).toHaveLength(4);

    const evaluation = await runCli(dir, 'evaluate', 'trained.json', 'pictures', '--json');
    expect(evaluation.stderr).toBe('');
    const report = JSON.parse(evaluation.stdout) as Report;
    expect(report.samples).toBe(48);
    expect(report.classes).toEqual(['bright', 'dark']);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(report.right / report.samples).toBe(report.accuracy);
    expect(report.skipped.map((s) => s.file)).toEqual(['dark/notes.txt']);
    expect(report.mistakes).toHaveLength(48 - report.right);

    // Without test-time flips each picture is scored alone: the same pictures, another loss.
    const alone = await runCli(
      dir,
      ...['evaluate', 'trained.json', 'pictures', '--no-test-flip', '--json'],
    );
    const single = JSON.parse(alone.stdout) as Report;
    expect(single.samples).toBe(48);
    expect(single.loss).not.toBe(report.loss);

    const table = await runCli(
      dir,
      ...['evaluate', 'trained.json', 'pictures', '--split', 'validation'],
    );
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(
      /^trained\.json on pictures \(validation split: file-name hash, share 0\.25\): (\d+) samples, 1 files skipped \(listed below\)\nloss {6}\S+\naccuracy {2}\d\.\d{4} {2}\(\d+ of \1 right\)\n/m,
    );
    expect(table.stdout).toMatch(
      /confusion matrix \(rows: true class, columns: predicted class\)\ntrue \\ predicted +bright +dark\n/,
    );

    const predicted = await runCli(
      dir,
      ...[
        'predict',
        'trained.json',
        'pictures/bright/0.png',
        'pictures/dark/1.png',
        'pictures/dark/notes.txt',
      ],
    );
    expect(predicted.code).toBe(1);
    const lines = predicted.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^pictures\/bright\/0\.png: bright \d+\.\d%$/);
    expect(lines[1]).toMatch(/^pictures\/dark\/1\.png: dark \d+\.\d%$/);
    expect(lines[2]).toMatch(/notes\.txt/);
    expect(predicted.stderr).toMatch(/1 of 3 files are not pictures/);
  }, 120_000);

  it('trains the CNN with mean squared error on one-hot targets, in float64 too', async () => {
    await runCli(
      dir,
      ...['new', '--template', 'small-cnn', '--size', '8', '--widths', '4,8', '-o', 'mse.json'],
    );
    for (const precision of ['float32', 'float64']) {
      const trained = await runCli(
        dir,
        ...['train', 'mse.json', '--data', 'pictures', '--epochs', '4', '--batch', '8'],
        ...['--lr', '0.05', '--loss', 'mse', '--precision', precision],
        ...['-o', `mse-${precision}.json`],
      );
      expect(trained.stderr).toBe('');
      const losses = [...trained.stdout.matchAll(/^epoch +\d+\/4 +loss (\d+\.\d+)/gm)].map((m) =>
        Number(m[1]),
      );
      expect(losses).toHaveLength(4);
      // Mean squared error of softmax outputs against one-hot rows lies in [0, 1] and falls.
      expect(Math.max(...losses)).toBeLessThanOrEqual(1);
      expect(losses[3]).toBeLessThan(losses[0]!);
      const report = await runCli(dir, 'evaluate', `mse-${precision}.json`, 'pictures', '--json');
      expect((JSON.parse(report.stdout) as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(
        0.9,
      );
      const saved = parseModelFile(await readFile(join(dir, `mse-${precision}.json`), 'utf8'));
      expect(saved.training!.settings).toMatchObject({ loss: 'mse', precision });
    }
    const wrong = await runCli(
      dir,
      'train',
      'mse.json',
      '--data',
      'pictures',
      '--loss',
      'l1',
      '-o',
      'x.json',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/--loss/);
  }, 180_000);

  it('takes the same options for rows and pictures, and records them alike', async () => {
    await runCli(
      dir,
      ...['new', '--template', 'small-cnn', '--size', '8', '--widths', '4', '-o', 'same.json'],
    );
    await runCli(
      dir,
      ...['new', '--layers', '2,8,2', '--activations', 'relu,softmax'],
      '-o',
      'same-rows.json',
    );
    const options = [
      ...['--optimizer', 'sgd', '--momentum', '0.8', '--schedule', 'one-cycle', '--lr', '0.05'],
      ...['--weight-decay', '0.001', '--loss', 'mse', '--precision', 'float32', '--seed', '4'],
      ...['--epochs', '2', '--batch', '8', '--validation', '0.25', '--workers', '1'],
    ];
    const runs = await Promise.all(
      [
        ['same.json', 'pictures'],
        ['same-rows.json', 'spiral:2x40'],
      ].map(([model, data]) =>
        runCli(dir, 'train', model!, '--data', data!, ...options, '-o', `trained-${model}`),
      ),
    );
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    // One header, progress and summary format for both kinds.
    for (const run of runs) {
      expect(run.stdout).toMatch(
        /^training \S+ on \S+: \d+ samples \(\+\d+ for validation, chosen by [^)]+\), .*; sgd lr 0\.05, one-cycle, momentum 0\.8.*, weight decay 0\.001.*; mse, float32; 2 epochs of \d+ steps \(batch 8\) on 1 worker$/m,
      );
      expect(
        run.stdout.match(
          /^epoch \d\/2 {2}loss \S+ {2}accuracy \S+ {2}val loss \S+ {2}val accuracy \S+ {2}\S+ steps\/s {2}\S+ s$/gm,
        ),
      ).toHaveLength(2);
      expect(run.stdout).toMatch(
        /^done: 2 epochs, \d+ steps in \S+ s\ntraining {4}loss \S+ {2}accuracy \S+ {2}\(\d+ samples\)\nvalidation {2}loss \S+ {2}accuracy \S+ {2}\(\d+ samples\)\nwrote \S+\n$/m,
      );
    }
    const settingsOf = async (model: string) =>
      parseModelFile(await readFile(join(dir, `trained-${model}`), 'utf8')).training!.settings;
    const pictures = await settingsOf('same.json');
    const rows = await settingsOf('same-rows.json');
    const given = {
      optimizer: 'sgd',
      momentum: 0.8,
      schedule: 'one-cycle',
      decay: 0,
      learningRate: 0.05,
      weightDecay: 0.001,
      loss: 'mse',
      labelSmoothing: 0,
      precision: 'float32',
      seed: 4,
      epochs: 2,
      batchSize: 8,
      validationSplit: 0.25,
    };
    expect(pictures).toMatchObject(given);
    expect(rows).toMatchObject(given);
    // Only what the kind's defaults set differently: Nesterov, ε, and augmenting pictures.
    const differ = Object.keys(rows).filter(
      (key) =>
        JSON.stringify(rows[key as keyof typeof rows]) !==
        JSON.stringify(pictures[key as keyof typeof pictures]),
    );
    expect(differ.sort()).toEqual(['augment', 'epsilon', 'nesterov']);
    expect(rows.augment).toEqual({ shift: 0, flip: false });

    // `adam` is Adam on pictures too, at the picture rate Adam and AdamW start from.
    const adam = await runCli(
      dir,
      ...['train', 'same.json', '--data', 'pictures', '--optimizer', 'adam', '--epochs', '1'],
      ...['--batch', '16', '-o', 'adam.json'],
    );
    expect(adam.stderr).toBe('');
    const adamSettings = parseModelFile(await readFile(join(dir, 'adam.json'), 'utf8')).training!
      .settings;
    expect(adamSettings).toMatchObject({ optimizer: 'adam', learningRate: 0.003 });

    const refusals: [string[], string][] = [
      [
        ['same-rows.json', '--data', 'spiral:2x40', '--pad', '2'],
        '--pad applies to folders of pictures only: it shifts pictures by up to that many pixels, and rows of features have no pixels',
      ],
      [
        ['same.json', '--data', 'pictures', '--normalize', 'zscore'],
        '--normalize applies to CSV files and generated data sets only',
      ],
      [
        ['same.json', '--data', 'pictures', '--decay', '0.01'],
        "--decay applies to --schedule inverse-time only (this run's schedule is one-cycle)",
      ],
      [
        ['same-rows.json', '--data', 'spiral:2x40', '--momentum', '0.5'],
        '--momentum applies to --optimizer sgd only',
      ],
    ];
    for (const [args, message] of refusals) {
      const refused = await runCli(dir, 'train', ...args, '-o', 'x.json');
      expect([args.join(' '), refused.code, refused.stderr.split('\n')[0]]).toEqual([
        args.join(' '),
        2,
        `weightcraft: ${message}`,
      ]);
    }
  }, 120_000);

  it('trains a network that branches and merges (a residual block) on the folder', async () => {
    const doc = residualCnnDocument(12);
    await writeFile(join(dir, 'residual.json'), serializeModel(modelFromDocument(doc)));
    const run = await runCli(
      dir,
      ...['train', 'residual.json', '--data', 'pictures', '--epochs', '3', '--batch', '8'],
      ...['--lr', '0.01', '-o', 'residual-trained.json'],
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const trained = parseModelFile(await readFile(join(dir, 'residual-trained.json'), 'utf8'));
    expect(trained.wires.filter((w) => w.to === 'n4').map((w) => w.from)).toEqual(['n3', 'n1']);
    expect(trained.training!.final.epochs).toBe(3);
  });

  it('refuses a folder with one class, and a model that does not take pictures', async () => {
    await mkdir(join(dir, 'one', 'cats'), { recursive: true });
    await picture(join(dir, 'one', 'cats', 'a.png'), 100);
    await runCli(
      dir,
      ...['new', '--template', 'small-cnn', '--size', '8', '--widths', '4', '-o', 'one.json'],
    );
    const single = await runCli(dir, 'train', 'one.json', '--data', 'one', '-o', 'x.json');
    expect(single.code).toBe(1);
    expect(single.stderr).toMatch(/only one class \(cats\)/);

    await runCli(dir, 'new', '--layers', '4,2', '-o', 'dense.json');
    const dense = await runCli(dir, 'train', 'dense.json', '--data', 'pictures', '-o', 'x.json');
    expect(dense.code).toBe(1);
    expect(dense.stderr).toMatch(/needs a model that starts with an image input/);
  }, 60_000);

  it('predict reads a BMP as the same picture in PNG', async () => {
    const [width, height] = [12, 12];
    const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) =>
      i % 4 === 3 ? 255 : (i * 29) % 256,
    );
    await writeFile(join(dir, 'photo.bmp'), encodeBmp({ width, height, rgba, bits: 24 }));
    await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png()
      .toFile(join(dir, 'photo.png'));
    const bmp = await runCli(dir, 'predict', 'trained.json', 'photo.bmp', '--json');
    const png = await runCli(dir, 'predict', 'trained.json', 'photo.png', '--json');
    expect(bmp.stderr).toBe('');
    expect(bmp.code).toBe(0);
    expect(bmp.stdout.replace('photo.bmp', 'photo.png')).toBe(png.stdout);
  }, 60_000);

  it('evaluate refuses a class folder the model does not know: bad input, exit 1', async () => {
    // trained.json is the CNN the first test trained, on bright and dark.
    await mkdir(join(dir, 'unknown', 'bright'), { recursive: true });
    await mkdir(join(dir, 'unknown', 'grey'), { recursive: true });
    await picture(join(dir, 'unknown', 'bright', 'a.png'), 200);
    await picture(join(dir, 'unknown', 'grey', 'b.png'), 128);
    const result = await runCli(dir, 'evaluate', 'trained.json', 'unknown');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "weightcraft: unknown: class folder grey is not among the model's classes (bright, dark)\n",
    );
  }, 60_000);

  it('evaluate --json gives the same keys for a picture model and a model of rows', async () => {
    // trained.json is the CNN the first test trained.
    await runCli(
      dir,
      ...['new', '--layers', '2,8,2', '--activations', 'relu,softmax'],
      '-o',
      'rows.json',
    );
    const pictures = await runCli(dir, 'evaluate', 'trained.json', 'pictures', '--json');
    const rows = await runCli(dir, 'evaluate', 'rows.json', 'spiral:2x20', '--json');
    expect([pictures.stderr, rows.stderr]).toEqual(['', '']);
    const a = JSON.parse(pictures.stdout) as Record<string, unknown>;
    const b = JSON.parse(rows.stdout) as Record<string, unknown>;
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(Object.keys(a)).toEqual([
      ...['model', 'data', 'split', 'splitRule', 'reading', 'samples', 'right', 'accuracy', 'loss'],
      ...['classes', 'confusion', 'skipped', 'mistakes'],
    ]);
    const kinds = (r: Record<string, unknown>) =>
      Object.values(r).map((v) => (Array.isArray(v) ? 'array' : typeof v));
    expect(kinds({ ...a, splitRule: null })).toEqual(kinds(b));
    expect(b).toMatchObject({ model: 'rows.json', data: 'spiral:2x20', split: 'all', samples: 40 });
    expect((b.mistakes as { input: string }[]).every((m) => /^row \d+$/.test(m.input))).toBe(true);
    expect((b.mistakes as unknown[]).length).toBe(40 - (b.right as number));
  }, 60_000);

  it('refuses data of the wrong kind or shape for the model, naming both', async () => {
    await runCli(
      dir,
      ...['new', '--template', 'small-cnn', '--size', '8', '--widths', '4'],
      '-o',
      'kind.json',
    );
    await runCli(
      dir,
      ...['new', '--layers', '4,3,2', '--activations', 'relu,softmax'],
      '-o',
      'four.json',
    );
    await writeFile(join(dir, 'labelled.csv'), 'a,b,label\n1,2,x\n3,4,y\n');
    await writeFile(join(dir, 'rows.csv'), '1,2\n3,4\n');
    const cases: [string[], string][] = [
      [
        ['evaluate', 'kind.json', 'labelled.csv'],
        'kind.json takes 8×8×3 pictures (a folder of class subfolders), but labelled.csv is a CSV file of 2 features per row (a, b)',
      ],
      [
        ['evaluate', 'kind.json', 'spiral:2x10'],
        'kind.json takes 8×8×3 pictures (a folder of class subfolders), but spiral:2x10 is a generated data set of 2 features per row',
      ],
      [
        ['evaluate', 'kind.json', 'pictures/dark/1.png'],
        'kind.json takes 8×8×3 pictures (a folder of class subfolders), but pictures/dark/1.png is a picture (12×12 pixels): weightcraft predict kind.json pictures/dark/1.png classifies one picture',
      ],
      [
        ['evaluate', 'kind.json', 'no-such-folder'],
        'no-such-folder: no such folder (kind.json takes a folder of class subfolders)',
      ],
      [
        ['evaluate', 'four.json', 'pictures'],
        'four.json takes rows of 4 features (a CSV file, or a generated data set such as spiral:3x100), but pictures is a folder of pictures',
      ],
      [
        ['evaluate', 'four.json', 'labelled.csv'],
        'four.json takes rows of 4 features (a CSV file, or a generated data set such as spiral:3x100), but labelled.csv is a CSV file of 2 features per row (a, b)',
      ],
      [
        ['predict', 'kind.json', 'rows.csv'],
        'kind.json takes 8×8×3 pictures (picture files), but rows.csv is 2 rows of 2 features',
      ],
      [
        ['predict', 'four.json', 'rows.csv'],
        'four.json takes rows of 4 features (JSON or CSV files of rows), but rows.csv is 2 rows of 2 features',
      ],
      [
        ['predict', 'four.json', 'pictures/bright/2.png'],
        'four.json takes rows of 4 features (JSON or CSV files of rows), but pictures/bright/2.png is a picture (12×12 pixels)',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(dir, ...args);
      expect([args.join(' '), result.code, result.stderr]).toEqual([
        args.join(' '),
        1,
        `weightcraft: ${message}\n`,
      ]);
    }
    // Options of the other kind of data, and the old --data, are usage mistakes.
    const split = await runCli(dir, 'evaluate', 'four.json', 'spiral:2x10', '--split', 'train');
    expect([split.code, split.stderr.split('\n')[0]]).toEqual([
      2,
      'weightcraft: --split applies to folders of pictures only',
    ]);
    const label = await runCli(dir, 'evaluate', 'kind.json', 'pictures', '--label', 'a');
    expect([label.code, label.stderr.split('\n')[0]]).toEqual([
      2,
      'weightcraft: --label applies to CSV files and generated data sets only',
    ]);
    const old = await runCli(dir, 'evaluate', 'four.json', '--data', 'spiral:2x10');
    expect([old.code, old.stderr.split('\n')[0]]).toEqual([
      2,
      'weightcraft: evaluate takes the data as its second argument, not --data: weightcraft evaluate MODEL DATA',
    ]);
  }, 60_000);
});
