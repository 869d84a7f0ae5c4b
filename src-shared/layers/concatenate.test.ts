import { describe, expect, it } from 'vitest';
import type { Precision } from '../train/settings.ts';
import { concatenateKind } from './concatenate.ts';
import { outputShape, parameterCount } from './registry.ts';
import {
  checkLayer,
  inPrecision,
  PRECISIONS,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

/** Concatenation along the last axis as plain loops: rows of widths[i] values each. */
function reference(xs: ArrayLike<number>[], widths: number[], rows: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    xs.forEach((x, i) => {
      for (let j = 0; j < widths[i]!; j++) out.push(x[r * widths[i]! + j]!);
    });
  }
  return out;
}

describe('concatenate', () => {
  it('puts rows of features side by side, and splits the gradient back', () => {
    const layer = runtimeOf({ type: 'concatenate' }, [[2], [1]], 'float64');
    const a = Float64Array.from([1, 2, 3, 4]);
    const b = Float64Array.from([10, 20]);
    expect([...layer.forward([a, b], 2, { training: true })]).toEqual([1, 2, 10, 3, 4, 20]);
    const da = new Float64Array(4);
    const db = new Float64Array(2);
    layer.backward(Float64Array.from([1, 2, 3, 4, 5, 6]), [da, db]);
    expect([...da]).toEqual([1, 2, 4, 5]);
    expect([...db]).toEqual([3, 6]);
  });

  it.each(PRECISIONS)(
    'joins pictures along the channels like plain loops, and its gradients match central differences (%s)',
    (precision: Precision) => {
      const shapes = [
        [2, 3, 2],
        [2, 3, 1],
        [2, 3, 3],
      ];
      const layer = runtimeOf({ type: 'concatenate' }, shapes, precision);
      expect(layer.outShape).toEqual([2, 3, 6]);
      const xs = shapes.map((s, i) => randomValues(2 * 6 * s[2]!, 50 + i, precision));
      const y = layer.forward(xs, 2, { training: false });
      expect(Array.from(y)).toEqual(
        Array.from(inPrecision(reference(xs, [2, 1, 3], 2 * 6), precision)),
      );
      const check = checkLayer(layer, xs, 2, { h: STEP[precision] });
      expect(check.inputs).toHaveLength(3);
      for (const error of check.inputs) expect(error).toBeLessThan(TOLERANCE[precision]);
    },
  );

  it('skips the inputs whose gradient is not asked for', () => {
    const layer = runtimeOf({ type: 'concatenate' }, [[1], [1]], 'float32');
    layer.forward([Float32Array.of(1), Float32Array.of(2)], 1, { training: true });
    const db = new Float32Array(1);
    layer.backward(Float32Array.of(7, 8), [null, db]);
    expect([...db]).toEqual([8]);
  });

  it('needs two or more inputs that agree on every axis but the last', () => {
    expect(outputShape({ type: 'concatenate' }, [[3], [5]])).toEqual([8]);
    expect(
      outputShape({ type: 'concatenate' }, [
        [4, 4, 8],
        [4, 4, 2],
      ]),
    ).toEqual([4, 4, 10]);
    expect(() => outputShape({ type: 'concatenate' }, [[3]])).toThrow(
      'concatenate takes two or more inputs, found 1 — wire another in',
    );
    expect(() =>
      outputShape({ type: 'concatenate' }, [
        [4, 4, 8],
        [2, 2, 8],
      ]),
    ).toThrow(
      'concatenate joins along the last axis, so the others must agree: input 1 is a 4×4×8 picture, input 2 is a 2×2×8 picture',
    );
    expect(() => outputShape({ type: 'concatenate' }, [[4, 4, 8], [8]])).toThrow(
      'input 1 is a 4×4×8 picture, input 2 is 8 features',
    );
  });

  it('is a merge kind with nothing to set', () => {
    expect(concatenateKind.role).toBe('merge');
    expect(concatenateKind.create({}, [[2], [2]])).toEqual({ type: 'concatenate' });
    expect(parameterCount({ type: 'concatenate' })).toBe(0);
  });
});
