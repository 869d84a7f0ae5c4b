import { describe, expect, it } from 'vitest';
import { spiralData } from '../data/generated.ts';
import { initNetwork } from './init.ts';
import { chanceLoss, DivergenceWatch } from './divergence.ts';
import { featureSamples } from './samples.ts';
import { FEATURE_DEFAULTS, type TrainingSettings } from './settings.ts';
import { createTrainer, type NonFiniteStop, type StepReport } from './trainer.ts';

describe('DivergenceWatch', () => {
  it('holds the windowed loss against the larger of the first loss and a guess', () => {
    const watch = new DivergenceWatch(1, 3);
    expect(watch.add(1, 0.5)).toBeNull(); // reference max(0.5, 1) = 1
    expect(watch.add(2, 9)).toBeNull(); // the window is not full yet
    expect(watch.add(3, 0.4)).toBe('best'); // mean 3.3 < 4
    expect(watch.add(4, 9)).toBe('diverged'); // (9 + 0.4 + 9) / 3 = 6.1 > 4
    expect(watch.best).toBeCloseTo(3.3, 12);
    expect(watch.bestStep).toBe(3);
  });

  it('says diverged once the mean of a full window passes four times the reference', () => {
    const watch = new DivergenceWatch(1.1, 2);
    watch.add(1, 1);
    expect(watch.add(2, 1)).toBe('best');
    expect(watch.add(3, 7.7)).toBeNull(); // (1 + 7.7) / 2 = 4.35 ≤ 4.4
    expect(watch.add(4, 1.2)).toBe('diverged'); // (7.7 + 1.2) / 2 = 4.45 > 4.4
  });

  it('names a guess’s loss for each loss', () => {
    const classes = { kind: 'classes' as const, classes: Int32Array.of(0, 1, 2, 2) };
    expect(chanceLoss('categorical-crossentropy', 3, classes)).toBeCloseTo(Math.log(3), 15);
    expect(chanceLoss('binary-crossentropy', 1, classes)).toBeCloseTo(Math.log(2), 15);
    const values = { kind: 'values' as const, values: Float64Array.of(1, 10, 3, 10) };
    expect(chanceLoss('mse', 2, values)).toBe((1 + 0) / 2);
    // One-hot rows of 0, 1, 2, 2: variances 3/16, 3/16, 1/4.
    expect(chanceLoss('mse', 3, classes)).toBeCloseTo((3 / 16 + 3 / 16 + 1 / 4) / 3, 15);
  });
});

describe('the trainer against a run that diverges', () => {
  async function run(settings: Partial<TrainingSettings>) {
    const data = spiralData(100, 3, { seed: 0 });
    const network = initNetwork({ sizes: [2, 64, 3], activations: ['relu', 'softmax'], seed: 0 });
    const trainer = await createTrainer({
      network,
      data: featureSamples(data.x, data.y),
      settings: { ...FEATURE_DEFAULTS, epochs: 2000, ...settings },
    });
    let last: StepReport | NonFiniteStop | null = null;
    while (!trainer.done) {
      last = await trainer.step();
      if ('stopped' in last) break;
    }
    return { trainer, network, last: last! };
  }

  it.each([
    ['adam', 1e6, 'learning rate 1e6 is far above the usual 1e-4..0.1 for Adam; try 0.001'],
    ['sgd', 1e6, 'learning rate 1e6 is far above the usual 1e-4..1 for SGD; try 0.1'],
  ] as const)(
    'stops %s at lr %d, far above a guess’s loss, with the weights it began with',
    async (optimizer, learningRate, advice) => {
      const { trainer, network, last } = await run({ optimizer, learningRate, momentum: 0.9 });
      expect(last).toMatchObject({ stopped: 'diverged', step: 10 });
      expect((last as NonFiniteStop).message).toMatch(
        /^the loss ran away at step 10 \(epoch 10\): [\d.]+ on average over the last 10 steps, more than four times 1\.099 \(the untrained network's or a guess's\); the weights are as they were: /,
      );
      expect((last as NonFiniteStop).message.endsWith(`were: ${advice}`)).toBe(true);
      expect((await trainer.network()).layers).toEqual(network.layers);
      expect(trainer.stopped).toBe(last);
    },
  );

  it('lets a noisy run that learns go on to its end', async () => {
    const { last } = await run({ optimizer: 'adam', learningRate: 0.5, epochs: 600 });
    expect(last).toMatchObject({ done: true });
  });
});
