/**
 * The contract between `TrainableNet` and each trainable layer, and the reusable buffers
 * they compute in. Buffers grow to the largest batch seen and are viewed at the current
 * batch's length, so steps of the same size allocate nothing.
 */
import type { DenseLayer } from '../nn/layers.ts';
import type { ImageLayer } from '../nn/image-layers.ts';
import type { RandomState } from '../rng/random-state.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** The layers a trainable network is built from; a softmax may only come last. */
export type VisionLayer =
  ImageLayer | DenseLayer | { readonly type: 'relu' } | { readonly type: 'softmax' };

/** One parameter array and its gradient, which the backward pass overwrites. */
export interface Param {
  /** "weights", "biases", "gamma", "beta": the field of the plain layer it saves to. */
  readonly field: string;
  readonly value: Float32Array;
  readonly grad: Float32Array;
  /** Whether weight decay applies: weights yes; biases and BatchNorm's gamma and beta no. */
  readonly decay: boolean;
}

export interface RuntimeLayer {
  /** One sample's shape after this layer (no batch dimension). */
  readonly outShape: readonly number[];
  readonly params: readonly Param[];
  /**
   * Computes the batch's output and keeps what backward needs. May return `x` itself when
   * the layer works in place (ReLU, dropout, flatten): no layer's backward needs its own output.
   */
  forward(x: Float32Array, batch: number, training: boolean, rng?: RandomState): Float32Array;
  /**
   * Given dL/dy of the last forward, fills the params' grads and returns dL/dx, written into
   * `spare` (or `dy` passed through unchanged); null when `needDx` is false.
   */
  backward(dy: Float32Array, spare: Float32Array, needDx: boolean): Float32Array | null;
  /** The layer as plain data, with copies of the current values. */
  toLayer(): VisionLayer;
}

/** A float32 buffer viewed at the length asked for. */
export class Scratch {
  private store = new Float32Array(0);
  private view = this.store;

  get(length: number): Float32Array {
    if (this.store.length < length) {
      this.store = new Float32Array(length);
      this.view = this.store;
    }
    if (this.view.length !== length) this.view = this.store.subarray(0, length);
    return this.view;
  }
}

/** The same for indices (max pooling's argmax). */
export class IndexScratch {
  private store = new Int32Array(0);
  private view = this.store;

  get(length: number): Int32Array {
    if (this.store.length < length) {
      this.store = new Int32Array(length);
      this.view = this.store;
    }
    if (this.view.length !== length) this.view = this.store.subarray(0, length);
    return this.view;
  }
}

export function float32Tensor(values: Float32Array, shape: readonly number[]): Tensor {
  return { shape: [...shape], dtype: 'float32', data: Float32Array.from(values) };
}

export function toFloat32(t: Tensor): Float32Array {
  return Float32Array.from(t.data);
}
