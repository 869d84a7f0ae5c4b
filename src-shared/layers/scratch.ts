/**
 * Buffers that grow to the largest batch seen and are viewed at the current length, so steps
 * of the same size allocate nothing. A float32 net's buffers live in its kernels' memory (a
 * `KernelHeap`), so the kernels read and write them in place: there a buffer is a region
 * (address and capacity), and `get` hands out a view taken afresh whenever the memory grew
 * (which detaches the views taken before) or its owner cleared the regions to lay them out
 * again. A region is sized by the first `get` after a clear: the owner clears again before a
 * pass that could ask for more (net.ts `reserve`), as a second region would grow the memory.
 */
import type { KernelHeap } from '../kernels/types.ts';
import type { Precision } from '../train/settings.ts';
import type { TypedArray } from '../tensor/tensor.ts';

export class Scratch {
  private store: TypedArray;
  private view: TypedArray;
  /** In a heap: the region's address, its floats, and the generation it was taken in. */
  private at = 0;
  private capacity = 0;
  private generation = -1;

  constructor(
    readonly precision: Precision,
    private readonly heap?: KernelHeap,
  ) {
    if (heap && precision !== 'float32') throw new Error('a kernel heap holds float32 buffers');
    this.store = precision === 'float32' ? new Float32Array(0) : new Float64Array(0);
    this.view = this.store;
  }

  get(length: number): TypedArray {
    if (this.heap) return this.inHeap(this.heap, length);
    if (this.store.length < length) {
      this.store =
        this.precision === 'float32' ? new Float32Array(length) : new Float64Array(length);
      this.view = this.store;
    }
    if (this.view.length !== length) this.view = this.store.subarray(0, length);
    return this.view;
  }

  private inHeap(heap: KernelHeap, length: number): TypedArray {
    if (this.generation !== heap.generation || this.capacity < length) {
      this.at = heap.region(length * 4);
      this.capacity = length;
      this.generation = heap.generation;
    }
    const { buffer } = heap;
    if (
      this.view.buffer !== buffer ||
      this.view.length !== length ||
      this.view.byteOffset !== this.at
    ) {
      this.view = new Float32Array(buffer, this.at, length);
    }
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
