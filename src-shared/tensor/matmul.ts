/**
 * The three matrix products of a Dense layer's forward and backward passes, on row-major
 * Float64Arrays, written for speed: loops ordered so the innermost one walks memory in order,
 * no allocation, and rows of zeros skipped (ReLU outputs and image pixels are mostly zeros).
 *
 * Each output element is a sum over the shared dimension in ascending order, as in
 * the notebook's written-out sums, so single neurons give Python's numbers bit for bit.
 * (Skipping a zero term changes nothing but the sign of an exact zero.) The loops take four
 * terms per pass, still added one after another in order, to load and store each output
 * element a quarter as often; V8 does not vectorise, so this blocking is what speeds them up.
 */

import type { TypedArray } from './tensor.ts';

/** out (m×n) = a (m×k) @ b (k×n). Rows of out go two at a time, sharing each load of b. */
export function matmul(
  a: TypedArray,
  b: TypedArray,
  out: TypedArray,
  m: number,
  k: number,
  n: number,
): void {
  out.fill(0, 0, m * n);
  const k4 = k - (k % 4);
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    const x = i * k;
    const y = x + k;
    for (let p = 0; p < k4; p += 4) {
      const x0 = a[x + p]!;
      const x1 = a[x + p + 1]!;
      const x2 = a[x + p + 2]!;
      const x3 = a[x + p + 3]!;
      const y0 = a[y + p]!;
      const y1 = a[y + p + 1]!;
      const y2 = a[y + p + 2]!;
      const y3 = a[y + p + 3]!;
      if (
        x0 === 0 &&
        x1 === 0 &&
        x2 === 0 &&
        x3 === 0 &&
        y0 === 0 &&
        y1 === 0 &&
        y2 === 0 &&
        y3 === 0
      ) {
        continue;
      }
      const b0 = p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const c0 = b[b0 + j]!;
        const c1 = b[b1 + j]!;
        const c2 = b[b2 + j]!;
        const c3 = b[b3 + j]!;
        out[r0 + j] = out[r0 + j]! + x0 * c0 + x1 * c1 + x2 * c2 + x3 * c3;
        out[r1 + j] = out[r1 + j]! + y0 * c0 + y1 * c1 + y2 * c2 + y3 * c3;
      }
    }
    for (let p = k4; p < k; p++) {
      const bRow = p * n;
      const xp = a[x + p]!;
      const yp = a[y + p]!;
      for (let j = 0; j < n; j++) {
        out[r0 + j] = out[r0 + j]! + xp * b[bRow + j]!;
        out[r1 + j] = out[r1 + j]! + yp * b[bRow + j]!;
      }
    }
  }
  if (i < m) {
    const row = i * n;
    const x = i * k;
    for (let p = 0; p < k; p++) {
      const xp = a[x + p]!;
      if (xp === 0) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) out[row + j] = out[row + j]! + xp * b[bRow + j]!;
    }
  }
}

/** out (m×n) = a (m×k) @ bᵀ, where b is (n×k): each element is a dot product of two rows. */
export function matmulTransposeB(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    for (let j = 0; j < n; j++) {
      const bRow = j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[aRow + p]! * b[bRow + p]!;
      out[i * n + j] = sum;
    }
  }
}

/**
 * out (k×n) = aᵀ @ b, where a is (m×k) and b is (m×n): sums over the m rows, in order. Rows of
 * out go two at a time, sharing each load of b.
 */
export function matmulTransposeA(
  a: Float64Array,
  b: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  out.fill(0, 0, k * n);
  const m4 = m - (m % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    const b0 = i * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    let p = 0;
    for (; p + 1 < k; p += 2) {
      const x0 = a[a0 + p]!;
      const x1 = a[a1 + p]!;
      const x2 = a[a2 + p]!;
      const x3 = a[a3 + p]!;
      const y0 = a[a0 + p + 1]!;
      const y1 = a[a1 + p + 1]!;
      const y2 = a[a2 + p + 1]!;
      const y3 = a[a3 + p + 1]!;
      if (
        x0 === 0 &&
        x1 === 0 &&
        x2 === 0 &&
        x3 === 0 &&
        y0 === 0 &&
        y1 === 0 &&
        y2 === 0 &&
        y3 === 0
      ) {
        continue;
      }
      const r0 = p * n;
      const r1 = r0 + n;
      for (let j = 0; j < n; j++) {
        const c0 = b[b0 + j]!;
        const c1 = b[b1 + j]!;
        const c2 = b[b2 + j]!;
        const c3 = b[b3 + j]!;
        out[r0 + j] = out[r0 + j]! + x0 * c0 + x1 * c1 + x2 * c2 + x3 * c3;
        out[r1 + j] = out[r1 + j]! + y0 * c0 + y1 * c1 + y2 * c2 + y3 * c3;
      }
    }
    if (p < k) {
      const x0 = a[a0 + p]!;
      const x1 = a[a1 + p]!;
      const x2 = a[a2 + p]!;
      const x3 = a[a3 + p]!;
      const r0 = p * n;
      for (let j = 0; j < n; j++) {
        out[r0 + j] =
          out[r0 + j]! + x0 * b[b0 + j]! + x1 * b[b1 + j]! + x2 * b[b2 + j]! + x3 * b[b3 + j]!;
      }
    }
  }
  for (let i = m4; i < m; i++) {
    const aRow = i * k;
    const bRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p]!;
      if (aip === 0) continue;
      const row = p * n;
      for (let j = 0; j < n; j++) out[row + j] = out[row + j]! + aip * b[bRow + j]!;
    }
  }
}
