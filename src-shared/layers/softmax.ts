/**
 * Softmax over each sample's features: e^x / Σ e^x, computed as exp(x − max) / Σ so exp() stays
 * finite. Its backward pass is the full Jacobian J = diag(s) − s·sᵀ applied to dy without
 * building J: (J·dy)_j = s_j · (dy_j − Σ_k s_k·dy_k). Before cross-entropy the trainer skips it
 * and uses the combined gradient (softmax − targets) instead.
 */
import type { TypedArray } from '../tensor/tensor.ts';
import { bareFileForm } from './file-form.ts';
import type { LayerKind } from './kind.ts';
import { expectFeatures } from './shapes.ts';

export interface SoftmaxLayer {
  readonly type: 'softmax';
}

export function softmaxRows(x: ArrayLike<number>, y: TypedArray, width: number): void {
  for (let row = 0; row < x.length; row += width) {
    let max = -Infinity;
    for (let j = 0; j < width; j++) max = Math.max(max, x[row + j]!);
    let sum = 0;
    for (let j = 0; j < width; j++) {
      const e = Math.exp(x[row + j]! - max);
      y[row + j] = e;
      sum += e;
    }
    for (let j = 0; j < width; j++) y[row + j] = y[row + j]! / sum;
  }
}

export const softmaxKind: LayerKind<SoftmaxLayer> = {
  type: 'softmax',
  label: 'Softmax',
  hint: 'e^x / Σ e^x per sample',
  role: 'activation',
  settings: [],
  defaults: {},
  settingsOf: () => ({}),
  describe: () => 'e^x / Σ e^x per sample, each row sums to 1',
  create: () => ({ type: 'softmax' }),
  // A picture's last axis is no class axis: softmax takes rows of features only.
  outputShape: (_layer, inputs) => [expectFeatures('softmax', inputs)],
  parameters: () => [],
  runtime(layer, inputs, backend) {
    const width = inputs[0]![0]!;
    const output = backend.scratch();
    let s: TypedArray = output.get(0);
    return {
      outShape: [width],
      params: [],
      forward(xs) {
        const x = xs[0]!;
        s = output.get(x.length);
        softmaxRows(x, s, width);
        return s;
      },
      backward(dy, [dx]) {
        if (!dx) return;
        for (let row = 0; row < dy.length; row += width) {
          let dot = 0;
          for (let k = 0; k < width; k++) dot += s[row + k]! * dy[row + k]!;
          for (let j = 0; j < width; j++) dx[row + j] = s[row + j]! * (dy[row + j]! - dot);
        }
      },
      toLayer: () => ({ ...layer }),
    };
  },
  file: bareFileForm('softmax'),
};
