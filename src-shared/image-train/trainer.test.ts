import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../data/image-set.ts';
import { RandomState } from '../rng/random-state.ts';
import { smallCnn } from '../vision/init.ts';
import { localReplica } from './engine-replica.ts';
import { stepsIn, trainImages } from './trainer.ts';
import { DEFAULT_IMAGE_SETTINGS, type ImageTrainSettings } from './types.ts';

/** Bright and dark 8×8 noisy pictures, alternating: an easy two-class set. */
function brightOrDark(count: number, seed: number): ImageSet {
  const rng = new RandomState(seed);
  const size = 8 * 8 * 3;
  const pixels = new Uint8Array(count * size);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    const level = labels[i] === 0 ? 190 : 70;
    for (let j = 0; j < size; j++) {
      pixels[i * size + j] = Math.round(level + 60 * (rng.randomSample() - 0.5));
    }
  }
  const files = Array.from({ length: count }, (_, i) => `${i % 2 ? 'dark' : 'bright'}/${i}.png`);
  return {
    height: 8,
    width: 8,
    channels: 3,
    classNames: ['bright', 'dark'],
    pixels,
    labels,
    files,
  };
}

const set = brightOrDark(96, 1);
const train = Int32Array.from({ length: 72 }, (_, i) => i);
const validation = Int32Array.from({ length: 24 }, (_, i) => 72 + i);
const layers = smallCnn({ size: 8, channels: 3, classes: 2, seed: 0, widths: [4, 8] });
const settings: ImageTrainSettings = {
  ...DEFAULT_IMAGE_SETTINGS,
  epochs: 3,
  batchSize: 16,
  learningRate: 0.05,
  pad: 1,
};

async function run(overrides: Partial<ImageTrainSettings> = {}) {
  const losses: number[] = [];
  const result = await trainImages({
    layers,
    set,
    train,
    validation,
    settings: { ...settings, ...overrides },
    replicas: [localReplica()],
    onStep: (p) => losses.push(p.loss),
  });
  return { result, losses };
}

describe('trainImages', () => {
  it('learns an easy set, reports every epoch, and repeats itself exactly with the same seed', async () => {
    const first = await run();
    expect(first.result.reason).toBe('finished');
    expect(first.result.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(first.losses).toHaveLength(3 * Math.ceil(72 / 16));
    const last = first.result.epochs.at(-1)!;
    expect(last.validation!.accuracy).toBe(1);
    expect(last.validation!.confusion).toEqual([
      [12, 0],
      [0, 12],
    ]);
    const again = await run();
    expect(again.losses).toEqual(first.losses);
    const other = await run({ seed: 5 });
    expect(other.losses).not.toEqual(first.losses);
  });

  it('stops at the step whose loss is not finite, keeps finite weights and says what to do', async () => {
    const { result } = await run({ learningRate: 1e30, schedule: 'constant' });
    expect(result.reason).toBe('non-finite');
    expect(result.message).toMatch(/training stopped at step \d+ \(epoch \d\)/);
    expect(result.message).toMatch(/lower the learning rate/);
    for (const layer of result.layers) {
      if (layer.type === 'conv2d' || layer.type === 'dense') {
        expect(layer.weights.data.every(Number.isFinite)).toBe(true);
      }
      if (layer.type === 'batchnorm')
        expect(layer.runningVar.data.every(Number.isFinite)).toBe(true);
    }
  });

  it('refuses a data set of another picture size or class count, naming both', async () => {
    const grey = { ...set, channels: 1 as const, pixels: new Uint8Array(96 * 64) };
    await expect(
      trainImages({ layers, set: grey, train, validation, settings, replicas: [localReplica()] }),
    ).rejects.toThrow('the network takes 8×8×3 pictures, but the data set was loaded at 8×8×1');
  });
});

describe('stepsIn', () => {
  it('keeps a short last batch only when every replica gets two pictures of it', () => {
    expect(stepsIn(20631, 64, 2)).toBe(323);
    expect(stepsIn(130, 64, 2)).toBe(2);
    expect(stepsIn(132, 64, 2)).toBe(3);
    expect(stepsIn(10, 64, 2)).toBe(1);
  });
});
