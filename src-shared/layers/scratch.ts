/**
 * Buffers that grow to the largest batch seen and are viewed at the current length, so steps
 * of the same size allocate nothing.
 */
import type { Precision } from '../train/settings.ts';
import type { TypedArray } from '../tensor/tensor.ts';

export class Scratch {
  private store: TypedArray;
  private view: TypedArray;

  constructor(readonly precision: Precision) {
    this.store = precision === 'float32' ? new Float32Array(0) : new Float64Array(0);
    this.view = this.store;
  }

  get(length: number): TypedArray {
    if (this.store.length < length) {
      this.store =
        this.precision === 'float32' ? new Float32Array(length) : new Float64Array(length);
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
