/**
 * A new network initialised as nnfs's `Layer_Dense` does: weights = scale · randn(n_inputs,
 * n_neurons), biases zero, layer after layer from one generator. nnfs's scale is 0.01; the
 * notebook's `notebookNetwork` (nn/network.ts) uses 0.1.
 */
import type { ActivationType } from '../nn/activations.ts';
import type { Layer } from '../nn/layers.ts';
import type { Network } from '../nn/network.ts';
import { RandomState, type Seed } from '../rng/random-state.ts';
import { zeros } from '../tensor/tensor.ts';

export interface InitOptions {
  /** Units per layer, input first: [2, 64, 3] is Layer_Dense(2, 64) then Layer_Dense(64, 3). */
  sizes: readonly number[];
  /** One activation after each Dense layer ('linear' adds none). */
  activations?: readonly ActivationType[];
  /** `np.random.seed(seed)` first; ignored when `random` is given. Default 0, as nnfs.init(). */
  seed?: Seed;
  /** Draw from this generator, to continue after a data set as nnfs's global generator does. */
  random?: RandomState;
  /** Weights are scale · randn: nnfs's 0.01 by default. */
  scale?: number;
}

export function initNetwork({
  sizes,
  activations,
  seed = 0,
  random,
  scale = 0.01,
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
    for (let j = 0; j < weights.data.length; j++) weights.data[j] = scale * weights.data[j]!;
    layers.push({ type: 'dense', weights, biases: zeros([sizes[i]!]) });
    const activation = activations?.[i - 1];
    if (activation && activation !== 'linear') layers.push({ type: activation });
  }
  return { layers };
}
