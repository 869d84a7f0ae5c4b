import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { referenceKernels } from './reference.ts';

function random(length: number, rng: RandomState): Float32Array {
  return Float32Array.from({ length }, () => rng.gaussian());
}

/** Stores (rows × cols) row-major, or its transpose when `transposed`. */
function store(m: number[][], transposed: boolean): Float32Array {
  const rows = transposed ? m[0]!.map((_, j) => m.map((r) => r[j]!)) : m;
  return Float32Array.from(rows.flat());
}

describe('reference gemm', () => {
  const [m, n, k] = [3, 4, 5];
  const rng = new RandomState(1);
  const a = Array.from({ length: m }, () => Array.from(random(k, rng)));
  const b = Array.from({ length: k }, () => Array.from(random(n, rng)));
  const start = random(m * n, rng);

  for (const transA of [false, true])
    for (const transB of [false, true])
      for (const accumulate of [false, true]) {
        it(`transA ${transA}, transB ${transB}, accumulate ${accumulate}`, () => {
          const c = start.slice();
          referenceKernels.gemm(m, n, k, store(a, transA), store(b, transB), c, {
            transA,
            transB,
            accumulate,
          });
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              let sum = accumulate ? start[i * n + j]! : 0;
              for (let p = 0; p < k; p++) sum += a[i]![p]! * b[p]![j]!;
              expect(c[i * n + j]).toBeCloseTo(sum, 5);
            }
        });
      }
});
