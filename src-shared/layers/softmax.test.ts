import { describe, expect, it } from 'vitest';
import { dot, ShapeError } from '../tensor/ops.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import { randomTensor } from '../train/test-support.ts';
import { outputShape } from './registry.ts';
import { softmaxKind } from './softmax.ts';
import {
  checkLayer,
  float64InputError,
  PRECISIONS,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

/** nnfs's Jacobian of one sample's softmax output s: diagflat(s) − s·sᵀ. */
function jacobian(s: readonly number[]): Tensor {
  const n = s.length;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) data[i * n + j] = (i === j ? s[i]! : 0) - s[i]! * s[j]!;
  }
  return tensor(data, [n, n]);
}

describe('softmax', () => {
  it('gives e^x / Σ e^x per row, finite for large x', () => {
    const layer = runtimeOf({ type: 'softmax' }, [[2]], 'float32');
    const y = layer.forward([Float32Array.from([0, 0, 1, 1, 1000, 1000])], 3, {
      training: false,
    });
    expect(Array.from(y)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('agrees with central differences of a float64 loss (the old activation check)', () => {
    const x = randomTensor([5, 4], 21, 2).data as Float64Array;
    const r = randomTensor([5, 4], 22).data as Float64Array;
    expect(float64InputError({ type: 'softmax' }, x, r, 5)).toBeLessThan(1e-6);
  });

  it('backward is the full Jacobian times dvalues, sample by sample', () => {
    const layer = runtimeOf({ type: 'softmax' }, [[4]], 'float64');
    const out = layer.forward([randomTensor([3, 4], 23).data], 3, { training: true }).slice();
    const d = randomTensor([3, 4], 24);
    const fast = new Float64Array(12);
    layer.backward(d.data, [fast]);
    for (let i = 0; i < 3; i++) {
      const s = [...out.slice(i * 4, i * 4 + 4)];
      const jd = dot(jacobian(s), tensor(d.data.slice(i * 4, i * 4 + 4), [4]));
      jd.data.forEach((v, j) => expect(fast[i * 4 + j]).toBeCloseTo(v, 15));
    }
  });

  it('its backward applied to unit vectors gives nnfs’s Jacobian diagflat(s) − s·sᵀ', () => {
    // Logits log(s) make softmax give s = [0.7, 0.1, 0.2].
    const layer = runtimeOf({ type: 'softmax' }, [[3]], 'float64');
    layer.forward([Float64Array.from([0.7, 0.1, 0.2].map(Math.log))], 1, { training: true });
    const columns = [0, 1, 2].map((k) => {
      const dx = new Float64Array(3);
      layer.backward(
        Float64Array.from([0, 1, 2], (j) => +(j === k)),
        [dx],
      );
      return [...dx];
    });
    // J is symmetric, so its columns are its rows.
    expect(columns.flat().map((v) => +v.toFixed(12))).toEqual([
      0.21, -0.07, -0.14, -0.07, 0.09, -0.02, -0.14, -0.02, 0.16,
    ]);
  });

  it.each(PRECISIONS)('gradients match central differences in %s', (precision) => {
    const layer = runtimeOf({ type: 'softmax' }, [[5]], precision);
    const check = checkLayer(layer, randomValues(15, 34, precision), 3, { h: STEP[precision] });
    expect(check.input).toBeLessThan(TOLERANCE[precision]);
  });

  it('takes rows of features only: a picture’s last axis is no class axis', () => {
    expect(outputShape({ type: 'softmax' }, [[10]])).toEqual([10]);
    expect(() => outputShape({ type: 'softmax' }, [[4, 4, 2]])).toThrow(
      new ShapeError(
        'softmax needs (batch, features), found (batch, 4, 4, 2) — add Flatten or global average pooling',
      ),
    );
    expect(softmaxKind.create({}, [[3]])).toEqual({ type: 'softmax' });
    expect(softmaxKind.settingsOf({ type: 'softmax' })).toEqual({});
    expect(softmaxKind.parameters({ type: 'softmax' })).toEqual([]);
  });
});
