import { describe, expect, it } from 'vitest';
import { smallCnn } from '../vision/init.ts';
import { localReplica } from './replica.ts';
import { pictureSamples } from './samples.ts';
import { IMAGE_DEFAULTS, type TrainingSettings } from './settings.ts';
import { brightOrDark } from './test-support.ts';
import { createTrainer, stepsIn, type EpochReport, type Trainer } from './trainer.ts';

const set = brightOrDark(96, 1);
const train = Int32Array.from({ length: 72 }, (_, i) => i);
const validation = Int32Array.from({ length: 24 }, (_, i) => 72 + i);
const network = { layers: smallCnn({ size: 8, channels: 3, classes: 2, seed: 0, widths: [4, 8] }) };
const settings: TrainingSettings = {
  ...IMAGE_DEFAULTS,
  epochs: 3,
  batchSize: 16,
  learningRate: 0.05,
  augment: { shift: 1, flip: true },
};

async function run(overrides: Partial<TrainingSettings> = {}, replicas = 1) {
  const trainer = await createTrainer({
    network,
    data: pictureSamples(set, train),
    validation: pictureSamples(set, validation),
    settings: { ...settings, ...overrides },
    testFlip: true,
    replicas: Array.from({ length: replicas }, () => localReplica()),
  });
  const losses: number[] = [];
  const epochs: EpochReport[] = [];
  while (!trainer.done) {
    const r = await trainer.step();
    if ('stopped' in r) return { trainer, losses, epochs, stop: r };
    losses.push(r.loss);
    if (r.epochEnd) epochs.push(r.epochEnd);
  }
  return { trainer, losses, epochs, stop: null };
}

const finite = async (trainer: Trainer) => {
  for (const layer of (await trainer.network()).layers) {
    if (layer.type === 'conv2d' || layer.type === 'dense') {
      expect(layer.weights.data.every(Number.isFinite)).toBe(true);
    }
    if (layer.type === 'batchnorm') expect(layer.runningVar.data.every(Number.isFinite)).toBe(true);
  }
};

describe('the trainer on pictures', () => {
  it('learns an easy set, reports every epoch, and repeats itself exactly with the same seed', async () => {
    const first = await run();
    expect(first.stop).toBeNull();
    expect(first.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(first.losses).toHaveLength(3 * Math.ceil(72 / 16));
    const last = first.epochs.at(-1)!;
    expect(last.validation!.accuracy).toBe(1);
    expect(last.validation!.confusion).toEqual([
      [12, 0],
      [0, 12],
    ]);
    expect(last.validation!.predicted).toEqual(validation.map((i) => set.labels[i]!));
    const again = await run();
    expect(again.losses).toEqual(first.losses);
    const other = await run({ seed: 5 });
    expect(other.losses).not.toEqual(first.losses);
  });

  it('splits each batch between replicas and learns alike, averaging their running statistics', async () => {
    const one = await run();
    const two = await run({}, 2);
    expect(two.epochs.at(-1)!.validation!.accuracy).toBe(1);
    // BatchNorm normalises each share with the share's statistics: close, not equal.
    expect(two.losses[0]).toBeCloseTo(one.losses[0]!, 1);
    expect(two.losses).not.toEqual(one.losses);
    await finite(two.trainer);
  });

  it('trains with mean squared error on one-hot targets', async () => {
    const { stop, epochs } = await run({ loss: 'mse', labelSmoothing: 0, epochs: 4 });
    expect(stop).toBeNull();
    expect(epochs.at(-1)!.validation!.accuracy).toBeGreaterThan(0.9);
    expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0]!.loss);
  });

  it('stops at the step whose loss is not finite, keeps finite weights and says what to do', async () => {
    const { stop, trainer } = await run({ learningRate: 1e30, schedule: 'constant' });
    expect(stop!.stopped).toBe('non-finite');
    expect(stop!.message).toMatch(/at step \d+ \(epoch \d\)/);
    expect(stop!.message).toMatch(
      /learning rate 1e30 is far above the usual 1e-4\.\.1 for SGD; try 0\.1$/,
    );
    await finite(trainer);
  });

  it('refuses a data set of another picture size or class count, naming both', async () => {
    const grey = { ...set, channels: 1 as const, pixels: new Uint8Array(96 * 64) };
    await expect(
      createTrainer({ network, data: pictureSamples(grey, train), settings }),
    ).rejects.toThrow('the network takes 8×8×3 pictures, but the data was loaded at 8×8×1');
    await expect(
      createTrainer({
        network,
        data: pictureSamples(set, train),
        settings: { ...settings, augment: { shift: 8, flip: true } },
      }),
    ).rejects.toThrow(
      'augment.shift: shifts must be whole pixels from 0 to 7 for 8×8 pictures, found 8',
    );
  });
});

describe('stepsIn', () => {
  it('keeps a short last batch only when every replica gets two samples of it, with BatchNorm', () => {
    expect(stepsIn(20631, 64, 2)).toBe(323);
    expect(stepsIn(130, 64, 2)).toBe(2);
    expect(stepsIn(132, 64, 2)).toBe(3);
    expect(stepsIn(10, 64, 2)).toBe(1);
    expect(stepsIn(129, 64, 1, false)).toBe(3);
    expect(stepsIn(300, 0, 1, false)).toBe(1);
  });
});
