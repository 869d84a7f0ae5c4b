/**
 * What a forward pass or a training step of a few networks really holds, measured in a fresh
 * process (`node --expose-gc --import tsx scripts/budget-measure.ts CASE MODE`), so the compute
 * budget's estimates (src-shared/net/budget.ts) can be checked against it. Prints the bytes.
 */
import { fileURLToPath } from 'node:url';
import { fastKernels } from '../src-shared/kernels/index.ts';
import { layerKind, type Layer, type LayerType } from '../src-shared/layers/registry.ts';
import { Net } from '../src-shared/net/net.ts';
import { layerShapes, precisionOf, type Network } from '../src-shared/net/network.ts';
import { RandomState } from '../src-shared/rng/random-state.ts';
import type { Shape } from '../src-shared/tensor/tensor.ts';

/** A chain of layers made by their kinds from settings, each fitted to the shape before it. */
export function chain(input: Layer, ...rest: [LayerType, Record<string, number>?][]): Network {
  const layers: Layer[] = [input];
  let shape: Shape = layerKind(input.type).outputShape(input, []);
  for (const [type, settings] of rest) {
    const kind = layerKind(type);
    const layer = kind.create({ ...kind.defaults, ...settings }, [shape]);
    shape = kind.outputShape(layer, [shape]);
    layers.push(layer);
  }
  return { layers };
}

export const picture = (height: number, width: number, channels: 1 | 3): Layer => ({
  type: 'image-input',
  height,
  width,
  channels,
  mean: new Array<number>(channels).fill(0),
  std: new Array<number>(channels).fill(1),
});

/** Each case: the network and the batch it runs at. */
export const MEASURED: Record<string, { network: Network; batch: number }> = {
  cnn: {
    batch: 16,
    network: chain(
      picture(96, 96, 3),
      ['conv2d', { filters: 16 }],
      ['relu'],
      ['maxpool2d'],
      ['conv2d', { filters: 24, stride: 2 }],
      ['batchnorm'],
      ['relu'],
      ['globalavgpool'],
      ['dense', { units: 10 }],
      ['softmax'],
    ),
  },
  dense: {
    batch: 2048,
    network: chain(
      { type: 'input', units: 256 },
      ['dense', { units: 512 }],
      ['tanh'],
      ['dense', { units: 512 }],
      ['relu'],
      ['dense', { units: 3 }],
      ['softmax'],
    ),
  },
  'cnn-5x5': {
    batch: 12,
    network: chain(
      picture(128, 128, 1),
      ['conv2d', { filters: 12, kernel: 5, padding: 2 }],
      ['leakyrelu'],
      ['avgpool2d'],
      ['conv2d', { filters: 16 }],
      ['dropout', { rate: 0.25 }],
      ['flatten'],
      ['dense', { units: 4 }],
    ),
  },
};

/** Bytes held after the pass: typed arrays and the kernels' WebAssembly memory (`external`). */
function measure(name: string, mode: 'forward' | 'train'): number {
  const { network, batch } = MEASURED[name]!;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const held = () => {
    gc();
    return process.memoryUsage().external;
  };
  const size = layerShapes(network)[0]!.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: batch * size }, (_, i) => (i * 37) % 255);
  const precision = precisionOf(network);
  const x = precision === 'float32' ? Float32Array.from(values) : Float64Array.from(values);
  // The kernels' module starts with memory of its own: made first, so only its growth counts.
  fastKernels();
  const before = held();
  const net = new Net(network, { precision });
  let kept: unknown;
  if (mode === 'forward') {
    // As the engine's `forward`: the pass, then a copy of every output to send back.
    net.forward(x, batch);
    kept = net.shapes.slice(1).map((_, k) => net.output(k + 1).slice());
  } else {
    const out = net.forward(x, batch, { training: true, rng: new RandomState(0) });
    net.backward(out.map(() => 1e-3));
    kept = out;
  }
  const taken = held() - before;
  return kept ? taken : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [name, mode] = process.argv.slice(2) as [string, 'forward' | 'train'];
  process.stdout.write(`${measure(name, mode)}\n`);
}
