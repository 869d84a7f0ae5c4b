/** A network is a list of layers, the first an input layer; its forward pass returns every layer's output. */
import { RandomState, type Seed } from '../rng/random-state.ts';
import { ShapeError } from '../tensor/ops.ts';
import { zeros, type Tensor } from '../tensor/tensor.ts';
import { type ActivationType } from './activations.ts';
import { forwardLayer, outputUnits, type DenseLayer, type Layer } from './layers.ts';

export interface Network {
  readonly layers: readonly Layer[];
}

/**
 * The outputs of layers[1..], in order (the input layer passes its inputs through).
 * Inputs are one sample (features,) or a batch (batch, features).
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

/** The notebook's `Layer_Dense(n_inputs, n_neurons)`: 0.1·randn weights, zero biases. */
export function denseLayer(nInputs: number, nNeurons: number, random: RandomState): DenseLayer {
  const weights = random.randn(nInputs, nNeurons);
  for (let i = 0; i < weights.data.length; i++) weights.data[i] = 0.1 * weights.data[i]!;
  return { type: 'dense', weights, biases: zeros([nNeurons]) };
}

export interface NotebookNetworkOptions {
  seed: Seed;
  /** Units per layer, input first: [4, 5, 2] is Layer_Dense(4, 5) then Layer_Dense(5, 2). */
  sizes: readonly number[];
  /** One activation after each Dense layer; none means the notebook's plain Dense stack. */
  activations?: readonly ActivationType[];
}

/** Builds Dense layers in the notebook's order of random draws, after `np.random.seed(seed)`. */
export function notebookNetwork({ seed, sizes, activations }: NotebookNetworkOptions): Network {
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
  const random = new RandomState(seed);
  const layers: Layer[] = [{ type: 'input', units: sizes[0]! }];
  for (let i = 1; i < sizes.length; i++) {
    layers.push(denseLayer(sizes[i - 1]!, sizes[i]!, random));
    const activation = activations?.[i - 1];
    if (activation && activation !== 'linear') layers.push({ type: activation });
  }
  return { layers };
}

/** Units after each layer, to check connections and draw neurons. */
export function layerUnits(network: Network): number[] {
  const units: number[] = [];
  let current = 0;
  for (const layer of network.layers) {
    current = outputUnits(layer, current);
    units.push(current);
  }
  return units;
}
