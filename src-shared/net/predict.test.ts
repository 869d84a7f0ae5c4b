/**
 * `Net.predict`, the pass that keeps only the last output: a convolution with its BatchNorm
 * folded into its weights and its ReLU into its output sweep must give `forward`'s numbers to
 * float32 rounding, on any graph, whichever way the kernels convolve.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastKernels, referenceKernels } from '../kernels/index.ts';
import type { Kernels } from '../kernels/types.ts';
import { createWasmKernels } from '../kernels/wasm.ts';
import type { Layer } from '../layers/index.ts';
import type { BatchNormLayer } from '../layers/batchnorm.ts';
import type { Conv2DLayer } from '../layers/conv2d.ts';
import { RandomState } from '../rng/random-state.ts';
import { sizeOf, tensor, type Tensor } from '../tensor/tensor.ts';
import { Net } from './net.ts';
import type { Network } from './network.ts';

const BLOCKS = [
  'conv-bn-relu-pool',
  'conv-pool',
  'conv-bn-relu',
  'conv-bn',
  'conv-relu',
  'conv',
  // A BatchNorm (and ReLU) after a pool or an activation: nothing to fold it into.
  'bn-relu',
  'relu',
  'maxpool',
  // A convolution read by its BatchNorm and an Add: it must not fold.
  'conv-read-twice',
  // A BatchNorm read by its ReLU and an Add: it folds, but the ReLU must not fuse.
  'bn-read-twice',
] as const;
type Block = (typeof BLOCKS)[number];

const f32 = (values: number[], shape: number[]): Tensor => tensor(values, shape, 'float32');

/** Statistics as a trained network has them: far from the identity, γ of either sign. */
function trainedBatchNorm(rng: RandomState, channels: number): BatchNormLayer {
  const draw = (f: () => number) => f32(Array.from({ length: channels }, f), [channels]);
  return {
    type: 'batchnorm',
    gamma: draw(() => (rng.randomSample() < 0.2 ? -1 : 1) * (0.3 + 1.5 * rng.randomSample())),
    beta: draw(() => rng.randn(1).data[0]!),
    runningMean: draw(() => 2 * rng.randn(1).data[0]!),
    runningVar: draw(() => 0.05 + 3 * rng.randomSample()),
    epsilon: 1e-5,
    momentum: 0.1,
  };
}

interface ConvChoice {
  readonly width: number;
  readonly kernel: 1 | 3;
  readonly stride: 1 | 2;
  readonly padding: 0 | 1;
}

const convChoice = fc.record({
  width: fc.constantFrom(3, 5, 8, 12, 16, 24),
  kernel: fc.constantFrom(1 as const, 3 as const, 3 as const),
  stride: fc.constantFrom(1 as const, 1 as const, 2 as const),
  padding: fc.constantFrom(0 as const, 1 as const),
});

/** A picture network of the blocks above, with every layer's inputs stated. */
function buildNetwork(
  side: number,
  channels: 1 | 3,
  blocks: readonly { block: Block; conv: ConvChoice }[],
  seed: number,
): Network {
  const rng = new RandomState(seed);
  const layers: Layer[] = [
    {
      type: 'image-input',
      height: side,
      width: side,
      channels,
      mean: new Array<number>(channels).fill(0.5),
      std: new Array<number>(channels).fill(0.25),
    },
  ];
  const inputs: number[][] = [[]];
  let c: number = channels;
  let size = side;
  const add = (layer: Layer, from = [layers.length - 1]) => {
    layers.push(layer);
    inputs.push(from);
    return layers.length - 1;
  };
  const conv = ({ width, kernel, stride, padding }: ConvChoice): number => {
    // Padding below the kernel, and an output of at least one pixel.
    const pad = kernel === 1 || size < 3 ? Math.min(kernel - 1, 1) : padding;
    const step = size < 4 ? 1 : stride;
    const n = kernel * kernel * c * width;
    const scale = Math.sqrt(2 / (kernel * kernel * c));
    const layer: Conv2DLayer = {
      type: 'conv2d',
      weights: f32(
        Array.from(rng.randn(n).data, (v) => v * scale),
        [kernel, kernel, c, width],
      ),
      biases: f32(
        Array.from(rng.randn(width).data, (v) => 0.3 * v),
        [width],
      ),
      stride: step,
      padding: pad,
    };
    c = width;
    size = Math.floor((size + 2 * pad - kernel) / step) + 1;
    return add(layer);
  };
  for (const { block, conv: choice } of blocks) {
    if (block.startsWith('conv') && !block.endsWith('twice')) {
      conv(choice);
      if (block.includes('bn')) add(trainedBatchNorm(rng, c));
      if (block.includes('relu')) add({ type: 'relu' });
      if (block.endsWith('pool') && size >= 2) {
        add({ type: 'maxpool2d', size: 2, stride: 2 });
        size = Math.floor(size / 2);
      }
    } else if (block === 'bn-relu') {
      add(trainedBatchNorm(rng, c));
      add({ type: 'relu' });
    } else if (block === 'relu') add({ type: 'relu' });
    else if (block === 'maxpool' && size >= 2) {
      add({ type: 'maxpool2d', size: 2, stride: 2 });
      size = Math.floor(size / 2);
    } else if (block === 'conv-read-twice') {
      const head = conv(choice);
      const bn = add(trainedBatchNorm(rng, c));
      add({ type: 'add' }, [bn, head]);
    } else if (block === 'bn-read-twice') {
      conv(choice);
      const bn = add(trainedBatchNorm(rng, c));
      const relu = add({ type: 'relu' });
      add({ type: 'add' }, [relu, bn]);
    }
  }
  add({ type: 'globalavgpool' });
  const dense = 3;
  const w = Array.from(rng.randn(c * dense).data);
  add({ type: 'dense', weights: f32(w, [c, dense]), biases: f32([0.1, -0.2, 0.3], [dense]) });
  add({ type: 'softmax' });
  return { layers, inputs };
}

/**
 * Every layer's output of a float64 pass of the same network on |x| with |w| (BatchNorm as
 * |scale| · x + |shift|): an output's sum of |terms|, against which float32's rounding of it,
 * carried through the later layers, is measured (as the Winograd kernels' tests do).
 */
function magnitudes(network: Network, pixels: Uint8Array, batch: number): Float64Array[] {
  const abs = (t: Tensor): Tensor => ({ ...t, data: Float64Array.from(t.data, Math.abs) });
  const layers = network.layers.map((layer): Layer => {
    switch (layer.type) {
      case 'image-input':
        return { ...layer, mean: layer.mean.map((m) => -Math.abs(m)) };
      case 'conv2d':
      case 'dense':
        return { ...layer, weights: abs(layer.weights), biases: abs(layer.biases) };
      case 'batchnorm': {
        // shift = β − mean · scale: |β| and −|mean| give |β| + |mean| · |scale| ≥ |shift|.
        const mean = {
          ...layer.runningMean,
          data: layer.runningMean.data.map((m) => -Math.abs(m)),
        };
        return { ...layer, gamma: abs(layer.gamma), beta: abs(layer.beta), runningMean: mean };
      }
      default:
        return layer;
    }
  });
  const net = new Net({ ...network, layers }, { precision: 'float64' });
  net.forward(Float64Array.from(pixels), batch);
  return network.layers.map((_, i) => Float64Array.from(net.output(i)));
}

/** Each layer's output from the two passes (null where predict keeps none). */
function bothPasses(net: Net, pixels: Uint8Array, batch: number) {
  const x = Float32Array.from(pixels);
  const predicted = Float32Array.from(net.predict(x, batch));
  const kept = net.shapes.map((_, i) => {
    try {
      return Float32Array.from(net.output(i));
    } catch {
      return null;
    }
  });
  net.forward(x, batch);
  const plain = net.shapes.map((_, i) => Float32Array.from(net.output(i)));
  return { predicted, kept, plain };
}

/** The worst |predict − forward| / (the output's magnitude), over every layer predict keeps. */
function worstError(net: Net, network: Network, pixels: Uint8Array, batch: number): number {
  const { predicted, kept, plain } = bothPasses(net, pixels, batch);
  const scale = magnitudes(network, pixels, batch);
  const last = net.shapes.length - 1;
  expect(kept[last]).toEqual(predicted);
  // The softmax's error is at most its input's: measure it against the largest input of the row.
  const logits = scale[last - 1]!;
  const classes = sizeOf(net.outputShape);
  scale[last] = scale[last]!.map((_, k) => {
    const row = Math.floor(k / classes) * classes;
    return Math.max(...logits.subarray(row, row + classes));
  });
  let worst = 0;
  kept.forEach((values, i) => {
    if (!values) return;
    for (let k = 0; k < values.length; k++) {
      const error = Math.abs(values[k]! - plain[i]![k]!) / Math.max(scale[i]![k]!, 1e-30);
      worst = Math.max(worst, error);
    }
  });
  return worst;
}

function randomPixels(length: number, seed: number): Uint8Array {
  const rng = new RandomState(seed);
  return Uint8Array.from({ length }, () => Math.floor(256 * rng.randomSample()));
}

const KERNELS: [string, () => Kernels][] = [
  ['the fastest kernels', () => fastKernels()],
  ['Winograd F(2×2) wherever it applies', () => createWasmKernels('best', { winograd: 'f2x2' })!],
  ['Winograd F(4×4) wherever it applies', () => createWasmKernels('best', { winograd: 'f4x4' })!],
  ['no Winograd', () => createWasmKernels('simd', { winograd: 'never' })!],
  ['the reference loops', () => referenceKernels],
];

describe.each(KERNELS)('predict on %s', (_, kernels) => {
  it('gives forward’s outputs to float32 rounding on random networks, also after their parameters and statistics change', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 11 }),
        fc.constantFrom(1 as const, 3 as const),
        fc.array(fc.record({ block: fc.constantFrom(...BLOCKS), conv: convChoice }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(10_000),
        (side, channels, blocks, batch, seed) => {
          const network = buildNetwork(side, channels, blocks, seed);
          const net = new Net(network, { precision: 'float32', kernels: kernels() });
          const pixels = randomPixels(batch * side * side * channels, seed);
          expect(worstError(net, network, pixels, batch)).toBeLessThan(1e-5);
          // As a replica between validations: new parameter values, set in place, and running
          // statistics moved by a training pass. A fold made once and kept would go stale.
          const rng = new RandomState(seed + 1);
          for (const p of net.params) {
            p.value.set(Array.from(p.value, (v) => v * (0.5 + rng.randomSample())));
          }
          net.forward(Float32Array.from(pixels), batch, { training: true });
          const changed = net.toNetwork();
          expect(worstError(net, changed, pixels, batch)).toBeLessThan(1e-5);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('predict', () => {
  const blocks = (...names: Block[]) =>
    names.map((block) => ({
      block,
      conv: { width: 8, kernel: 3, stride: 1, padding: 1 } as const,
    }));

  /** Which layers' outputs the last pass left readable (`output` throws for the others). */
  const keptOutputs = (net: Net) =>
    net.shapes.map((_, i) => {
      try {
        net.output(i);
        return true;
      } catch {
        return false;
      }
    });

  it('keeps only the outputs a block ends with, and says which it did not keep', () => {
    // image-input, conv, bn, relu, maxpool, conv, bn, add(bn, conv), globalavgpool, dense, softmax
    const network = buildNetwork(8, 3, blocks('conv-bn-relu', 'maxpool', 'conv-read-twice'), 1);
    const net = new Net(network, { precision: 'float32' });
    const x = Float32Array.from(randomPixels(2 * 8 * 8 * 3, 2));
    net.predict(x, 2);
    const keeps = keptOutputs(net);
    expect(net.types).toEqual([
      ...['image-input', 'conv2d', 'batchnorm', 'relu', 'maxpool2d', 'conv2d', 'batchnorm'],
      ...['add', 'globalavgpool', 'dense', 'softmax'],
    ]);
    // The first convolution and its BatchNorm fold into the ReLU's block; the one read twice
    // keeps its output, and so does the BatchNorm after it.
    expect(keeps).toEqual([true, false, false, true, true, true, true, true, true, true, true]);
    expect(() => net.output(2)).toThrow(
      "layers[2] (batchnorm): its output was not kept by the last pass, a prediction (predict); run forward for every layer's output",
    );
    net.forward(x, 2);
    expect(net.output(2).length).toBe(2 * 8 * 8 * 8);
  });

  it('takes a 2×2 max pool into a convolution where Winograd computes it', () => {
    // image-input, conv 3 → 8, bn, relu, conv 8 → 8, bn, relu, maxpool, conv 8 → 8 stride 2,
    // relu, maxpool, globalavgpool, dense, softmax
    const stride2 = { width: 8, kernel: 3, stride: 2, padding: 1 } as const;
    const network = buildNetwork(
      10,
      3,
      [
        ...blocks('conv-bn-relu', 'conv-bn-relu-pool'),
        { block: 'conv-relu', conv: stride2 },
        { block: 'maxpool', conv: stride2 },
      ],
      7,
    );
    const net = new Net(network, { precision: 'float32' });
    const x = Float32Array.from(randomPixels(2 * 10 * 10 * 3, 8));
    net.predict(x, 2);
    const keeps = keptOutputs(net);
    // The first convolution (3 channels in) and the strided one go the direct and im2col ways:
    // their pools are layers of their own.
    expect(net.types.slice(1, 11)).toEqual([
      ...['conv2d', 'batchnorm', 'relu', 'conv2d', 'batchnorm', 'relu', 'maxpool2d'],
      ...['conv2d', 'relu', 'maxpool2d'],
    ]);
    expect(keeps.slice(1, 11)).toEqual([
      ...[false, false, true, false, false, false, true],
      ...[false, true, true],
    ]);
  });

  it('shares the net’s memory with forward at any sequence of batches, as a fresh net computes', () => {
    const wide = { width: 16, kernel: 3, stride: 1, padding: 1 } as const;
    const names = ['conv-bn-relu', 'conv-bn-relu-pool', 'conv-pool'] as const;
    const network = buildNetwork(
      12,
      3,
      names.map((block) => ({ block, conv: wide })),
      9,
    );
    const pass = fc.record({
      batch: fc.integer({ min: 1, max: 6 }),
      kind: fc.constantFrom('predict', 'forward', 'train'),
    });
    fc.assert(
      fc.property(fc.array(pass, { minLength: 2, maxLength: 6 }), (passes) => {
        const net = new Net(network, { precision: 'float32' });
        passes.forEach(({ batch, kind }, k) => {
          const x = Float32Array.from(randomPixels(batch * 12 * 12 * 3, k));
          const run = (n: Net) =>
            Float32Array.from(
              kind === 'predict'
                ? n.predict(x, batch)
                : n.forward(x, batch, { training: kind === 'train' }),
            );
          // A fresh net from the same statistics (a training pass moves them).
          const fresh = new Net(net.toNetwork(), { precision: 'float32' });
          expect(run(net)).toEqual(run(fresh));
        });
      }),
      { numRuns: 30 },
    );
  });

  it('is forward itself, bit for bit, in float64', () => {
    const network = buildNetwork(6, 1, blocks('conv-bn-relu', 'conv-bn'), 3);
    const net = new Net(network, { precision: 'float64' });
    const x = Float64Array.from(randomPixels(2 * 6 * 6, 4));
    const predicted = Float64Array.from(net.predict(x, 2));
    const conv = Float64Array.from(net.output(1));
    expect(net.forward(x, 2)).toEqual(predicted);
    expect(net.output(1)).toEqual(conv);
  });

  it('needs a training forward before backward', () => {
    const net = new Net(buildNetwork(6, 1, blocks('conv-bn-relu'), 5), { precision: 'float32' });
    const x = Float32Array.from(randomPixels(6 * 6, 6));
    net.forward(x, 1, { training: true });
    net.predict(x, 1);
    expect(() => net.backward(new Float32Array(3))).toThrow(
      'backward needs a forward pass with training = true first',
    );
  });
});
