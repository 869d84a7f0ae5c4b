/**
 * The live forward pass's round trip after a one-weight edit on 784-128-10 at batch 1, in the
 * Node engine worker: the whole network each call (the `forward` operation, the live pass's
 * way before the engine kept it) against the kept network edited by one value (`LiveForward`).
 * Blocks of calls of each side alternate; each call's wall time is timed alone, and the
 * process's CPU time (every thread) over each block. Run:
 * `node --import tsx scripts/bench/live-forward.ts [blocks] [calls per block]`.
 */
import os from 'node:os';
import { startNodeEngine } from '../../src-cli/engine-node.ts';
import { notebookNetwork } from '../../src-shared/net/init.ts';
import type { Network } from '../../src-shared/net/network.ts';
import { RandomState } from '../../src-shared/rng/random-state.ts';
import type { Tensor } from '../../src-shared/tensor/tensor.ts';
import { LiveForward } from '../../src-shared/worker/live-forward.ts';

const blocks = Number(process.argv[2] ?? 10);
const perBlock = Number(process.argv[3] ?? 200);
const engine = startNodeEngine();
const live = new LiveForward(engine.client);
const rng = new RandomState(0);
let network = notebookNetwork({ seed: 0, sizes: [784, 128, 10] });
const inputs = rng.randn(1, 784);

/** A new network with one weight of the first Dense layer changed, as a document edit leaves it. */
function edited(net: Network, k: number): Network {
  const dense = net.layers[1] as { weights: Tensor };
  const data = Float64Array.from(dense.weights.data);
  data[(k * 7919) % data.length] = rng.randn(1).data[0]!;
  const layers = [...net.layers];
  layers[1] = { ...net.layers[1]!, weights: { ...dense.weights, data } } as Network['layers'][1];
  return { ...net, layers };
}

const sides = {
  whole: (net: Network) => engine.client.call('forward', { network: net, inputs }),
  kept: (net: Network) => live.run({ network: net, inputs, mirror: false }),
};
const times: Record<keyof typeof sides, { wall: number[]; cpu: number }> = {
  whole: { wall: [], cpu: 0 },
  kept: { wall: [], cpu: 0 },
};

const load = os.loadavg()[0]!;
let k = 0;
for (let block = -1; block < blocks; block++) {
  const order = (block % 2 ? ['whole', 'kept'] : ['kept', 'whole']) as (keyof typeof sides)[];
  for (const side of order) {
    let cpu = 0;
    for (let i = 0; i < perBlock; i++) {
      network = edited(network, k++);
      const usage = process.cpuUsage();
      const start = performance.now();
      await sides[side](network);
      const wall = performance.now() - start;
      const used = process.cpuUsage(usage);
      cpu += used.user + used.system;
      if (block >= 0) times[side].wall.push(wall * 1000);
    }
    if (block >= 0) times[side].cpu += cpu;
  }
}
await engine.close();

const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;
console.log(
  `784-128-10 float64, batch 1, one weight edited before each call; ${blocks} blocks × ${perBlock} calls a side, alternating; load ${load.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)} on ${os.availableParallelism()} CPUs`,
);
for (const [side, { wall, cpu }] of Object.entries(times)) {
  const mean = wall.reduce((a, b) => a + b, 0) / wall.length;
  console.log(
    `${side.padEnd(6)} round trip µs: median ${quantile(wall, 0.5).toFixed(0)}, p10 ${quantile(wall, 0.1).toFixed(0)}, p90 ${quantile(wall, 0.9).toFixed(0)}, mean ${mean.toFixed(0)}; CPU (all threads) µs/call ${(cpu / wall.length).toFixed(0)}`,
  );
}
