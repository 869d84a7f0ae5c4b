/** The notebook's Dense stacks: `Layer_Dense` layer after layer from one seeded generator. */
import type { DenseLayer, Layer } from '../layers/index.ts';
import { RandomState, type Seed } from '../rng/random-state.ts';
import { zeros } from '../tensor/tensor.ts';
import type { Network } from './network.ts';

/** The activations a Dense stack may put after each Dense layer ('linear' adds none). */
export type StackActivation = 'relu' | 'sigmoid' | 'tanh' | 'softmax' | 'linear';

export interface InitOptions {
  /** Units per layer, input first: [4, 5, 2] is Layer_Dense(4, 5) then Layer_Dense(5, 2). */
  sizes: readonly number[];
  /** One activation after each Dense layer ('linear' adds none); none means a plain Dense stack. */
  activations?: readonly StackActivation[];
  /** `np.random.seed(seed)` first; ignored when `random` is given. Default 0. */
  seed?: Seed;
  /** Draw from this generator, to continue after a data set as nnfs's global generator does. */
  random?: RandomState;
  /** Weights are scale · randn(n_inputs, n_neurons): the notebook's 0.1 by default (nnfs: 0.01). */
  scale?: number;
}

/**
 * Dense layers made as `Layer_Dense` makes them, layer after layer from one generator:
 * weights = scale · randn(n_inputs, n_neurons), biases zero.
 */
export function initNetwork({
  sizes,
  activations,
  seed = 0,
  random,
  scale = 0.1,
}: InitOptions): Network {
  if (sizes.length < 2) throw new Error('a network needs at least two sizes: inputs and one layer');
  for (const [i, size] of sizes.entries()) {
    if (!Number.isInteger(size) || size < 1) {
      throw new Error(`layer size ${i + 1} must be a whole number ≥ 1, found ${size}`);
    }
  }
  if (activations && activations.length !== sizes.length - 1) {
    throw new Error(
      `${sizes.length - 1} Dense layers need ${sizes.length - 1} activations, found ${activations.length}`,
    );
  }
  if (!Number.isFinite(scale)) throw new Error(`scale must be a finite number, found ${scale}`);
  const rng = random ?? new RandomState(seed);
  const layers: Layer[] = [{ type: 'input', units: sizes[0]! }];
  for (let i = 1; i < sizes.length; i++) {
    const weights = rng.randn(sizes[i - 1]!, sizes[i]!);
    // The notebook's `0.10 * randn(...)`: the same product, bit for bit.
    for (let j = 0; j < weights.data.length; j++) weights.data[j] = scale * weights.data[j]!;
    const dense: DenseLayer = { type: 'dense', weights, biases: zeros([sizes[i]!]) };
    layers.push(dense);
    const activation = activations?.[i - 1];
    if (activation && activation !== 'linear') layers.push({ type: activation });
  }
  return { layers };
}

export interface NotebookNetworkOptions {
  seed: Seed;
  sizes: readonly number[];
  activations?: readonly StackActivation[];
}

/** The notebook's Dense layers after `np.random.seed(seed)`: 0.1·randn weights, zero biases. */
export function notebookNetwork({ seed, sizes, activations }: NotebookNetworkOptions): Network {
  return initNetwork({ seed, sizes, activations, scale: 0.1 });
}
