import { describe, expect, it } from 'vitest';
import { dot, transpose } from './ops.ts';
import type { Tensor } from './tensor.ts';
import { matmul, matmulTransposeA, matmulTransposeB } from './matmul.ts';
import { randomTensor } from '../train/test-support.ts';

/** Shapes (m, k, n) that reach every blocked loop and every remainder. */
const SHAPES: [number, number, number][] = [
  [5, 7, 4],
  [6, 8, 3],
  [1, 3, 2],
  [4, 9, 5],
  [7, 1, 1],
  [8, 16, 10],
];

/** Random values with runs of zeros, which the loops skip. */
function sparse(shape: number[], seed: number): Tensor {
  const t = randomTensor(shape, seed);
  for (let i = 0; i < t.data.length; i++) if (i % 5 < 2 || (i >= 8 && i < 16)) t.data[i] = 0;
  return t;
}

const f64 = (t: Tensor) => t.data as Float64Array;

describe.each(SHAPES)('matmul variants, m=%i k=%i n=%i', (m, k, n) => {
  const a = sparse([m, k], m * 100 + k);
  const b = randomTensor([k, n], 2);
  const c = randomTensor([m, n], 3);

  it('a @ b gives np.dot bit for bit, whatever the output held', () => {
    const out = new Float64Array(m * n).fill(99);
    matmul(f64(a), f64(b), out, m, k, n);
    expect([...out]).toEqual([...dot(a, b).data].map((v) => v + 0));
  });

  it('a @ bᵀ gives np.dot(a, b.T) bit for bit', () => {
    const out = new Float64Array(m * n);
    matmulTransposeB(f64(a), f64(transpose(b)), out, m, k, n);
    expect([...out]).toEqual([...dot(a, b).data]);
  });

  it('aᵀ @ c gives np.dot(a.T, c) bit for bit', () => {
    const out = new Float64Array(k * n).fill(99);
    matmulTransposeA(f64(a), f64(c), out, m, k, n);
    expect([...out].map((v) => v + 0)).toEqual([...dot(transpose(a), c).data].map((v) => v + 0));
  });
});
