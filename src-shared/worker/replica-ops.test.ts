import { afterEach, describe, expect, it, vi } from 'vitest';
import { fastKernels } from '../kernels/index.ts';
import type { WasmKernels } from '../kernels/wasm.ts';
import { Net } from '../net/net.ts';
import { Replica } from '../train/replica.ts';
import { brightOrDark } from '../train/test-support.ts';
import { smallCnn } from '../vision/init.ts';
import { replicaOps } from './replica-ops.ts';

// Restored whether or not a test's assertions pass: a spy left behind would wrap the next test's nets.
afterEach(() => {
  vi.restoreAllMocks();
});

describe('replicaOps', () => {
  it('validates after a reload in passes no larger than its training steps', () => {
    const network = {
      layers: smallCnn({ size: 8, channels: 3, classes: 2, seed: 0, widths: [16] }),
    };
    const set = brightOrDark(48, 3);
    const size = 8 * 8 * 3;
    replicaOps.replicaLoad({ network, precision: 'float32' });
    const trained = replicaOps.replicaStep({
      inputs: set.pixels.slice(0, 4 * size),
      labels: set.labels.slice(0, 4),
      count: 4,
      params: [], // the loaded values as they are
      loss: 'categorical-crossentropy',
      labelSmoothing: 0,
      shift: 1,
      flip: true,
      seed: [0, 0, 0],
      precision: 0,
    });
    expect(trained.total).toBe(4);
    // The trainer reloads its workers with the synced network before each validation.
    replicaOps.replicaLoad({ network: replicaOps.replicaNetwork(), precision: 'float32' });
    const passes: number[] = [];
    const predict = Net.prototype.predict;
    vi.spyOn(Net.prototype, 'predict').mockImplementation(function (this: Net, x, batch) {
      passes.push(batch);
      return predict.call(this, x, batch);
    });
    const outputs = replicaOps.replicaPredict({
      inputs: set.pixels.slice(),
      count: 48,
      flip: true,
    });
    expect(outputs.length).toBe(96);
    expect(passes).toEqual(new Array(24).fill(4));
  });

  it('reloads onto the kernel instance it holds, computing what a fresh net computes', () => {
    // Four pictures: one pass whatever the replica's pass size (the last test's, or 64).
    const { pixels } = brightOrDark(4, 5);
    const predict = () => ({ inputs: pixels.slice(), count: 4, flip: true });
    const seeds = [2, 3, 4, 5, 6, 7];
    const expected = seeds.map((seed) =>
      new Replica(new Net(cnn(seed), { precision: 'float32' })).predict(predict()),
    );
    replicaOps.replicaLoad({ network: cnn(1), precision: 'float32' });
    const made = vi.spyOn(fastKernels() as WasmKernels, 'withOwnHeap');
    seeds.forEach((seed, i) => {
      // As before each validation: the network reloaded, then its pictures predicted.
      replicaOps.replicaLoad({ network: cnn(seed), precision: 'float32' });
      expect(replicaOps.replicaPredict(predict())).toEqual(expected[i]);
    });
    expect(made).not.toHaveBeenCalled();
  });
});

function cnn(seed: number) {
  return { layers: smallCnn({ size: 8, channels: 3, classes: 2, seed, widths: [8] }) };
}
