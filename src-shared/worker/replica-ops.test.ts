import { describe, expect, it, vi } from 'vitest';
import { Net } from '../net/net.ts';
import { brightOrDark } from '../train/test-support.ts';
import { smallCnn } from '../vision/init.ts';
import { replicaOps } from './replica-ops.ts';

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
    const forward = Net.prototype.forward;
    vi.spyOn(Net.prototype, 'forward').mockImplementation(function (this: Net, x, batch, mode) {
      passes.push(batch);
      return forward.call(this, x, batch, mode);
    });
    const outputs = replicaOps.replicaPredict({
      inputs: set.pixels.slice(),
      count: 48,
      flip: true,
    });
    expect(outputs.length).toBe(96);
    expect(passes).toEqual(new Array(24).fill(4));
    vi.restoreAllMocks();
  });
});
