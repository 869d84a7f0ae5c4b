/** Leaky ReLU: x where positive, α·x elsewhere, so negative inputs keep a small gradient. */
import { elementwiseKind } from './elementwise.ts';

export interface LeakyReluLayer {
  readonly type: 'leakyrelu';
  /** The slope for negative inputs (PyTorch's `negative_slope`). */
  readonly alpha: number;
}

export const leakyReluKind = elementwiseKind<LeakyReluLayer>({
  type: 'leakyrelu',
  label: 'LeakyReLU',
  hint: 'x if x > 0, else α·x',
  settings: [{ key: 'alpha', label: 'α (negative slope)', min: 0, max: 1, integer: false }],
  defaults: { alpha: 0.01 },
  settingsOf: (l) => ({ alpha: l.alpha }),
  describe: (l) => `x if x > 0, else ${l.alpha}·x`,
  create: ({ alpha }) => ({ type: 'leakyrelu', alpha: alpha! }),
  file: {
    keys: ['alpha'],
    write: (layer, out) => ({ alpha: out.number(layer.alpha, 'alpha') }),
    read: (from) => ({
      type: 'leakyrelu',
      alpha: from.number(
        'alpha',
        'the negative slope, a number from 0 to 1',
        (a) => a >= 0 && a <= 1,
      ),
    }),
  },
  forward({ alpha }, x, y) {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      y[i] = v > 0 ? v : alpha * v;
    }
  },
  // For α ≥ 0 the output is positive exactly where the input was.
  backward({ alpha }, y, dy, dx) {
    for (let i = 0; i < dy.length; i++) dx[i] = y[i]! > 0 ? dy[i]! : alpha * dy[i]!;
  },
});
