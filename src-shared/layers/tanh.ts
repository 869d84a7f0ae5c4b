/** Tanh: squeezes each value into (−1, 1). */
import { elementwiseKind } from './elementwise.ts';

export interface TanhLayer {
  readonly type: 'tanh';
}

export const tanhKind = elementwiseKind<TanhLayer>({
  type: 'tanh',
  label: 'Tanh',
  hint: 'tanh(x)',
  forward(_layer, x, y) {
    for (let i = 0; i < x.length; i++) y[i] = Math.tanh(x[i]!);
  },
  // d tanh/dx = 1 − tanh²
  backward(_layer, y, dy, dx) {
    for (let i = 0; i < dy.length; i++) dx[i] = dy[i]! * (1 - y[i]! * y[i]!);
  },
});
