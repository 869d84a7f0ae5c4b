/**
 * The layers of a network as plain data, and their forward passes.
 * A Dense layer is the notebook's `Layer_Dense`: weights of shape (n_inputs, n_neurons),
 * biases of shape (n_neurons,), output = inputs @ weights + biases. Activations are layers
 * of their own, as in the book the notebook follows, so the canvas can show each step.
 */
import { add, dot, ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Tensor } from '../tensor/tensor.ts';
import { activate, type ActivationType } from './activations.ts';

export interface InputLayer {
  readonly type: 'input';
  /** Features per sample: the number of input neurons. */
  readonly units: number;
}

export interface DenseLayer {
  readonly type: 'dense';
  /** Shape (n_inputs, n_neurons): column j holds neuron j's weights. */
  readonly weights: Tensor;
  /** Shape (n_neurons,). */
  readonly biases: Tensor;
}

export interface ActivationLayer {
  readonly type: ActivationType;
}

export type Layer = InputLayer | DenseLayer | ActivationLayer;
export type LayerType = Layer['type'];

/** Number of values one sample has after this layer, given the size before it. */
export function outputUnits(layer: Layer, inputUnits: number): number {
  switch (layer.type) {
    case 'input':
      return layer.units;
    case 'dense':
      return layer.biases.shape[0] as number;
    default:
      return inputUnits;
  }
}

export function parameterCount(layer: Layer): number {
  return layer.type === 'dense' ? layer.weights.data.length + layer.biases.data.length : 0;
}

/** One layer's forward pass on a batch (batch, features) or a single sample (features,). */
export function forwardLayer(layer: Layer, inputs: Tensor): Tensor {
  switch (layer.type) {
    case 'input': {
      const features = inputs.shape[inputs.shape.length - 1];
      if (features !== layer.units) {
        throw new ShapeError(
          `the input layer takes ${layer.units} features per sample, found ${features} (inputs of shape ${shapeToString(inputs.shape)})`,
        );
      }
      return inputs;
    }
    case 'dense':
      return add(dot(inputs, layer.weights), layer.biases);
    default:
      return activate(layer.type, inputs);
  }
}
