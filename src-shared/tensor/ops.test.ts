import { describe, expect, it } from 'vitest';
import { add, dot, transpose } from './ops.ts';
import { numpyCore } from '../nn/fixtures/numpy-core.ts';
import { fromNested, tensor, toNested } from './tensor.ts';

describe('dot', () => {
  it('explains a misaligned matmul the way the notebook does and suggests the transpose', () => {
    const batch = fromNested([
      [1, 2, 3, 2.5],
      [2, 5, -1, 2],
      [-1.5, 2.7, 3.3, -0.8],
    ]);
    expect(() => dot(batch, batch)).toThrow(
      'shapes (3,4) and (3,4) not aligned: 4 (dim 1) != 3 (dim 0) — transpose the weights?',
    );
  });

  it('multiplies matrix by vector, vector by matrix and vector by vector', () => {
    const w = fromNested([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(toNested(dot(w, fromNested([1, 1])))).toEqual([3, 7, 11]);
    expect(toNested(dot(fromNested([1, 0, 1]), w))).toEqual([6, 8]);
    expect(toNested(dot(fromNested([1, 2]), fromNested([3, 4])))).toEqual(11);
  });

  it('transposes and broadcasts biases over a batch', () => {
    const w = fromNested([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(toNested(transpose(w))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(toNested(add(w, fromNested([10, 20, 30])))).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    expect(toNested(add(w, fromNested([[1], [2]])))).toEqual([
      [2, 3, 4],
      [6, 7, 8],
    ]);
    expect(() => add(w, fromNested([1, 2]))).toThrow(
      'operands could not be broadcast together with shapes (2,3) (2,)',
    );
  });
});

describe('dot against NumPy', () => {
  it.each(numpyCore.dot.map((c) => [c.a_shape.join('×'), c.b_shape.join('×'), c] as const))(
    '%s · %s',
    (_a, _b, { a, a_shape, b, b_shape, c, c_shape }) => {
      const result = dot(tensor(a, a_shape), tensor(b, b_shape));
      expect(result.shape).toEqual(c_shape);
      result.data.forEach((v, i) => expect(v).toBeCloseTo(c[i]!, 12));
    },
  );

  it.each(numpyCore.dot_errors.map((c) => [c.message, c] as const))(
    'starts its shape error with NumPy’s words: %s',
    (_m, { a_shape, b_shape, message }) => {
      const ones = (shape: number[]) =>
        tensor(new Array(shape.reduce((x, y) => x * y, 1)).fill(1), shape);
      expect(() => dot(ones(a_shape), ones(b_shape))).toThrow(message);
    },
  );
});
