/** Small helpers the kinds share for their parameter tensors. */
import { tensor, zeros, type DType, type Tensor, type TypedArray } from '../tensor/tensor.ts';
import type { Backend } from './backend.ts';
import type { Param } from './kind.ts';

/** A parameter in the backend's precision, with a zeroed gradient of the same size. */
export function param(backend: Backend, field: string, t: Tensor, decay: boolean): Param {
  const value = backend.copy(t.data);
  return { field, value, grad: backend.alloc(value.length), decay };
}

/** The current values as a tensor of the layer's own dtype (a copy). */
export function saved(values: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  return tensor(values, shape, dtype);
}

export function filled(shape: readonly number[], value: number, dtype: DType): Tensor {
  const t = zeros(shape, dtype);
  t.data.fill(value);
  return t;
}
