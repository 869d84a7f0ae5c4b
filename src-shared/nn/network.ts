/** A network is a list of layers, the first an input layer; its forward pass returns every layer's output. */
import { RandomState, type Seed } from '../rng/random-state.ts';
import { ShapeError } from '../tensor/ops.ts';
import { sizeOf, zeros, type Tensor } from '../tensor/tensor.ts';
import { type ActivationType } from './activations.ts';
import { forwardLayer, outputShape, type Layer } from './layers.ts';

export interface Network {
  readonly layers: readonly Layer[];
}

/**
 * The outputs of layers[1..], in order (the input layer passes its inputs through).
 * Inputs are one sample (features,) or a batch (batch, features); an image network takes a
 * batch of pictures (batch, height, width, channels) of 0..255 pixel values.
 */
export function forward(network: Network, inputs: Tensor): Tensor[] {
  const outputs: Tensor[] = [];
  let x = inputs;
  network.layers.forEach((layer, i) => {
    try {
      x = forwardLayer(layer, x);
    } catch (error) {
      if (error instanceof ShapeError)
        throw new ShapeError(`layers[${i}] (${layer.type}): ${error.message}`);
      throw error;
    }
    if (i > 0) outputs.push(x);
  });
  return outputs;
}

export interface InitOptions {
  /** Units per layer, input first: [4, 5, 2] is Layer_Dense(4, 5) then Layer_Dense(5, 2). */
  sizes: readonly number[];
  /** One activation after each Dense layer ('linear' adds none); none means a plain Dense stack. */
  activations?: readonly ActivationType[];
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
    layers.push({ type: 'dense', weights, biases: zeros([sizes[i]!]) });
    const activation = activations?.[i - 1];
    if (activation && activation !== 'linear') layers.push({ type: activation });
  }
  return { layers };
}

export interface NotebookNetworkOptions {
  seed: Seed;
  sizes: readonly number[];
  activations?: readonly ActivationType[];
}

/** The notebook's Dense layers after `np.random.seed(seed)`: 0.1·randn weights, zero biases. */
export function notebookNetwork({ seed, sizes, activations }: NotebookNetworkOptions): Network {
  return initNetwork({ seed, sizes, activations, scale: 0.1 });
}

/**
 * The shape of one sample after each layer, input first: `[[4], [5], [5]]`, or for a CNN
 * `[[64, 64, 3], [64, 64, 16], …, [2]]`. Throws a ShapeError at the first layer that does not fit.
 */
export function layerShapes(network: Network): number[][] {
  const shapes: number[][] = [];
  let current: number[] = [];
  network.layers.forEach((layer, i) => {
    try {
      current = outputShape(layer, current);
    } catch (error) {
      if (error instanceof ShapeError)
        throw new ShapeError(`layers[${i}] (${layer.type}): ${error.message}`);
      throw error;
    }
    shapes.push(current);
  });
  return shapes;
}

/** Values per sample after each layer (a picture's height × width × channels). */
export function layerUnits(network: Network): number[] {
  return layerShapes(network).map(sizeOf);
}

/** Whether the network takes pictures: its Dense layers then compute in float32. */
export function isImageNetwork(network: Network): boolean {
  return network.layers[0]?.type === 'image-input';
}
