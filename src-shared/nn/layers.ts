/**
 * The layers of a network as plain data, and their forward passes.
 * A Dense layer is the notebook's `Layer_Dense`: weights of shape (n_inputs, n_neurons),
 * biases of shape (n_neurons,), output = inputs @ weights + biases. Activations are layers
 * of their own, as in the book the notebook follows, so the canvas can show each step.
 * Image layers (image-layers.ts) compute in vision/inference.ts; a network starts with either
 * an `input` layer (rows of features) or an `image-input` layer (pictures).
 */
import { add, dot, ShapeError } from '../tensor/ops.ts';
import { shapeToString, sizeOf, type Shape, type Tensor } from '../tensor/tensor.ts';
import { forwardImageLayer, imageLayerOutputShape } from '../vision/inference.ts';
import { activate, isActivation, type ActivationType } from './activations.ts';
import type { ImageLayer } from './image-layers.ts';

export type * from './image-layers.ts';

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

export type Layer = InputLayer | DenseLayer | ActivationLayer | ImageLayer;
export type LayerType = Layer['type'];
export type ImageLayerType = ImageLayer['type'];

export const IMAGE_LAYER_TYPES = [
  'image-input',
  'conv2d',
  'maxpool2d',
  'batchnorm',
  'globalavgpool',
  'flatten',
  'dropout',
] as const satisfies readonly ImageLayerType[];

export function isImageLayerType(type: string): type is ImageLayerType {
  return (IMAGE_LAYER_TYPES as readonly string[]).includes(type);
}

export function isImageLayer(layer: Layer): layer is ImageLayer {
  return isImageLayerType(layer.type);
}

/** Input layers start a network, and only there. */
export function isInputType(type: string): type is 'input' | 'image-input' {
  return type === 'input' || type === 'image-input';
}

/**
 * Number of values one sample has after this layer, given the size before it: the Dense-only
 * world, where every sample is a row. Image layers go through `outputShape` on (inputUnits,).
 */
export function outputUnits(layer: Layer, inputUnits: number): number {
  switch (layer.type) {
    case 'input':
      return layer.units;
    case 'dense':
      return layer.biases.shape[0] as number;
    default:
      return isActivation(layer.type) ? inputUnits : sizeOf(outputShape(layer, [inputUnits]));
  }
}

/** `(batch, 32, 32, 16)`: a batch of samples of this shape, as the wire messages name it. */
export function batchShapeToString(sample: Shape): string {
  return `(batch, ${sample.join(', ')})`;
}

/**
 * The shape of one sample (no batch axis) after `layer`, given the shape before it: `[5]` for
 * a Dense layer of 5 neurons, `[32, 32, 16]` for a conv2d. Input layers ignore `inputShape`.
 * Throws a ShapeError naming both shapes when the layer cannot take what arrives.
 */
export function outputShape(layer: Layer, inputShape: Shape): number[] {
  switch (layer.type) {
    case 'input':
      return [layer.units];
    case 'image-input':
      return [layer.height, layer.width, layer.channels];
    case 'dense': {
      const [rows, columns] = layer.weights.shape as [number, number];
      if (inputShape.length !== 1) {
        throw new ShapeError(
          `dense needs (batch, features), found ${batchShapeToString(inputShape)} — add Flatten or global average pooling`,
        );
      }
      if (inputShape[0] !== rows) {
        throw new ShapeError(
          `dense takes ${rows} features per sample (W ${shapeToString(layer.weights.shape)}), found ${inputShape[0]}`,
        );
      }
      return [columns];
    }
    case 'softmax':
      // Softmax normalises each sample's row of scores; a picture's last axis is no class axis.
      if (inputShape.length !== 1) {
        throw new ShapeError(
          `softmax needs (batch, features), found ${batchShapeToString(inputShape)} — add Flatten or global average pooling`,
        );
      }
      return [...inputShape];
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'linear':
      return [...inputShape];
    case 'conv2d':
    case 'maxpool2d':
    case 'batchnorm':
    case 'globalavgpool':
    case 'flatten':
    case 'dropout':
      return imageLayerOutputShape(layer, inputShape);
    default:
      throw new Error(`unknown layer type ${(layer satisfies never as Layer).type}`);
  }
}

/**
 * Trainable parameters: Dense and conv2d weights and biases, batchnorm's gamma and beta. A
 * batchnorm's running mean and variance are statistics, not learned, so they are not counted
 * (Keras lists them apart, as non-trainable parameters).
 */
export function parameterCount(layer: Layer): number {
  switch (layer.type) {
    case 'dense':
    case 'conv2d':
      return layer.weights.data.length + layer.biases.data.length;
    case 'batchnorm':
      return layer.gamma.data.length + layer.beta.data.length;
    default:
      return 0;
  }
}

/**
 * One layer's forward pass on a batch (batch, features) or a single sample (features,); image
 * layers take batches (batch, height, width, channels) and compute in float32.
 */
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
    case 'softmax':
      if (inputs.shape.length > 2) {
        throw new ShapeError(
          `softmax needs (batch, features), found ${shapeToString(inputs.shape)} — add Flatten or global average pooling`,
        );
      }
      return activate(layer.type, inputs);
    case 'relu':
    case 'sigmoid':
    case 'tanh':
    case 'linear':
      return activate(layer.type, inputs);
    case 'image-input':
    case 'conv2d':
    case 'maxpool2d':
    case 'batchnorm':
    case 'globalavgpool':
    case 'flatten':
    case 'dropout':
      return forwardImageLayer(layer, inputs);
    default:
      throw new Error(`unknown layer type ${(layer satisfies never as Layer).type}`);
  }
}
