import { describe, expect, it, vi } from 'vitest';
import { Net } from '../net/net.ts';
import { RandomState } from '../rng/random-state.ts';
import { smallCnn } from '../vision/init.ts';
import { initNetwork } from './init.ts';
import { PREDICT_ROWS, Replica, type ReplicaStepArgs } from './replica.ts';
import { brightOrDark } from './test-support.ts';

const STEP = {
  loss: 'categorical-crossentropy',
  labelSmoothing: 0,
  shift: 0,
  flip: false,
  seed: [0, 0, 0],
  precision: 0,
} satisfies Partial<ReplicaStepArgs>;

/** The batch sizes of every prediction pass `net` runs from now on. */
function passesOf(net: Net): number[] {
  const batches: number[] = [];
  const predict = net.predict.bind(net);
  vi.spyOn(net, 'predict').mockImplementation((x, batch) => {
    batches.push(batch);
    return predict(x, batch);
  });
  return batches;
}

describe('Replica.predict', () => {
  it('runs a large chunk in passes of the training share, with the outputs of one pass', () => {
    const network = initNetwork({
      sizes: [3, 8, 4],
      activations: ['relu', 'softmax'],
      random: new RandomState(0),
    });
    const replica = new Replica(new Net(network, { precision: 'float64' }));
    const x = new RandomState(1).randn(150, 3).data as Float64Array;
    const labels = Int32Array.from({ length: 20 }, (_, i) => i % 4);
    const params = replica.net.params.map((p) => p.value);
    replica.step({ ...STEP, inputs: x.subarray(0, 60), labels, count: 20, params });
    // The whole chunk at once, on a copy of the trained network: what predict must give.
    const whole = new Net(replica.net.toNetwork(), { precision: 'float64' }).forward(x, 150);

    const passes = passesOf(replica.net);
    const outputs = replica.predict({ inputs: x, count: 150, flip: false });
    expect(passes).toEqual([20, 20, 20, 20, 20, 20, 20, 10]);
    expect([...outputs]).toEqual([...whole]);
  });

  it('passes PREDICT_ROWS samples at once before any training step', () => {
    const network = initNetwork({
      sizes: [3, 4],
      activations: ['softmax'],
      random: new RandomState(0),
    });
    const replica = new Replica(new Net(network, { precision: 'float64' }));
    const passes = passesOf(replica.net);
    const count = 2 * PREDICT_ROWS + 1;
    const outputs = replica.predict({ inputs: new Float64Array(count * 3), count, flip: false });
    expect(passes).toEqual([PREDICT_ROWS, PREDICT_ROWS, 1]);
    expect(outputs.length).toBe(count * 4);
  });

  it('keeps the net at the memory a training step grew it to, test-time flips and all', () => {
    const layers = smallCnn({ size: 8, channels: 3, classes: 2, seed: 0, widths: [16] });
    const replica = new Replica(new Net({ layers }, { precision: 'float32' }));
    // A float32 net's activations are views on its own kernels' memory (which never shrinks);
    // the last is kept by every pass, prediction passes included.
    const memory = () => replica.net.output(replica.net.shapes.length - 1).buffer.byteLength;
    const set = brightOrDark(48, 2);
    const params = replica.net.params.map((p) => p.value);
    const size = 8 * 8 * 3;
    const trainRows = 4;
    replica.step({
      ...STEP,
      inputs: set.pixels.subarray(0, trainRows * size),
      labels: set.labels.subarray(0, trainRows),
      count: trainRows,
      params,
    });
    const trained = memory();
    // A chunk of 48 in passes of 4 gives what 48 passes of one picture give, flips and all.
    const outputs = replica.predict({ inputs: set.pixels, count: 48, flip: true });
    expect(memory()).toBe(trained);
    const one = new Replica(replica.net, 1);
    for (const i of [0, 17, 47]) {
      const alone = one.predict({
        inputs: set.pixels.subarray(i * size, (i + 1) * size),
        count: 1,
        flip: true,
      });
      expect(outputs[2 * i]).toBeCloseTo(alone[0]!, 6);
      expect(outputs[2 * i + 1]).toBeCloseTo(alone[1]!, 6);
    }
  });
});
