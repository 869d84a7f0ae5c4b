import { describe, expect, it } from 'vitest';
import { spiralData } from '../data/generated.ts';
import type { Layer } from '../layers/index.ts';
import { initNetwork } from './init.ts';
import { featureSamples } from './samples.ts';
import { FEATURE_DEFAULTS, type TrainingSettings } from './settings.ts';
import {
  aliveUnits,
  deadShare,
  gradientNorm,
  gradientSpike,
  HealthWatch,
  stagnation,
  type HealthHint,
  type HealthWatchOptions,
} from './training-health.ts';
import { createTrainer, type StepReport } from './trainer.ts';

const LN3 = Math.log(3);

describe('stagnation', () => {
  const flat = (n: number, value: number, wobble = 0.001) =>
    Float64Array.from({ length: n }, (_, i) => value + (i % 2 ? wobble : -wobble));

  it('finds a loss flat at ln 3 with the accuracy at a third', () => {
    const found = stagnation({
      losses: flat(100, LN3),
      accuracies: flat(100, 0.34, 0.02),
      chanceLoss: LN3,
      chanceAccuracy: 1 / 3,
    });
    expect(found?.loss).toBeCloseTo(LN3, 6);
    expect(found?.accuracy).toBeCloseTo(0.34, 6);
  });

  it('lets a falling loss, a loss far from chance or an accuracy above chance be', () => {
    const falling = Float64Array.from({ length: 100 }, (_, i) => LN3 - 0.002 * i);
    const base = { accuracies: flat(100, 0.34), chanceLoss: LN3, chanceAccuracy: 1 / 3 };
    expect(stagnation({ ...base, losses: falling })).toBeNull();
    // Flat but at ten times chance: divergence, not stagnation.
    expect(stagnation({ ...base, losses: flat(100, 10.7) })).toBeNull();
    // Flat near chance, but the accuracy says something is learned.
    expect(stagnation({ ...base, losses: flat(100, LN3), accuracies: flat(100, 0.6) })).toBeNull();
    // Regression has no accuracy to check: the loss alone decides.
    expect(stagnation({ ...base, losses: flat(100, 2), accuracies: null, chanceLoss: 2 })).not.toBe(
      null,
    );
  });
});

describe('gradientSpike', () => {
  it('is the ratio to the median of recent norms when it is 100 times or more', () => {
    expect(gradientSpike(500, [1, 2, 3, 1000])).toBeCloseTo(200, 12); // median 2.5
    expect(gradientSpike(200, [1, 2, 3])).toBe(100);
    expect(gradientSpike(199, [1, 2, 3])).toBeNull();
    expect(gradientSpike(5, [])).toBeNull();
    expect(gradientSpike(5, [0, 0])).toBeNull();
    // A rise from almost nothing to little is no explosion.
    expect(gradientSpike(0.5, [1e-17, 1e-6])).toBeNull();
  });

  it('adds up the L2 norm over every array', () => {
    expect(gradientNorm([Float64Array.of(3), Float32Array.of(0, 4)])).toBe(5);
  });
});

describe('dead ReLUs', () => {
  it('marks a unit alive when any sample (any position) is above 0', () => {
    // Two samples of three units, and a 1×2 map of two channels.
    expect([...aliveUnits(Float64Array.of(0, 1, 0, 0, 0, 0), 3)]).toEqual([0, 1, 0]);
    expect([...aliveUnits(Float32Array.of(0, 0, 0, 2), 2)]).toEqual([0, 1]);
    // First and last unit of the same row, the second one speaking there only.
    expect([...aliveUnits(Float32Array.of(1, 0, 0, 2, 0, 0, 0, 0), 4)]).toEqual([1, 0, 0, 1]);
  });

  it('finds each unit of a batch × height × width × units map at its own channel, wherever it spoke', () => {
    // 2 samples of a 2×3 map with 4 channels: unit 3 speaks only at the last pixel of the second
    // sample, unit 0 only at the first pixel, unit 2 in the middle of the first sample, unit 1
    // never (its slot holds 0 or a negative, and its neighbours' values are large).
    const [batch, height, width, units] = [2, 2, 3, 4];
    const output = new Float32Array(batch * height * width * units).fill(-1);
    const at = (b: number, y: number, x: number, u: number) =>
      ((b * height + y) * width + x) * units + u;
    output[at(0, 0, 0, 0)] = 0.5;
    output[at(0, 1, 1, 2)] = 3;
    output[at(1, 1, 2, 3)] = 1e-30;
    output[at(1, 0, 1, 1)] = 0;
    expect([...aliveUnits(output, units)]).toEqual([1, 0, 1, 1]);
    // The same values read as 8 units per row would be another answer: the rows follow `units`.
    expect([...aliveUnits(output, 8)]).toEqual([1, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('counts units silent for a whole window as dead', () => {
    expect(deadShare(Int32Array.of(10, 8, 5, 1), 10, 3)).toBe(0.5); // 10 and 8 spoke recently
    expect(deadShare(Int32Array.of(10, 10), 10, 3)).toBe(0);
  });
});

const options = (over: Partial<HealthWatchOptions> = {}): HealthWatchOptions => ({
  settings: { optimizer: 'adam', learningRate: 1e-9 },
  chanceLoss: LN3,
  chanceAccuracy: 1 / 3,
  classes: 3,
  window: 10,
  deadWindow: 2,
  ...over,
});

describe('HealthWatch', () => {
  it('says a flat run at chance is not learning, once, naming the tiny rate and a value to try', () => {
    const watch = new HealthWatch(options());
    const hints: HealthHint[] = [];
    for (let step = 1; step <= 30; step++) {
      hints.push(...watch.add({ step, loss: LN3, accuracy: 0.33, gradientNorm: 0.1, relus: [] }));
    }
    expect(hints).toEqual([
      {
        kind: 'stagnant',
        step: 10,
        message:
          'Not learning: the loss has stayed at 1.099 for 10 steps, what guessing gives (ln 3 = 1.099), and the accuracy at 33%. Likely cause: learning rate 1e-9 is far below the usual 1e-4..0.1 for Adam; try 0.001.',
      },
    ]);
  });

  it('says exploding gradients when the norm jumps far above its recent level', () => {
    const watch = new HealthWatch(options({ settings: { optimizer: 'sgd', learningRate: 1e6 } }));
    const norms = [1, 1.2, 0.9, 1.1, 250];
    const hints = norms.flatMap((gradientNorm, i) =>
      watch.add({ step: i + 1, loss: 0.5, accuracy: 0.9, gradientNorm, relus: [] }),
    );
    expect(hints).toHaveLength(1);
    expect(hints[0]!.kind).toBe('exploding-gradients');
    expect(hints[0]!.message).toBe(
      "Exploding gradients: at step 5 the gradient's norm jumped to 250.0, 238.1× its recent level (1.05), so the next step overshoots. Likely cause: a learning rate too large for this network; learning rate 1e6 is far above the usual 1e-4..1 for SGD; try 0.1.",
    );
  });

  it('names a ReLU layer once most of its units stay silent', () => {
    const watch = new HealthWatch(
      options({ settings: { optimizer: 'adam', learningRate: 0.05 }, layerName: () => 'ReLU 2' }),
    );
    const step = (s: number, alive: number[]) =>
      watch.add({
        step: s,
        loss: 0.5,
        accuracy: 0.9,
        gradientNorm: 1,
        relus: [{ layer: 2, alive: Uint8Array.from(alive) }],
      });
    expect(step(1, [1, 1, 0, 0])).toEqual([]); // silent for one step only
    expect(step(2, [0, 1, 0, 0])).toEqual([]); // half dead is not more than half
    const [hint] = step(3, [0, 0, 0, 0]);
    expect(hint?.kind).toBe('dead-relu');
    expect(hint?.message).toMatch(
      /^Dead ReLUs: 75% of the units of ReLU 2 output 0 for every sample of the last 2 steps, .*lower the learning rate \(now 0\.05\); try 0\.005, and Reset weights/,
    );
    expect(step(4, [0, 0, 0, 0])).toEqual([]); // once per layer
  });
});

describe('the trainer’s hints', () => {
  async function hintsOf(
    settings: Partial<TrainingSettings>,
    epochs: number,
    network = initNetwork({ seed: 0, sizes: [2, 16, 3], activations: ['relu', 'softmax'] }),
  ) {
    const data = spiralData(30, 3);
    const trainer = await createTrainer({
      network,
      data: featureSamples(data.x, data.y),
      settings: { ...FEATURE_DEFAULTS, ...settings, epochs },
    });
    const hints: HealthHint[] = [];
    while (!trainer.done) {
      const r = await trainer.step();
      if ('stopped' in r) throw new Error(r.message);
      hints.push(...((r as StepReport).hints ?? []));
    }
    return hints;
  }

  it('raises none on the book’s spiral run', async () => {
    expect(await hintsOf({ learningRate: 0.05, decay: 5e-7 }, 300)).toEqual([]);
  });

  it('says a run with a tiny learning rate is not learning', async () => {
    const hints = await hintsOf({ learningRate: 1e-9 }, 120);
    expect(hints.map((h) => [h.kind, h.step])).toEqual([['stagnant', 100]]);
    expect(hints[0]!.message).toMatch(/learning rate 1e-9 is far below the usual/);
  });

  it('names the ReLU layer whose units all went silent, and blames it for the stuck loss', async () => {
    // Biases of −100 put every unit of the first ReLU below 0 for every point: nothing passes.
    const start = initNetwork({ seed: 0, sizes: [2, 16, 3], activations: ['relu', 'softmax'] });
    const silenced = (layer: Layer): Layer =>
      layer.type === 'dense' && layer.biases.data.length === 16
        ? { ...layer, biases: { ...layer.biases, data: layer.biases.data.map(() => -100) } }
        : layer;
    const network = { ...start, layers: start.layers.map(silenced) };
    const hints = await hintsOf({ learningRate: 0.05 }, 120, network);
    expect(hints.map((h) => [h.kind, h.step])).toEqual([
      ['dead-relu', 3],
      ['stagnant', 100],
    ]);
    expect(hints[0]!.message).toMatch(
      /^Dead ReLUs: 100% of the units of layers\[2\] \(relu\) output 0 for every sample of the last 3 steps/,
    );
    expect(hints[1]!.message).toMatch(
      /Likely cause: most ReLUs of layers\[2\] \(relu\) are dead; lower the learning rate \(now 0\.05\); try 0\.005, and Reset weights\.$/,
    );
  });
  it('blames a Dense whose W started all zeros, not the learning rate, when its ReLU stays silent', async () => {
    // A network built from the palette: every Dense at zero. The hidden one never leaves it.
    const start = initNetwork({ seed: 0, sizes: [2, 16, 3], activations: ['relu', 'softmax'] });
    const zeroed = (layer: Layer): Layer =>
      layer.type === 'dense'
        ? { ...layer, weights: { ...layer.weights, data: layer.weights.data.map(() => 0) } }
        : layer;
    const network = { ...start, layers: start.layers.map(zeroed) };
    const hints = await hintsOf({ learningRate: 0.05 }, 120, network);
    expect(hints.map((h) => [h.kind, h.step])).toEqual([
      ['dead-relu', 3],
      ['stagnant', 100],
    ]);
    expect(hints[0]!.message).toMatch(
      /Likely cause: the W of layers\[1\] \(dense\) before them is all zeros, so they get relu\(b\) = 0 from the first step; give it random weights \(Reset weights\)\.$/,
    );
    expect(hints[1]!.message).toMatch(
      /Likely cause: the W of layers\[1\] \(dense\) is all zeros, so its units learn nothing or all the same; give it random weights \(Reset weights\)\.$/,
    );
  });
});
