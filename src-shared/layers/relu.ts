/** ReLU, max(0, x): nnfs's `np.maximum(0, inputs)`. */
import { reluPassBytes } from '../kernels/working-set.ts';
import { sizeOf } from '../tensor/tensor.ts';
import { elementwiseKind } from './elementwise.ts';

export interface ReluLayer {
  readonly type: 'relu';
}

export const reluKind = elementwiseKind<ReluLayer>({
  type: 'relu',
  label: 'ReLU',
  hint: 'max(0, x)',
  cost: (_layer, inputs) => ({
    flops: sizeOf(inputs[0]!),
    kernelBytes: (batch, precision) =>
      precision === 'float64' ? 0 : reluPassBytes(batch * sizeOf(inputs[0]!)),
  }),
  // The backend's passes: SIMD for float32, Math.max and dy · (y > 0) for float64. A NaN stays
  // NaN, so divergence shows in the loss; the kink at 0 passes back 0, as nnfs and PyTorch.
  forward: (_layer, x, y, backend) => backend.relu(x, y),
  backward: (_layer, y, dy, dx, backend) => backend.reluBackward(y, dy, dx),
});
