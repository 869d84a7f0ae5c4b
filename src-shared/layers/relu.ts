/** ReLU, max(0, x): nnfs's `np.maximum(0, inputs)`. */
import { elementwiseKind } from './elementwise.ts';

export interface ReluLayer {
  readonly type: 'relu';
}

export const reluKind = elementwiseKind<ReluLayer>({
  type: 'relu',
  label: 'ReLU',
  hint: 'max(0, x)',
  // Both keep a NaN, so divergence shows in the loss. (v + |v|) / 2 has no branch and runs
  // ~5× faster than Math.max on feature maps; 2v cannot overflow within float32's range, but
  // can beyond it, so float64 (the notebook's small networks) keeps Math.max.
  forward(_layer, x, y) {
    if (x instanceof Float32Array) {
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        y[i] = (v + Math.abs(v)) * 0.5;
      }
    } else for (let i = 0; i < x.length; i++) y[i] = Math.max(0, x[i]!);
  },
  // dy where the output is positive, 0 elsewhere (the kink at 0 gets 0, as nnfs and PyTorch).
  // Branch-free: a branch mispredicts on half the values of a feature map.
  backward(_layer, y, dy, dx) {
    for (let i = 0; i < dy.length; i++) dx[i] = dy[i]! * +(y[i]! > 0);
  },
});
