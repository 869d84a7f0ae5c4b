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

/**
 * The backward passes, dL/dinputs from dL/doutput (`dvalues`), each next to the forward above
 * in spirit and written in terms of the forward's output (so only outputs need keeping):
 *   relu     dvalues where the output is > 0, else 0 (nnfs: `dinputs[inputs <= 0] = 0`)
 *   sigmoid  dvalues · (1 − σ) · σ
 *   tanh     dvalues · (1 − tanh²)
 *   linear   dvalues
 *   softmax  per sample J·d with the full Jacobian J = diag(s) − s·sᵀ, which is
 *            (J·d)_j = s_j · (d_j − Σ_k s_k·d_k) without building J (see `softmaxJacobian`).
 * `width` is the number of values per sample (softmax's last axis).
 */
export function activationBackwardInto(
  type: ActivationType,
  output: Tensor['data'],
  dvalues: Tensor['data'],
  dinputs: Tensor['data'],
  width: number,
): void {
  const n = output.length;
  switch (type) {
    case 'relu':
      for (let i = 0; i < n; i++) dinputs[i] = output[i]! > 0 ? dvalues[i]! : 0;
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) dinputs[i] = dvalues[i]! * (1 - output[i]!) * output[i]!;
      break;
    case 'tanh':
      for (let i = 0; i < n; i++) dinputs[i] = dvalues[i]! * (1 - output[i]! * output[i]!);
      break;
    case 'linear':
      dinputs.set(dvalues.subarray(0, n));
      break;
    case 'softmax':
      for (let row = 0; row < n; row += width) {
        let dot = 0;
        for (let k = 0; k < width; k++) dot += output[row + k]! * dvalues[row + k]!;
        for (let j = 0; j < width; j++) {
          dinputs[row + j] = output[row + j]! * (dvalues[row + j]! - dot);
        }
      }
      break;
    default:
      throw new Error(`unknown activation ${type satisfies never}`);
  }
}

/** dL/dinputs of an activation, given its forward output and dL/doutput of the same shape. */
export function activationBackward(type: ActivationType, output: Tensor, dvalues: Tensor): Tensor {
  if (output.data.length !== dvalues.data.length) {
    throw new Error(
      `dvalues must have the output's shape (${output.shape.join(', ')}), found (${dvalues.shape.join(', ')})`,
    );
  }
  const dinputs = new Float64Array(output.data.length);
  activationBackwardInto(
    type,
    output.data,
    dvalues.data,
    dinputs,
    output.shape[output.shape.length - 1] ?? 1,
  );
  return { shape: [...output.shape], dtype: 'float64', data: dinputs };
}

/** nnfs's softmax Jacobian of one sample's output s: `np.diagflat(s) - np.dot(s, s.T)`. */
export function softmaxJacobian(output: Tensor): Tensor {
  const s = output.data;
  const n = s.length;
  const data = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) data[j * n + k] = (j === k ? s[j]! : 0) - s[j]! * s[k]!;
  }
  return { shape: [n, n], dtype: 'float64', data };
}
