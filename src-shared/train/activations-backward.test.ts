import { describe, expect, it } from 'vitest';
import {
  activate,
  activationBackward,
  softmaxJacobian,
  type ActivationType,
} from '../nn/activations.ts';
import { dot } from '../tensor/ops.ts';
import { tensor } from '../tensor/tensor.ts';
import { numericGradient, randomTensor, relativeError, weightedSum } from './test-support.ts';

describe('activation backward passes (nn/activations.ts) against central differences', () => {
  it.each(['relu', 'sigmoid', 'tanh', 'linear', 'softmax'] as ActivationType[])('%s', (type) => {
    const inputs = randomTensor([5, 4], 21, 2);
    // Keep ReLU's inputs away from its kink at 0, where the derivative jumps.
    for (let i = 0; i < inputs.data.length; i++) {
      if (Math.abs(inputs.data[i]!) < 0.01) inputs.data[i] = 0.5;
    }
    const r = randomTensor([5, 4], 22);
    const loss = () => weightedSum(activate(type, inputs), r);
    const analytic = activationBackward(type, activate(type, inputs), r);
    expect(relativeError(analytic.data, numericGradient(inputs.data, loss))).toBeLessThan(1e-6);
  });

  it('ReLU passes nothing back where its input was ≤ 0', () => {
    const out = activate('relu', tensor([-1, 0, 2], [1, 3]));
    expect([...activationBackward('relu', out, tensor([5, 5, 5], [1, 3])).data]).toEqual([0, 0, 5]);
  });

  it('softmax backward is the full Jacobian times dvalues, sample by sample', () => {
    const out = activate('softmax', randomTensor([3, 4], 23));
    const d = randomTensor([3, 4], 24);
    const fast = activationBackward('softmax', out, d);
    for (let i = 0; i < 3; i++) {
      const s = tensor(out.data.slice(i * 4, i * 4 + 4), [4]);
      const jd = dot(softmaxJacobian(s), tensor(d.data.slice(i * 4, i * 4 + 4), [4]));
      jd.data.forEach((v, j) => expect(fast.data[i * 4 + j]).toBeCloseTo(v, 15));
    }
  });

  it('builds the Jacobian as nnfs does: diagflat(s) − s·sᵀ', () => {
    const j = softmaxJacobian(tensor([0.7, 0.1, 0.2], [3]));
    expect([...j.data].map((v) => +v.toFixed(12))).toEqual([
      0.21, -0.07, -0.14, -0.07, 0.09, -0.02, -0.14, -0.02, 0.16,
    ]);
  });
});
