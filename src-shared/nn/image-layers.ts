/**
 * Layers for pictures, as plain data like the Dense layer. Activations between them are
 * (batch, height, width, channels) float32 tensors (NHWC); Flatten or global average pooling
 * turns them into the (batch, features) rows that Dense layers take.
 */
import type { Tensor } from '../tensor/tensor.ts';

/** A picture of height × width pixels with 1 (grey) or 3 (RGB) channels. */
export interface ImageInputLayer {
  readonly type: 'image-input';
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
  /** A pixel value p in 0..255 enters as (p / 255 − mean[c]) / std[c]; one entry per channel. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export interface Conv2DLayer {
  readonly type: 'conv2d';
  /** Shape (kernel height, kernel width, in channels, out channels), float32. */
  readonly weights: Tensor;
  /** Shape (out channels,), float32. */
  readonly biases: Tensor;
  readonly stride: number;
  /** Zeros added on every side: (kernel − 1) / 2 keeps the size at stride 1. */
  readonly padding: number;
}

export interface MaxPool2DLayer {
  readonly type: 'maxpool2d';
  /** Window size and step; 2 and 2 halve the picture. */
  readonly size: number;
  readonly stride: number;
}

/** Per-channel normalisation with learned scale and shift (Ioffe & Szegedy, 2015). */
export interface BatchNormLayer {
  readonly type: 'batchnorm';
  /** Each of shape (channels,), float32. */
  readonly gamma: Tensor;
  readonly beta: Tensor;
  /** Running statistics, used outside training. */
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  readonly epsilon: number;
  /** Weight of the newest batch in the running statistics, as PyTorch's `momentum`. */
  readonly momentum: number;
}

export interface GlobalAvgPoolLayer {
  readonly type: 'globalavgpool';
}

export interface FlattenLayer {
  readonly type: 'flatten';
}

/** Zeroes a random `rate` of the values while training (scaling the rest); identity otherwise. */
export interface DropoutLayer {
  readonly type: 'dropout';
  readonly rate: number;
}

export type ImageLayer =
  | ImageInputLayer
  | Conv2DLayer
  | MaxPool2DLayer
  | BatchNormLayer
  | GlobalAvgPoolLayer
  | FlattenLayer
  | DropoutLayer;
