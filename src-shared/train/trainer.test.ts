import { describe, expect, it } from 'vitest';
import { generateDataset, spiralData, xorData } from '../data/generated.ts';
import type { DenseLayer } from '../layers/index.ts';
import type { Network } from '../net/network.ts';
import { RandomState } from '../rng/random-state.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import { freshBatchNorm } from '../vision/init.ts';
import { nnfsTraining } from './fixtures/nnfs-training.ts';
import { initNetwork } from './init.ts';
import type { OptimizerConfig } from './optimizer.ts';
import type { TrainingSettings } from './settings.ts';
import { relativeError } from './test-support.ts';
import type { Labels } from './losses.ts';
import { evaluateOn } from './evaluate.ts';
import { localReplica } from './replica.ts';
import { featureSamples } from './samples.ts';
import { FEATURE_DEFAULTS, type Precision } from './settings.ts';
import {
  createTrainer as createFromOptions,
  type NonFiniteStop,
  type StepReport,
  type Trainer,
  type TrainerCheckpoint,
} from './trainer.ts';

interface Data {
  x: Tensor;
  y: Labels;
}

/** A feature run as these tests write it: data, loss and an optimizer config. */
interface Setup {
  network: Network;
  data: Data;
  validation?: Data;
  loss: TrainingSettings['loss'];
  optimizer: OptimizerConfig;
  batchSize: number;
  seed: number;
  epochs: number;
  precision?: Precision;
  resume?: TrainerCheckpoint;
}

async function createTrainer(s: Setup): Promise<Trainer> {
  const o = s.optimizer;
  return createFromOptions({
    network: s.network,
    data: featureSamples(s.data.x, s.data.y),
    ...(s.validation ? { validation: featureSamples(s.validation.x, s.validation.y) } : {}),
    settings: {
      ...FEATURE_DEFAULTS,
      loss: s.loss,
      optimizer: o.type,
      learningRate: o.learningRate ?? (o.type === 'sgd' ? 1 : 0.001),
      decay: o.decay ?? 0,
      momentum: o.momentum ?? 0,
      batchSize: s.batchSize,
      seed: s.seed,
      epochs: s.epochs,
      precision: s.precision ?? 'float64',
    },
    ...(s.resume ? { resume: s.resume } : {}),
  });
}

const evaluate = (trainer: Trainer, data: Data) => trainer.evaluate(featureSamples(data.x, data.y));

function spiralOptions(overrides: Partial<Setup> = {}): Setup {
  const random = new RandomState(0);
  const data = spiralData(100, 3, { random });
  const network = initNetwork({ sizes: [2, 64, 3], activations: ['relu', 'softmax'], random });
  return {
    network,
    data,
    loss: 'categorical-crossentropy',
    optimizer: { type: 'adam', learningRate: 0.02, decay: 5e-7 },
    batchSize: 32,
    seed: 0,
    epochs: 10,
    ...overrides,
  };
}

function report(r: StepReport | NonFiniteStop): StepReport {
  if ('stopped' in r) throw new Error(r.message);
  return r;
}

async function losses(trainer: Trainer, steps: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push(report(await await trainer.step()).loss);
  return out;
}

function weightsOf(network: Network): number[][] {
  return network.layers.flatMap((l) =>
    l.type === 'dense' ? [[...l.weights.data], [...l.biases.data]] : [],
  );
}

describe('trainer against nnfs’s classes', () => {
  it.each(nnfsTraining.training.map((r) => [r.name, r] as const))(
    '%s: the same losses and accuracies step for step',
    async (_name, run) => {
      const network: Network = {
        layers: [
          { type: 'input', units: 2 },
          {
            type: 'dense',
            weights: tensor(run.init.w1, [2, 64]),
            biases: tensor(new Array(64).fill(0), [64]),
          },
          { type: 'relu' },
          { type: 'dense', weights: tensor(run.init.w2, [64, 3]), biases: tensor([0, 0, 0], [3]) },
          { type: 'softmax' },
        ],
      };
      const optimizer: OptimizerConfig =
        run.batch_size === 32
          ? { type: 'adam', learningRate: 0.02, decay: 5e-7 }
          : { type: 'sgd', learningRate: 1, decay: 1e-3, momentum: 0.9 };
      const trainer = await createTrainer({
        network,
        data: { x: tensor(run.x, [300, 2]), y: Int32Array.from(run.y) },
        loss: 'categorical-crossentropy',
        optimizer,
        batchSize: run.batch_size,
        seed: run.seed,
        epochs: run.epochs,
      });
      for (const want of run.steps) {
        const got = report(await trainer.step());
        // np.dot sums in BLAS's order, ours in index order: equal to rounding.
        expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-13);
        expect(got.accuracy).toBe(want.accuracy);
      }
      expect(trainer.done).toBe(true);
      const [w1, b1, w2, b2] = weightsOf(await trainer.network());
      const f = run.final;
      for (const [a, b] of [
        [w1, f.w1],
        [b1, f.b1],
        [w2, f.w2],
        [b2, f.b2],
      ] as const) {
        expect(relativeError(a!, b)).toBeLessThan(1e-11);
      }
    },
  );
});

describe('trainer', () => {
  it('is deterministic: the same seed gives the same losses, bit for bit', async () => {
    const a = await losses(await createTrainer(spiralOptions()), 60);
    const b = await losses(await createTrainer(spiralOptions()), 60);
    expect(b).toEqual(a);
    const c = await losses(await createTrainer(spiralOptions({ seed: 1 })), 60);
    expect(c).not.toEqual(a);
  });

  it('trains the same network in float32, close to the float64 run step by step', async () => {
    const run = async (precision: 'float32' | 'float64') => {
      const random = new RandomState(0);
      const data = spiralData(100, 3, { random });
      const network = initNetwork({ sizes: [2, 64, 3], activations: ['relu', 'softmax'], random });
      const trainer = await createTrainer({
        network,
        data,
        precision,
        loss: 'categorical-crossentropy',
        optimizer: { type: 'adam', learningRate: 0.05, decay: 5e-7 },
        batchSize: 0,
        seed: 0,
        epochs: 1500,
      });
      const losses: number[] = [];
      while (!trainer.done) losses.push(report(await trainer.step()).loss);
      const weights = (await trainer.network()).layers[1] as DenseLayer;
      return { losses, weights, accuracy: (await evaluate(trainer, data)).accuracy };
    };
    const single = await run('float32');
    const double = await run('float64');
    expect(single.weights.weights.dtype).toBe('float64'); // saved in the layer's own dtype
    // Rounding differs from the first step on; early losses agree to float32's precision.
    for (let i = 0; i < 20; i++) expect(single.losses[i]).toBeCloseTo(double.losses[i]!, 3);
    expect(single.losses[0]).not.toBe(double.losses[0]);
    expect(single.accuracy).toBeGreaterThan(0.8);
  });

  it('trains nnfs’s 2-64-3 network on the spiral to ≥ 95% accuracy in seconds', async () => {
    // The book's chapter 10 run: nnfs.init(), spiral_data(100, 3), Adam(0.05, decay 5e-7),
    // one full batch per epoch.
    const random = new RandomState(0);
    const data = spiralData(100, 3, { random, dtype: 'float32' });
    const network = initNetwork({ sizes: [2, 64, 3], activations: ['relu', 'softmax'], random });
    const trainer = await createTrainer({
      network,
      data,
      loss: 'categorical-crossentropy',
      optimizer: { type: 'adam', learningRate: 0.05, decay: 5e-7 },
      batchSize: 0,
      seed: 0,
      epochs: 10000,
    });
    const start = performance.now();
    let reached = 0;
    let accuracy = 0;
    while (!trainer.done && !reached) {
      const r = report(await trainer.step());
      if (r.epoch % 100 === 0) {
        accuracy = (await evaluate(trainer, data)).accuracy;
        if (accuracy >= 0.95) reached = r.epoch;
      }
    }
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `spiral 3×100: ${(accuracy * 100).toFixed(1)}% at epoch ${reached}, ${seconds.toFixed(2)} s`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(reached).toBeLessThanOrEqual(4000);
  });

  it('reports epochs, validation and the end', async () => {
    const validation = spiralData(20, 3, { seed: 9 });
    const trainer = await createTrainer(spiralOptions({ batchSize: 64, epochs: 2, validation }));
    expect(trainer.stepsPerEpoch).toBe(5); // 300 samples: four batches of 64 and one of 44
    expect(trainer.totalSteps).toBe(10);
    const steps: StepReport[] = [];
    for (let i = 0; i < 10; i++) steps.push(report(await trainer.step()));
    expect(steps.map((s) => [s.epoch, s.batch])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [1, 4],
      [1, 5],
      [2, 1],
      [2, 2],
      [2, 3],
      [2, 4],
      [2, 5],
    ]);
    const first = steps.slice(0, 5);
    const end = steps[4]!.epochEnd!;
    expect(end.epoch).toBe(1);
    expect(end.loss).toBeCloseTo(
      first.reduce((s, r, i) => s + r.loss * (i === 4 ? 44 : 64), 0) / 300,
      14,
    );
    expect(end.validation!.confusion!.flat().reduce((a, b) => a + b)).toBe(60);
    expect(steps.filter((s) => s.epochEnd).length).toBe(2);
    expect(steps.map((s) => s.done)).toEqual([...new Array(9).fill(false), true]);
    await expect(trainer.step()).rejects.toThrow('training is done: 2 epochs, 10 steps');
  });

  it('evaluates loss, accuracy and a confusion matrix with true classes in rows', async () => {
    const options = spiralOptions();
    const trainer = await createTrainer(options);
    const { loss, accuracy, confusion } = await evaluate(trainer, options.data);
    expect(loss).toBeCloseTo(Math.log(3), 3); // tiny initial weights: uniform guesses
    expect(confusion!.map((row) => row.reduce((a, b) => a + b))).toEqual([100, 100, 100]);
    const right = confusion!.reduce((s, row, i) => s + row[i]!, 0);
    expect(accuracy).toBe(right / 300);
  });

  it('evaluates the current weights, whichever replicas compute the steps', async () => {
    const options = spiralOptions();
    const data = featureSamples(options.data.x, options.data.y);
    const trainer = await createFromOptions({
      network: options.network,
      data,
      settings: { ...FEATURE_DEFAULTS, learningRate: 0.05, batchSize: 32, epochs: 3 },
      replicas: [localReplica(), localReplica()],
    });
    for (let i = 0; i < 7; i++) report(await trainer.step());
    const fresh = localReplica();
    await fresh.load(await trainer.network(), 'float64');
    const expected = await evaluateOn([fresh], data, {
      loss: 'categorical-crossentropy',
      outputs: 3,
      endsWithSoftmax: true,
      testFlip: false,
    });
    expect(await trainer.evaluate(data)).toEqual(expected);
  });

  it('counts each epoch’s predictions as it trains: a confusion matrix without another pass', async () => {
    const options = spiralOptions({ batchSize: 64, epochs: 2 });
    const trainer = await createTrainer(options);
    const steps: StepReport[] = [];
    for (let i = 0; i < 5; i++) steps.push(report(await trainer.step()));
    // Every training sample once per epoch, the epoch's right answers on the diagonal.
    const end = steps[4]!;
    const confusion = end.confusion!;
    expect(confusion.map((row) => row.reduce((a, b) => a + b))).toEqual([100, 100, 100]);
    const right = confusion.reduce((sum, row, i) => sum + row[i]!, 0);
    expect(right / 300).toBeCloseTo(end.epochEnd!.accuracy, 12);
    // One batch per epoch: the matrix is a full evaluation of the weights before the step.
    const whole = await createTrainer(spiralOptions({ batchSize: 0 }));
    const before = await evaluate(whole, options.data);
    expect(report(await whole.step()).confusion).toEqual(before.confusion);
  });

  it('evaluates the weights and running statistics it kept after a step that went bad', async () => {
    // One finite but extreme row: its batch's BatchNorm statistics overflow, the step stops.
    const dense = initNetwork({
      sizes: [2, 8, 3],
      activations: ['linear', 'softmax'],
      seed: 1,
      scale: 0.5,
    });
    const layers = [...dense.layers];
    layers.splice(2, 0, freshBatchNorm(8), { type: 'relu' });
    const spiral = spiralData(40, 3, { seed: 0 });
    const x = Float64Array.from(spiral.x.data);
    x.fill(1.7e308, 14, 16);
    const clean = Array.from({ length: 120 }, (_, i) => i).filter((i) => i !== 7);
    const rows = featureSamples(
      tensor(Float64Array.from(clean.flatMap((i) => [x[2 * i]!, x[2 * i + 1]!])), [119, 2]),
      Int32Array.from(clean, (i) => spiral.y[i]!),
    );
    for (const replicas of [undefined, [localReplica(), localReplica()]]) {
      const trainer = await createFromOptions({
        network: { layers },
        data: featureSamples(tensor(x, [120, 2]), spiral.y),
        settings: {
          ...FEATURE_DEFAULTS,
          optimizer: 'sgd',
          learningRate: 0.5,
          batchSize: 16,
          seed: 3,
        },
        ...(replicas ? { replicas } : {}),
      });
      let last: StepReport | NonFiniteStop;
      do last = await trainer.step();
      while (!('stopped' in last));
      const fresh = localReplica();
      await fresh.load(await trainer.network(), 'float64');
      const expected = await evaluateOn([fresh], rows, {
        loss: 'categorical-crossentropy',
        outputs: 3,
        endsWithSoftmax: true,
        testFlip: false,
      });
      expect(Number.isFinite(expected.loss)).toBe(true);
      expect(await trainer.evaluate(rows)).toEqual(expected);
    }
  });

  it('gives snapshots that later steps do not change', async () => {
    const trainer = await createTrainer(spiralOptions());
    const before = await trainer.network();
    const copy = weightsOf(before);
    await trainer.step();
    expect(weightsOf(before)).toEqual(copy);
    expect(weightsOf(await trainer.network())).not.toEqual(copy);
  });

  it('resumes from a checkpoint to the same losses as an unbroken run', async () => {
    const straight = await losses(await createTrainer(spiralOptions()), 40);
    const first = await createTrainer(spiralOptions());
    const head = await losses(first, 23); // mid-epoch: 10 steps per epoch
    // As it comes back from the engine worker.
    const checkpoint = structuredClone(first.checkpoint());
    const resumed = await createTrainer(
      spiralOptions({ network: await first.network(), resume: checkpoint }),
    );
    expect(resumed.steps).toBe(23);
    expect([...head, ...(await losses(resumed, 17))]).toEqual(straight);
  });

  it('stops at a non-finite loss with the last good weights and a hint', async () => {
    // Regression with SGD at far too high a rate: every step overshoots more.
    const random = new RandomState(3);
    const x = random.randn(50, 1);
    const y = tensor(
      x.data.map((v) => 3 * v + 1),
      [50, 1],
    );
    const trainer = await createTrainer({
      network: initNetwork({
        sizes: [1, 8, 1],
        activations: ['relu', 'linear'],
        seed: 1,
        scale: 1,
      }),
      data: { x, y },
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate: 1 },
      batchSize: 10,
      seed: 0,
      epochs: 1000,
    });
    let lastGood = await trainer.network();
    let outcome: StepReport | NonFiniteStop = await trainer.step();
    while (!('stopped' in outcome)) {
      lastGood = await trainer.network();
      outcome = await trainer.step();
    }
    expect(outcome.message).toMatch(
      /^(the loss became (NaN|Infinity)|a weight became (NaN|-?Infinity) \(layers\[\d\]\.(weights|biases)\)) at step \d+ \(epoch \d+\); the weights of the last good step are kept: lower the learning rate \(now 1\); try 0\.1$/,
    );
    expect(outcome.step).toBe(trainer.steps + 1);
    const weights = weightsOf(await trainer.network());
    expect(weights.flat().every(Number.isFinite)).toBe(true);
    expect(weights).toEqual(weightsOf(lastGood));
    expect(trainer.stopped).toBe(outcome);
    expect(await trainer.step()).toBe(outcome);
  });

  it('stops when an update would make a weight non-finite', async () => {
    // Targets of a million give gradients of about a million; lr · g overflows at once.
    const trainer = await createTrainer({
      network: initNetwork({ sizes: [1, 4, 1], seed: 0 }),
      data: { x: tensor([1, 2], [2, 1]), y: tensor([1e6, 2e6], [2, 1]) },
      loss: 'mse',
      optimizer: { type: 'sgd', learningRate: 1e305 },
      batchSize: 0,
      seed: 0,
      epochs: 1,
    });
    const before = weightsOf(await trainer.network());
    const outcome = await trainer.step();
    expect(outcome).toEqual({
      stopped: 'non-finite',
      step: 1,
      epoch: 1,
      message: expect.stringMatching(
        /^a weight became -?Infinity \(layers\[\d\]\.(weights|biases)\) at step 1 \(epoch 1\); the weights of the last good step are kept: learning rate 1e305 is far above the usual 1e-4\.\.1 for SGD; try 0\.1$/,
      ),
    });
    expect(weightsOf(await trainer.network())).toEqual(before);
  });

  it('trains a sigmoid output with binary cross-entropy (XOR)', async () => {
    const data = xorData(50, { seed: 2 });
    const trainer = await createTrainer({
      network: initNetwork({
        sizes: [2, 16, 1],
        activations: ['tanh', 'sigmoid'],
        seed: 4,
        scale: 0.5,
      }),
      data,
      loss: 'binary-crossentropy',
      optimizer: { type: 'adam', learningRate: 0.05 },
      batchSize: 20,
      seed: 0,
      epochs: 100,
    });
    while (!trainer.done) report(await trainer.step());
    const result = await evaluate(trainer, data);
    expect(result.accuracy).toBeGreaterThan(0.95);
    expect(result.confusion!.flat().reduce((a, b) => a + b)).toBe(100);
  });

  it('trains a regression with mean squared error, nnfs’s precision for accuracy', async () => {
    const x = tensor(
      Array.from({ length: 200 }, (_, i) => i / 200),
      [200, 1],
    );
    const y = tensor(
      x.data.map((v) => Math.sin(2 * Math.PI * v)),
      [200, 1],
    );
    const trainer = await createTrainer({
      network: initNetwork({
        sizes: [1, 32, 32, 1],
        activations: ['tanh', 'tanh', 'linear'],
        seed: 0,
        scale: 0.5,
      }),
      data: { x, y },
      loss: 'mse',
      optimizer: { type: 'adam', learningRate: 0.01, decay: 1e-4 },
      batchSize: 0,
      seed: 0,
      epochs: 1500,
    });
    const first = report(await trainer.step()).loss;
    while (!trainer.done) report(await trainer.step());
    const { loss, confusion } = await evaluate(trainer, { x, y });
    expect(loss).toBeLessThan(first / 20);
    expect(confusion).toBeNull();
  });

  it('explains data and settings that do not fit', async () => {
    const options = spiralOptions();
    await expect(
      createTrainer({ ...options, data: { x: tensor([1, 2, 3], [1, 3]), y: Int32Array.of(0) } }),
    ).rejects.toThrow('the data must have shape (samples, 2) for the input layer, found (1, 3)');
    await expect(
      createTrainer({ ...options, data: { x: options.data.x, y: new Int32Array(300).fill(5) } }),
    ).rejects.toThrow('label 0 is class 5, but the network has 3 outputs: classes must be 0 to 2');
    await expect(createTrainer({ ...options, batchSize: -1 })).rejects.toThrow(
      'batchSize must be a whole number ≥ 0',
    );
    await expect(createTrainer({ ...options, epochs: 0 })).rejects.toThrow(
      'epochs must be a whole number ≥ 1, found 0',
    );
    const bad = tensor([NaN, 1], [1, 2]);
    await expect(
      createTrainer({ ...options, data: { x: bad, y: Int32Array.of(0) } }),
    ).rejects.toThrow('the data holds NaN at sample 0, feature 0');
  });

  it('draws generated data sets by name for the CLI', async () => {
    const data = generateDataset({ name: 'vertical', classes: 3, perClass: 30 });
    const trainer = await createTrainer({
      ...spiralOptions(),
      data,
      optimizer: { type: 'sgd', learningRate: 1, momentum: 0.5 },
      batchSize: 0,
      epochs: 200,
    });
    while (!trainer.done) report(await trainer.step());
    expect((await evaluate(trainer, data)).accuracy).toBeGreaterThan(0.9);
    expect(((await trainer.network()).layers[1] as DenseLayer).weights.shape).toEqual([2, 64]);
  });
});
