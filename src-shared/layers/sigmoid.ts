/** Sigmoid, 1 / (1 + e^−x): squeezes each value into (0, 1). */
import { elementwiseKind } from './elementwise.ts';

export interface SigmoidLayer {
  readonly type: 'sigmoid';
}

export const sigmoidKind = elementwiseKind<SigmoidLayer>({
  type: 'sigmoid',
  label: 'Sigmoid',
  hint: '1 / (1 + e^−x)',
  // Two branches keep exp() from overflowing for large |x|.
  forward(_layer, x, y) {
    for (let i = 0; i < x.length; i++) {
      const z = x[i]!;
      if (z >= 0) y[i] = 1 / (1 + Math.exp(-z));
      else {
        const e = Math.exp(z);
        y[i] = e / (1 + e);
      }
    }
  },
  // dσ/dx = (1 − σ) · σ
  backward(_layer, y, dy, dx) {
    for (let i = 0; i < dy.length; i++) dx[i] = dy[i]! * (1 - y[i]!) * y[i]!;
  },
});
