/** The identity, nnfs's `Activation_Linear`: a regression network's output layer. */
import { elementwiseKind } from './elementwise.ts';

export interface LinearLayer {
  readonly type: 'linear';
}

export const linearKind = elementwiseKind<LinearLayer>({
  type: 'linear',
  label: 'Linear',
  hint: 'x, unchanged',
  forward: (_layer, x, y) => y.set(x),
  backward: (_layer, _y, dy, dx) => dx.set(dy),
});
