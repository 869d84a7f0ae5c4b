import { describe, expect, it } from 'vitest';
import { countCorrect, softmaxCrossEntropy, softmaxRows } from './loss.ts';
import { maxRelativeError, numericGradient, randomFloat32 } from '../layers/test-support.ts';

const labels = Int32Array.from([0, 2, 1, 2]);
const [batch, classes] = [4, 3];

/** −Σ t · log softmax(z), written out directly in float64. */
function naiveLoss(z: Float32Array, smoothing: number): number {
  let total = 0;
  for (let b = 0; b < batch; b++) {
    const row = Array.from(z.subarray(b * classes, (b + 1) * classes));
    const sum = row.reduce((s, v) => s + Math.exp(v), 0);
    row.forEach((v, c) => {
      const t = (c === labels[b] ? 1 - smoothing : 0) + smoothing / classes;
      total -= t * Math.log(Math.exp(v) / sum);
    });
  }
  return total / batch;
}

describe('softmax cross-entropy', () => {
  for (const smoothing of [0, 0.1]) {
    it(`value and gradient, label smoothing ${smoothing}`, () => {
      const z = randomFloat32(batch * classes, 41, 2);
      const d = new Float32Array(z.length);
      const loss = softmaxCrossEntropy(z, labels, d, { batch, classes, smoothing });
      expect(loss).toBeCloseTo(naiveLoss(z, smoothing), 6);
      const numeric = numericGradient(
        z,
        () => softmaxCrossEntropy(z, labels, null, { batch, classes, smoothing }),
        1e-2,
      );
      expect(maxRelativeError(d, numeric)).toBeLessThan(1e-3);
    });
  }

  it('stays finite for huge logits', () => {
    const z = Float32Array.from([1000, -1000, 0, -1000, 1000, 0, 0, 0, 0, 3e38, 0, 0]);
    const d = new Float32Array(12);
    const loss = softmaxCrossEntropy(z, labels, d, { batch, classes });
    expect(Number.isFinite(loss)).toBe(true);
    expect(d.every(Number.isFinite)).toBe(true);
  });

  it('refuses labels out of range', () => {
    expect(() =>
      softmaxCrossEntropy(new Float32Array(3), [3], null, { batch: 1, classes: 3 }),
    ).toThrow(/labels run from 0 to 2/);
  });
});

describe('softmaxRows and countCorrect', () => {
  it('rows sum to 1 and keep their order', () => {
    const z = Float32Array.from([1, 2, 3, 0, 0, 0]);
    const p = new Float32Array(6);
    softmaxRows(z, p, 2, 3);
    expect(p[0]! + p[1]! + p[2]!).toBeCloseTo(1, 6);
    expect(p[3]).toBeCloseTo(1 / 3, 6);
    expect(p[2]).toBeGreaterThan(p[1]!);
  });

  it('counts rows whose largest score is the label', () => {
    const scores = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4]);
    expect(countCorrect(scores, [0, 1, 1], 3, 2)).toBe(2);
  });
});
