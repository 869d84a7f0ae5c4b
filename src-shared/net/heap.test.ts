/**
 * A float32 net keeps its activations and their gradients in its own kernels' memory, and the
 * kernels take them in place: the numbers must be those of the copying path bit for bit, and no
 * growth of any memory (another net's, the thread's kernels', its own for a larger batch) may
 * corrupt a net or a value it handed out.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { parseModelFile } from '../model-file/index.ts';
import { runnableGraph } from '../document/model-io.ts';
import { fastKernels } from '../kernels/index.ts';
import type { Kernels } from '../kernels/types.ts';
import { createWasmKernels, type WasmKernels } from '../kernels/wasm.ts';
import type { Layer } from '../layers/index.ts';
import { RandomState } from '../rng/random-state.ts';
import { freshBatchNorm, heConv, heDense, smallCnn } from '../vision/init.ts';
import { Net } from './net.ts';
import type { Network } from './network.ts';

const wasm = createWasmKernels()!;

/** The same kernels without a heap of their own: every call copies its operands in and out. */
function copying(k: WasmKernels): Kernels {
  const methods = [
    'gemm',
    'gemm64',
    'conv2dForward',
    'conv2dBackward',
    'channelMoments',
    'channelDots',
    'channelAffine',
    'relu',
    'reluBackward',
    'maxPoolForward',
    'maxPoolBackward',
    'avgPoolForward',
    'avgPoolBackward',
  ] as const;
  const bound = methods.map((m) => [m, (k[m] as (...a: unknown[]) => void).bind(k)]);
  return Object.fromEntries([['name', k.name], ...bound]) as Kernels;
}

interface Step {
  readonly outputs: Float32Array[];
  readonly grads: Float32Array[];
}

function pixels(length: number, seed: number): Float32Array {
  const rng = new RandomState(seed);
  return Float32Array.from({ length }, () => rng.randomSample());
}

/** A training step's every output and every parameter's gradient, copied. */
function forwardStep(net: Net, batch: number, seed: number): Float32Array[] {
  const x = pixels(batch * net.shapes[0]!.reduce((a, b) => a * b, 1), seed);
  net.forward(x, batch, { training: true, rng: new RandomState(seed) });
  return net.shapes.map((_, i) => Float32Array.from(net.output(i)));
}

function backwardStep(net: Net, seed: number): Float32Array[] {
  const last = net.output(net.shapes.length - 1);
  const rng = new RandomState(seed + 1);
  net.backward(Float32Array.from(last, () => rng.randomSample() - 0.5));
  return net.params.map((p) => Float32Array.from(p.grad));
}

function trainStep(net: Net, batch: number, seed: number): Step {
  return { outputs: forwardStep(net, batch, seed), grads: backwardStep(net, seed) };
}

/**
 * Where two lists of arrays first differ bit for bit (`layers[3][17]`), or null: vitest's deep
 * equality walks a large typed array far too slowly.
 */
function firstDifference(a: readonly Float32Array[], b: readonly Float32Array[]): string | null {
  if (a.length !== b.length) return `${a.length} arrays against ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    const x = new Uint32Array(a[i]!.buffer, a[i]!.byteOffset, a[i]!.length);
    const y = new Uint32Array(b[i]!.buffer, b[i]!.byteOffset, b[i]!.length);
    if (x.length !== y.length) return `[${i}] has ${x.length} values against ${y.length}`;
    for (let j = 0; j < x.length; j++) {
      if (x[j] !== y[j]) return `[${i}][${j}]: ${a[i]![j]} against ${b[i]![j]}`;
    }
  }
  return null;
}

function expectSame(a: Step | Float32Array[], b: Step | Float32Array[]): void {
  if (Array.isArray(a) || Array.isArray(b)) {
    expect(firstDifference(a as Float32Array[], b as Float32Array[])).toBeNull();
    return;
  }
  expect(firstDifference(a.outputs, b.outputs), 'outputs').toBeNull();
  expect(firstDifference(a.grads, b.grads), 'gradients').toBeNull();
}

function pair(network: Network, kernels = wasm): { heap: Net; copy: Net } {
  return {
    heap: new Net(network, { precision: 'float32', kernels }),
    copy: new Net(network, { precision: 'float32', kernels: copying(kernels) }),
  };
}

const picture = (height: number, width: number, channels: 1 | 3): Layer => ({
  type: 'image-input',
  height,
  width,
  channels,
  mean: new Array<number>(channels).fill(0.5),
  std: new Array<number>(channels).fill(0.25),
});

function shippedCnn(): Network {
  const text = readFileSync(
    new URL('../../resources/models/cats-vs-dogs.json', import.meta.url),
    'utf8',
  );
  return runnableGraph(parseModelFile(text)).network;
}

describe('a float32 net in its own kernel memory', () => {
  it('keeps its activations there: a layer’s output is a view on the kernels’ memory', () => {
    const { heap, copy } = pair({ layers: smallCnn(cnnOptions(1)) });
    forwardStep(heap, 2, 1);
    forwardStep(copy, 2, 1);
    const conv = heap.types.indexOf('conv2d');
    // One memory holds every activation; the copying net's are arrays of their own.
    const buffer = heap.output(conv).buffer;
    for (let i = conv + 1; i < heap.shapes.length; i++) expect(heap.output(i).buffer).toBe(buffer);
    expect(copy.output(conv + 1).buffer).not.toBe(copy.output(conv).buffer);
  });

  it('computes the shipped CNN bit for bit as the copying kernels, across batch sizes', () => {
    const { heap, copy } = pair(shippedCnn());
    for (const [batch, seed] of [
      [2, 1],
      [3, 2],
      [1, 3],
    ] as const) {
      expectSame(trainStep(heap, batch, seed), trainStep(copy, batch, seed));
    }
  });

  it('computes random small nets bit for bit as the copying kernels', () => {
    fc.assert(
      fc.property(randomNet(), fc.integer({ min: 1, max: 4 }), fc.nat(1000), (net, batch, seed) => {
        const { heap, copy } = pair(net);
        expectSame(trainStep(heap, batch, seed), trainStep(copy, batch, seed));
        // A second, larger batch lays the memory out afresh.
        expectSame(trainStep(heap, batch + 2, seed + 1), trainStep(copy, batch + 2, seed + 1));
      }),
      { numRuns: 25 },
    );
  });

  it('is not disturbed by other nets and calls growing memory between its passes', () => {
    // This thread's kernels, fresh, so that their memory's growth shows.
    const shared = createWasmKernels()!;
    const { heap, copy } = pair({ layers: smallCnn(cnnOptions(2)) }, shared);
    const big = new Net(
      { layers: smallCnn({ ...cnnOptions(3), size: 32 }) },
      { precision: 'float32', kernels: shared },
    );
    expectSame(forwardStep(heap, 2, 5), forwardStep(copy, 2, 5));
    const kept = heap.output(heap.shapes.length - 1);
    const keptValues = Float32Array.from(kept);
    // Between its forward and backward: a larger net's pass, and large GEMMs on this thread's
    // kernels, each growing a memory.
    const before = shared.memoryBytes;
    forwardStep(big, 16, 6);
    largeGemm(shared);
    largeGemm(fastKernels());
    expect(shared.memoryBytes).toBeGreaterThan(before);
    expect(kept).toEqual(keptValues);
    expectSame(backwardStep(heap, 5), backwardStep(copy, 5));
    // Interleaved: forward, forward, backward, backward.
    const a = forwardStep(heap, 3, 7);
    forwardStep(big, 20, 8);
    expectSame(a, forwardStep(copy, 3, 7));
    backwardStep(big, 8);
    expectSame(backwardStep(heap, 7), backwardStep(copy, 7));
  });

  it('hands out gradients and saved layers that a larger batch’s growth leaves intact', () => {
    const { heap } = pair({ layers: smallCnn(cnnOptions(4)) });
    trainStep(heap, 2, 9);
    const grads = heap.params.map((p) => p.grad);
    const values = grads.map((g) => Float32Array.from(g));
    const saved = heap.toNetwork();
    const savedJson = JSON.stringify(saved);
    // Its own memory grows for a batch of 24: views on the old memory would read as empty.
    forwardStep(heap, 24, 10);
    expect(grads.map((g) => g.length)).toEqual(values.map((v) => v.length));
    expect(grads).toEqual(values);
    expect(JSON.stringify(saved)).toBe(savedJson);
    expect(heap.params.every((p) => p.grad === grads[heap.params.indexOf(p)])).toBe(true);
  });
});

/** One pass of a sequence: inference, or a training step (forward and backward). */
interface Pass {
  readonly batch: number;
  readonly training: boolean;
}

/** An inference pass's every output, copied. */
function inferStep(net: Net, batch: number, seed: number): Float32Array[] {
  net.forward(pixels(batch * net.shapes[0]!.reduce((a, b) => a * b, 1), seed), batch);
  return net.shapes.map((_, i) => Float32Array.from(net.output(i)));
}

/**
 * Runs `passes` on one net, each checked against a fresh net made from its layers just before
 * (the same parameters and running statistics), which lays its memory out for that pass alone.
 */
function expectPassesAsFresh(network: Network, passes: readonly Pass[]): void {
  const net = new Net(network, { precision: 'float32', kernels: wasm });
  passes.forEach(({ batch, training }, seed) => {
    const fresh = new Net(net.toNetwork(), { precision: 'float32', kernels: wasm });
    const step = training ? trainStep : inferStep;
    expectSame(step(net, batch, seed), step(fresh, batch, seed));
  });
}

describe('a float32 net over a sequence of batch sizes', () => {
  // Four Conv–BN–ReLU blocks at one size: enough buffers that regions taken twice overflow
  // what a pass reserves (a smaller net's slack hides the second regions).
  const network = {
    layers: smallCnn({ ...cnnOptions(5), size: 12, widths: [16], convsPerStage: [4] }),
  };
  const inference = (batch: number): Pass => ({ batch, training: false });
  const training = (batch: number): Pass => ({ batch, training: true });
  // A worker's reload, a validation pass at the widest batch, the short last step of an
  // epoch, then a full step: its buffers were laid out at 7, and 8 must not outgrow them.
  const reload = [inference(8), training(7), training(8)];

  it.each([
    ['a reload, a short step, a full step', reload],
    ['shrinking, then between', [training(9), inference(9), training(5), training(9)]],
    ['the narrowest, then up', [inference(8), training(2), training(8), training(5)]],
  ])('trains as a fresh net: %s', (_, passes) => {
    expectPassesAsFresh(network, passes);
  });

  it('computes every pass as a fresh net, batches growing and shrinking, modes interleaved', () => {
    const pass = fc.record({ batch: fc.integer({ min: 1, max: 9 }), training: fc.boolean() });
    fc.assert(
      fc.property(fc.array(pass, { minLength: 2, maxLength: 6 }), (passes) => {
        expectPassesAsFresh(network, passes);
      }),
      { numRuns: 30, examples: [[reload]] },
    );
  });

  it('runs a batch of none, first and later, in both precisions', () => {
    for (const precision of ['float32', 'float64'] as const) {
      const net = new Net(network, { precision, kernels: wasm });
      expect(net.forward(new Float32Array(0), 0)).toHaveLength(0);
      expect(inferStep(net, 3, 1).at(-1)).toHaveLength(9);
      expect(net.forward(new Float32Array(0), 0)).toHaveLength(0);
    }
  });
});

describe('a float32 net rebuilt over its predecessor', () => {
  it('takes over one kernel instance however often it is rebuilt, computing as a fresh net', () => {
    const kernels = createWasmKernels()!;
    const made = vi.spyOn(kernels, 'withOwnHeap');
    try {
      let net = new Net({ layers: smallCnn(cnnOptions(6)) }, { precision: 'float32', kernels });
      for (let round = 0; round < 6; round++) {
        // Each rebuild a different network (new weights), at a growing or shrinking batch.
        const network = { layers: smallCnn(cnnOptions(7 + round)) };
        const previous = net;
        net = new Net(network, { precision: 'float32', kernels, replaces: previous });
        const fresh = new Net(network, { precision: 'float32', kernels: wasm });
        const batch = [3, 1, 6, 2, 4, 5][round]!;
        expectSame(trainStep(net, batch, round), trainStep(fresh, batch, round));
        expect(() => previous.forward(new Float32Array(0), 0)).toThrow('this net was replaced');
        expect(() => previous.output(1)).toThrow('this net was replaced');
      }
      expect(made).toHaveBeenCalledTimes(1);
    } finally {
      made.mockRestore();
    }
  });

  it('leaves its predecessor working when it cannot be built, and cannot replace a retired net', () => {
    const kernels = createWasmKernels()!;
    const network = { layers: smallCnn(cnnOptions(8)) };
    const net = new Net(network, { precision: 'float32', kernels });
    const before = inferStep(net, 2, 3);
    // A Dense layer of 5 inputs after an 8×8×8 picture: a shape error while building.
    const broken = { layers: [...network.layers.slice(0, 2), heDense(new RandomState(0), 5, 2)] };
    expect(() => new Net(broken, { precision: 'float32', kernels, replaces: net })).toThrow();
    expectSame(inferStep(net, 2, 3), before);
    const next = new Net(network, { precision: 'float64', replaces: net });
    expect(() => new Net(network, { precision: 'float32', replaces: net })).toThrow(
      'this net was replaced',
    );
    expect(next.forward(new Float64Array(0), 0)).toHaveLength(0);
  });
});

function cnnOptions(seed: number) {
  return {
    size: 8,
    channels: 3 as const,
    classes: 3,
    seed,
    widths: [8, 16],
    convsPerStage: [1, 1],
  };
}

/** C = A · B of 600×600 matrices: 4 MiB of operands, more than a small net's memory holds. */
function largeGemm(kernels: Kernels): void {
  const n = 600;
  const a = pixels(n * n, 11);
  const c = new Float32Array(n * n);
  kernels.gemm(n, n, n, a, a, c);
  expect(c[0]).toBeGreaterThan(0);
}

/** A picture network of random convolutions, BatchNorms, activations, pools and dropout. */
function randomNet(): fc.Arbitrary<Network> {
  const block = fc.constantFrom(
    'conv',
    'conv-strided',
    'batchnorm',
    'relu',
    'tanh',
    'maxpool',
    'dropout',
  );
  return fc
    .record({
      size: fc.integer({ min: 4, max: 9 }),
      channels: fc.constantFrom(1 as const, 3 as const),
      blocks: fc.array(block, { minLength: 1, maxLength: 6 }),
      widths: fc.array(fc.constantFrom(2, 8, 16), { minLength: 6, maxLength: 6 }),
      head: fc.constantFrom('globalavgpool', 'flatten'),
      residual: fc.boolean(),
      seed: fc.nat(10_000),
    })
    .map(({ size, channels, blocks, widths, head, residual, seed }) => {
      const rng = new RandomState(seed);
      const layers: Layer[] = [picture(size, size, channels)];
      let c: number = channels;
      let side = size;
      blocks.forEach((b, i) => {
        if (b === 'conv' || (b === 'conv-strided' && side >= 4)) {
          const stride = b === 'conv' ? 1 : 2;
          layers.push({ ...heConv(rng, { inChannels: c, outChannels: widths[i]! }), stride });
          c = widths[i]!;
          side = Math.floor((side - 1) / stride) + 1;
        } else if (b === 'batchnorm') layers.push(freshBatchNorm(c));
        else if (b === 'relu' || b === 'tanh') layers.push({ type: b });
        else if (b === 'maxpool' && side >= 2) {
          layers.push({ type: 'maxpool2d', size: 2, stride: 2 });
          side = Math.floor(side / 2);
        } else if (b === 'dropout') layers.push({ type: 'dropout', rate: 0.25 });
      });
      let inputs: number[][] | undefined;
      if (residual) {
        // A branch that adds the last picture to a convolution of itself (merge spares).
        const from = layers.length - 1;
        layers.push(heConv(rng, { inChannels: c, outChannels: c }), { type: 'add' });
        inputs = layers.map((_, i) => (i === 0 ? [] : [i - 1]));
        inputs[layers.length - 1] = [from + 1, from];
      }
      layers.push({ type: head });
      const features = head === 'flatten' ? side * side * c : c;
      layers.push(heDense(rng, features, 3), { type: 'softmax' });
      if (inputs) inputs.push([inputs.length - 1], [inputs.length], [inputs.length + 1]);
      return { layers, ...(inputs ? { inputs } : {}) };
    });
}
