import { afterEach, describe, expect, it } from 'vitest';
import { splitByHash } from '../data/image-set.ts';
import { spiralData } from '../data/generated.ts';
import { initNetwork } from '../train/init.ts';
import { localReplica } from '../train/replica.ts';
import { FEATURE_DEFAULTS, IMAGE_DEFAULTS } from '../train/settings.ts';
import { brightOrDark } from '../train/test-support.ts';
import { smallCnn } from '../vision/init.ts';
import type { CallContext } from './protocol.ts';
import { evaluateRows, setReplicaWorkers, train } from './train-handler.ts';
import type { TrainProgress } from './train-types.ts';

function context(signals: string[] = []) {
  const reports: TrainProgress[] = [];
  const ctx: CallContext<TrainProgress> = {
    cancelled: false,
    takeSignals: () => signals.splice(0),
    progress: (p) => reports.push(p),
  };
  return { ctx, reports };
}

const set = brightOrDark(60, 3);
const network = { layers: smallCnn({ size: 8, channels: 3, classes: 2, seed: 0, widths: [4, 8] }) };
const settings = {
  ...IMAGE_DEFAULTS,
  epochs: 2,
  batchSize: 12,
  learningRate: 0.05,
  augment: { shift: 1, flip: true },
  validationSplit: 0.25,
};

afterEach(() => setReplicaWorkers(() => ({ replicas: [], close: () => {} })));

describe('the train operation on pictures', () => {
  it('trains a folder as it trains rows: every step reported, weights and validation at each epoch', async () => {
    const { ctx, reports } = context();
    const result = await train(
      { network, data: { kind: 'pictures', set, testFlip: true }, settings, regions: true },
      ctx,
    );
    expect(result.reason).toBe('finished');
    expect(result.epoch).toBe(2);
    const points = reports.flatMap((r) => r.points);
    expect(points.map((p) => p.step)).toEqual(Array.from({ length: result.step }, (_, i) => i + 1));
    const checks = reports.flatMap((r) => r.validation);
    expect(checks).toHaveLength(2);
    // Weights go out at the epochs' ends only; decision regions never (they are for 2 features).
    expect(reports.filter((r) => r.network).length).toBeGreaterThanOrEqual(2);
    expect(reports.every((r) => r.regions === null)).toBe(true);
    const confusion = reports.findLast((r) => r.confusion)!.confusion!;
    // The confusion matrix of pictures is the validation split's (rows would be the training set's).
    const held = splitByHash(set.files, settings.validationSplit).validation.length;
    expect(held).toBeGreaterThan(0);
    expect(confusion.flat().reduce((a, b) => a + b)).toBe(held);
  });

  it('uses the replica workers the app gives it, and closes them', async () => {
    let closed = 0;
    let spawned = 0;
    setReplicaWorkers(() => {
      spawned++;
      return { replicas: [localReplica()], close: () => void closed++ };
    });
    const { ctx } = context();
    const result = await train(
      { network, data: { kind: 'pictures', set, testFlip: false }, settings, regions: false },
      ctx,
    );
    expect(result.reason).toBe('finished');
    expect([spawned, closed]).toEqual([1, 1]);
  });

  it('stops on the stop signal with the weights of the steps done', async () => {
    const { ctx } = context(['stop']);
    const result = await train(
      { network, data: { kind: 'pictures', set, testFlip: false }, settings, regions: false },
      ctx,
    );
    expect(result.reason).toBe('stopped');
    expect(result.step).toBe(0);
  });
});

describe('the train operation’s signals', () => {
  const rows = () => {
    const data = spiralData(20, 3, { seed: 1 });
    return { x: data.x, y: data.y as Int32Array, classes: 3 };
  };
  const spiral = initNetwork({ sizes: [2, 8, 3], activations: ['relu', 'softmax'], seed: 0 });
  const rowSettings = { ...FEATURE_DEFAULTS, epochs: 5 };

  it('a continued run stopped before its first step ends where the last one did', async () => {
    const data = rows();
    const first = await train(
      { network: spiral, data, settings: rowSettings, regions: false },
      context().ctx,
    );
    expect([first.step, first.epoch]).toEqual([5, 5]);
    const again = await train(
      {
        network: first.network,
        data,
        settings: rowSettings,
        regions: false,
        resume: { checkpoint: first.checkpoint, epochsDone: first.epoch },
      },
      context(['stop']).ctx,
    );
    expect(again).toMatchObject({ reason: 'stopped', step: 5, epoch: 5 });
  });

  it('reports the batches’ own confusion matrix as it runs and an exact one when paused', async () => {
    const data = rows();
    const settings = { ...rowSettings, batchSize: 16 };
    let calls = 0;
    const reports: TrainProgress[] = [];
    // Two steps, then paused a while, then stopped.
    const ctx: CallContext<TrainProgress> = {
      cancelled: false,
      takeSignals: () => (++calls === 1 ? ['pause', 'step', 'step'] : calls > 6 ? ['stop'] : []),
      progress: (p) => reports.push(p),
    };
    const result = await train({ network: spiral, data, settings, regions: false }, ctx);
    expect(result).toMatchObject({ reason: 'stopped', step: 2 });
    const paused = reports.find((r) => r.paused && r.points.at(-1)?.step === 2)!;
    const exact = await evaluateRows({ network: paused.network!, data, settings });
    expect(paused.confusion).toEqual(exact.confusion);
    // A run that ends unpaused reports its last epoch's batches as they were trained on (60 rows
    // in 4 batches, the weights moving between them), not the final weights' exact matrix.
    const { ctx: running, reports: ran } = context();
    const finished = await train({ network: spiral, data, settings, regions: false }, running);
    const last = ran.at(-1)!.confusion!;
    expect(last.flat().reduce((a, b) => a + b)).toBe(60);
    const final = await evaluateRows({ network: finished.network, data, settings });
    expect(last).not.toEqual(final.confusion);
  });

  it('reports once when paused, not on every wait', async () => {
    let calls = 0;
    const reports: TrainProgress[] = [];
    // Paused from the start; the stop comes after the loop has waited a dozen times.
    const ctx: CallContext<TrainProgress> = {
      cancelled: false,
      takeSignals: () => (++calls === 1 ? ['pause'] : calls > 12 ? ['stop'] : []),
      progress: (p) => reports.push(p),
    };
    const result = await train(
      { network: spiral, data: rows(), settings: rowSettings, regions: false },
      ctx,
    );
    expect(result).toMatchObject({ reason: 'stopped', step: 0 });
    // One report on pausing, one at the end.
    expect(reports).toHaveLength(2);
    expect(reports[0]!.paused).toBe(true);
  });
});
