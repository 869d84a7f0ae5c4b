/** ReLU, max(0, x): nnfs's `np.maximum(0, inputs)`. */
import { elementwiseKind } from './elementwise.ts';

export interface ReluLayer {
  readonly type: 'relu';
}

export const reluKind = elementwiseKind<ReluLayer>({
  type: 'relu',
  label: 'ReLU',
  hint: 'max(0, x)',
  // Math.max keeps a NaN, so divergence shows in the loss.
  forward(_layer, x, y) {
    for (let i = 0; i < x.length; i++) y[i] = Math.max(0, x[i]!);
  },
  // dy where the output is positive, 0 elsewhere (the kink at 0 gets 0, as nnfs and PyTorch).
  // Branch-free: a branch mispredicts on half the values of a feature map.
  backward(_layer, y, dy, dx) {
    for (let i = 0; i < dy.length; i++) dx[i] = dy[i]! * +(y[i]! > 0);
  },
});
