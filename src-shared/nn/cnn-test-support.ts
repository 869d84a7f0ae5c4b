/** Small image models for tests (layers, model files, documents), drawn from a seeded generator. */
import type { Layer } from '../layers/index.ts';
import { chainModel, type Model } from './model.ts';
import type { Network } from '../net/network.ts';
import { RandomState } from '../rng/random-state.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';

/** scale · randn(shape) as float32. */
function randn32(random: RandomState, shape: number[], scale: number): Tensor {
  const drawn = random.randn(shape.reduce((a, b) => a * b, 1));
  return tensor(
    drawn.data.map((x) => scale * x),
    shape,
    'float32',
  );
}

function mapped(t: Tensor, f: (x: number) => number): Tensor {
  return { ...t, data: t.data.map(f) };
}

export interface CnnOptions {
  seed?: number;
  /** Picture side, channels in, and the conv layers' out channels. */
  side?: number;
  channels?: 1 | 3;
  filters?: readonly number[];
  /** Dense units after Flatten; the last Dense has 2 (cat, dog). */
  hidden?: number;
}

/**
 * image-input → (conv2d 3×3 pad 1 → batchnorm → relu → maxpool2d 2) per filter count →
 * dropout → flatten → dense → relu → dense 2 → softmax.
 */
export function cnnModel({
  seed = 0,
  side = 4,
  channels = 1,
  filters = [2],
  hidden = 3,
}: CnnOptions = {}): Model & { network: Network } {
  const random = new RandomState(seed);
  const layers: Layer[] = [
    {
      type: 'image-input',
      height: side,
      width: side,
      channels,
      mean: channels === 1 ? [0.5] : [0.485, 0.456, 0.406],
      std: channels === 1 ? [0.25] : [0.229, 0.224, 0.225],
    },
  ];
  let c: number = channels;
  let size = side;
  for (const out of filters) {
    layers.push(
      {
        type: 'conv2d',
        weights: randn32(random, [3, 3, c, out], Math.sqrt(2 / (9 * c))),
        biases: randn32(random, [out], 0.01),
        stride: 1,
        padding: 1,
      },
      {
        type: 'batchnorm',
        gamma: mapped(randn32(random, [out], 0.1), (x) => 1 + x),
        beta: randn32(random, [out], 0.1),
        runningMean: randn32(random, [out], 0.1),
        runningVar: mapped(randn32(random, [out], 0.1), (x) => 1 + Math.abs(x)),
        epsilon: 0.001,
        momentum: 0.1,
      },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2, stride: 2 },
    );
    c = out;
    size = Math.floor(size / 2);
  }
  const features = size * size * c;
  layers.push(
    { type: 'dropout', rate: 0.25 },
    { type: 'flatten' },
    {
      type: 'dense',
      weights: randn32(random, [features, hidden], Math.sqrt(2 / features)),
      biases: randn32(random, [hidden], 0.01),
    },
    { type: 'relu' },
    {
      type: 'dense',
      weights: randn32(random, [hidden, 2], Math.sqrt(1 / hidden)),
      biases: randn32(random, [2], 0.01),
    },
    { type: 'softmax' },
  );
  const network = { layers };
  // The network too, as the chain the model's nodes form, for tests that run it directly.
  return { ...chainModel({ network, metadata: { name: 'tiny cnn', seed } }), network };
}
