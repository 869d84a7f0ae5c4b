import { afterEach, describe, expect, it, vi } from 'vitest';
import { fastKernels } from '../kernels/index.ts';
import type { WasmKernels } from '../kernels/wasm.ts';
import { forward } from '../net/forward.ts';
import type { Network } from '../net/network.ts';
import { RandomState } from '../rng/random-state.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import { smallCnn } from '../vision/init.ts';
import { ResidentNets } from './resident-nets.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function network(seed: number): Network {
  const layers = smallCnn({ size: 8, channels: 3, classes: 2, seed, widths: [8] });
  return { layers, precision: 'float32' };
}

function pictures(batch: number, seed: number): Tensor {
  const rng = new RandomState(seed);
  const data = Float32Array.from({ length: batch * 8 * 8 * 3 }, () => 255 * rng.randomSample());
  return tensor(data, [batch, 8, 8, 3]);
}

describe('the engine’s resident nets', () => {
  it('rebuild on the kernel instance they hold, computing what a fresh net computes', () => {
    // Whole sends (a new network each, at a growing or shrinking batch), then layer edits.
    const sends = [1, 2, 3, 4].map((seed) => ({
      network: network(seed),
      inputs: pictures([3, 1, 5, 2][seed - 1]!, seed),
    }));
    const last = sends.at(-1)!;
    // Layers[1] edited to layers[1] of other networks: each edit rebuilds the net.
    const edited = [5, 6].map((seed) => ({
      ...last.network,
      layers: last.network.layers.map((layer, i) => (i === 1 ? network(seed).layers[1]! : layer)),
    }));
    const expected = sends.map((s) => forward(s.network, s.inputs));
    const expectedEdits = edited.map((n) => forward(n, last.inputs));
    const made = vi.spyOn(fastKernels() as WasmKernels, 'withOwnHeap');
    const nets = new ResidentNets();
    sends.forEach(({ network: whole, inputs }, i) => {
      const result = nets.forward({
        key: 'k',
        network: { whole },
        version: i,
        inputs,
        mirror: false,
      });
      expect(result.outputs).toEqual(expected[i]);
    });
    edited.forEach((n, i) => {
      const edits = { layers: [{ index: 1, layer: n.layers[1]! }], values: [] };
      const version = sends.length + i;
      const result = nets.forward({
        key: 'k',
        network: { base: version - 1, edits },
        version,
        mirror: false,
      });
      expect(result.outputs).toEqual(expectedEdits[i]);
    });
    // The first send made the one instance; every rebuild since took it over.
    expect(made).toHaveBeenCalledTimes(1);
  });
});
