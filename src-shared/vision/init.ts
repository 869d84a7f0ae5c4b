/**
 * He (Kaiming) normal initialisation and the network templates for pictures.
 * std = √(2 / fan_in) keeps the variance of activations steady through ReLU layers
 * (He et al., 2015); fan_in is kh·kw·cin for a convolution and the inputs for a Dense layer.
 */
import {
  parameterCount,
  type BatchNormLayer,
  type Conv2DLayer,
  type DenseLayer,
  type ImageInputLayer,
  type Layer,
} from '../layers/index.ts';
import { layerShapes } from '../net/network.ts';
import { RandomState } from '../rng/random-state.ts';
import type { Tensor } from '../tensor/tensor.ts';

function heNormal(rng: RandomState, shape: readonly number[], fanIn: number): Tensor {
  const std = Math.sqrt(2 / fanIn);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = rng.gaussian() * std;
  return { shape: [...shape], dtype: 'float32', data };
}

const zeros32 = (n: number): Tensor => ({
  shape: [n],
  dtype: 'float32',
  data: new Float32Array(n),
});
const filled32 = (n: number, v: number): Tensor => ({
  shape: [n],
  dtype: 'float32',
  data: new Float32Array(n).fill(v),
});

export function heConv(
  rng: RandomState,
  {
    kernel = 3,
    inChannels,
    outChannels,
    stride = 1,
    padding = (kernel - 1) / 2,
  }: {
    kernel?: number;
    inChannels: number;
    outChannels: number;
    stride?: number;
    padding?: number;
  },
): Conv2DLayer {
  return {
    type: 'conv2d',
    weights: heNormal(rng, [kernel, kernel, inChannels, outChannels], kernel * kernel * inChannels),
    biases: zeros32(outChannels),
    stride,
    padding: Math.floor(padding),
  };
}

export function heDense(rng: RandomState, inputs: number, outputs: number): DenseLayer {
  return {
    type: 'dense',
    weights: heNormal(rng, [inputs, outputs], inputs),
    biases: zeros32(outputs),
  };
}

/** gamma 1, beta 0, running mean 0 and variance 1: the identity until trained. */
export function freshBatchNorm(channels: number, momentum = 0.1, epsilon = 1e-5): BatchNormLayer {
  return {
    type: 'batchnorm',
    gamma: filled32(channels, 1),
    beta: zeros32(channels),
    runningMean: zeros32(channels),
    runningVar: filled32(channels, 1),
    epsilon,
    momentum,
  };
}

/** ImageNet's channel statistics: a sensible default for photos. */
const PHOTO_MEAN = [0.485, 0.456, 0.406];
const PHOTO_STD = [0.229, 0.224, 0.225];

export interface TemplateOptions {
  /** Side of the square pictures in pixels. */
  readonly size: number;
  readonly channels: 1 | 3;
  readonly classes: number;
  readonly seed: number;
  readonly mean?: readonly number[];
  readonly std?: readonly number[];
}

function imageInput(o: TemplateOptions): ImageInputLayer {
  const grey = o.channels === 1;
  return {
    type: 'image-input',
    height: o.size,
    width: o.size,
    channels: o.channels,
    mean: o.mean ?? (grey ? [0.5] : PHOTO_MEAN),
    std: o.std ?? (grey ? [0.25] : PHOTO_STD),
  };
}

export interface SmallCnnOptions extends TemplateOptions {
  /** Channels of each stage; each stage ends with a 2×2 max pool. Default [32, 64, 128, 256]. */
  readonly widths?: readonly number[];
  /** Conv–BN–ReLU blocks per stage. Default [2, 2, 2, 1]: the last stage's second conv would
   * double the parameters (590k) for the least spatial detail. */
  readonly convsPerStage?: readonly number[];
  /** Dropout before the classifier (0: none). */
  readonly dropout?: number;
}

/**
 * A VGG-like stack: per stage, [conv 3×3 → BatchNorm → ReLU] × n → max pool 2×2; then global
 * average pooling → (dropout) → Dense(classes) → softmax. Convs have biases although BatchNorm
 * makes them redundant, because the layer type has them; they stay near zero.
 */
export function smallCnn(o: SmallCnnOptions): Layer[] {
  const widths = o.widths ?? [32, 64, 128, 256];
  const convs = o.convsPerStage ?? [2, 2, 2, 1];
  const rng = new RandomState(o.seed);
  const layers: Layer[] = [imageInput(o)];
  let channels: number = o.channels;
  widths.forEach((width, stage) => {
    for (let i = 0; i < (convs[stage] ?? 2); i++) {
      layers.push(heConv(rng, { inChannels: channels, outChannels: width }));
      layers.push(freshBatchNorm(width));
      layers.push({ type: 'relu' });
      channels = width;
    }
    layers.push({ type: 'maxpool2d', size: 2, stride: 2 });
  });
  layers.push({ type: 'globalavgpool' });
  if (o.dropout) layers.push({ type: 'dropout', rate: o.dropout });
  layers.push(heDense(rng, channels, o.classes));
  layers.push({ type: 'softmax' });
  return layers;
}

export interface DenseOnlyOptions extends TemplateOptions {
  readonly hidden: number;
}

/** "The notebook's way": every pixel a feature. Flatten → Dense → ReLU → Dense → softmax. */
export function denseOnly(o: DenseOnlyOptions): Layer[] {
  const rng = new RandomState(o.seed);
  const features = o.size * o.size * o.channels;
  return [
    imageInput(o),
    { type: 'flatten' },
    heDense(rng, features, o.hidden),
    { type: 'relu' },
    heDense(rng, o.hidden, o.classes),
    { type: 'softmax' },
  ];
}

/** Parameters and multiply–add FLOPs (2 per multiply–add) of one picture's forward pass. */
export function networkCost(layers: readonly Layer[]): { params: number; flops: number } {
  const shapes = layerShapes({ layers });
  let params = 0;
  let flops = 0;
  layers.forEach((layer, i) => {
    params += parameterCount(layer);
    if (layer.type === 'dense') flops += 2 * layer.weights.data.length;
    // Each output pixel multiplies a kh × kw × cin window by every filter.
    if (layer.type === 'conv2d')
      flops += 2 * shapes[i]![0]! * shapes[i]![1]! * layer.weights.data.length;
  });
  return { params, flops };
}
