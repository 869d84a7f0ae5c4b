/** Element-wise activations, and softmax over each sample's last axis. */
import { allocate, type Tensor } from '../tensor/tensor.ts';

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'softmax', 'linear'] as const;
export type ActivationType = (typeof ACTIVATIONS)[number];

export function isActivation(name: string): name is ActivationType {
  return (ACTIVATIONS as readonly string[]).includes(name);
}

export function activate(type: ActivationType, x: Tensor): Tensor {
  const out = allocate(x.data.length, x.dtype);
  const v = x.data;
  switch (type) {
    case 'relu':
      for (let i = 0; i < v.length; i++) out[i] = Math.max(0, v[i]!);
      break;
    case 'sigmoid':
      // Two branches keep exp() from overflowing for large |x|.
      for (let i = 0; i < v.length; i++) {
        const z = v[i]!;
        if (z >= 0) out[i] = 1 / (1 + Math.exp(-z));
        else {
          const e = Math.exp(z);
          out[i] = e / (1 + e);
        }
      }
      break;
    case 'tanh':
      for (let i = 0; i < v.length; i++) out[i] = Math.tanh(v[i]!);
      break;
    case 'linear':
      out.set(v);
      break;
    case 'softmax':
      softmaxInto(v, out, x.shape[x.shape.length - 1] ?? 1);
      break;
    default:
      throw new Error(`unknown activation ${type satisfies never}`);
  }
  return { shape: [...x.shape], dtype: x.dtype, data: out };
}

/** exp(x - max) / sum per row: subtracting the row's max keeps exp() finite. */
function softmaxInto(v: ArrayLike<number>, out: { [i: number]: number }, width: number): void {
  for (let row = 0; row < v.length; row += width) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, v[row + j]!);
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp(v[row + j]! - max);
      out[row + j] = e;
      sum += e;
    }
    for (let j = 0; j < width; j++) out[row + j] = out[row + j]! / sum;
  }
}
