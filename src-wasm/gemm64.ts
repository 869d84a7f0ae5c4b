// Float64 matrix products for Dense layers, in the summation order of src-shared/tensor/matmul.ts:
// each element of C is 0 + a₀·b₀ + a₁·b₁ + … added one term at a time in ascending order of
// the shared dimension, each product rounded before it is added (a separate multiply and add,
// never a fused one). The SIMD lanes run across columns of C, so every element keeps that
// order and the results equal the plain loops bit for bit: the notebook's numbers stay exact.
//
// Blocks of C are 4 rows × 4 columns (8 f64x2 accumulators, two vectors each of A's and B's
// packed values, one broadcast and the product: 14 of the 15 registers V8 leaves to wasm); a lone row
// (batch 1, the canvas's forward pass) goes 8 columns at a time. Terms whose A values are all
// zero are skipped, as the plain loops skip them: adding ±0 to a sum that starts at +0 changes
// nothing (ReLU outputs and image pixels are mostly zeros).

const MR: i32 = 4;

// Element (r, c) of row-major A with `ld` columns, optionally stored transposed.
@inline
function aAt(a: usize, r: i32, c: i32, ld: i32, trans: bool): usize {
  return a + ((<usize>(trans ? c * ld + r : r * ld + c)) << 3);
}

/**
 * C rows [i, i+4) × columns [j, j+4) of op(A)·B from packed operands: `sliver` holds the four
 * rows of A interleaved (k × 4), `panel` the four columns of B (k × 4).
 */
@inline
function block4x4(k: i32, sliver: usize, panel: usize, n: i32, i: i32, j: i32, c: usize): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0);
  let c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  let pa = sliver;
  let pb = panel;
  for (let p = 0; p < k; p++) {
    const x01 = v128.load(pa);
    const x23 = v128.load(pa, 16);
    if (v128.any_true(v128.or(x01, x23))) {
      const b0 = v128.load(pb);
      const b1 = v128.load(pb, 16);
      let x = v128.shuffle<f64>(x01, x01, 0, 0);
      c00 = f64x2.add(c00, f64x2.mul(x, b0));
      c01 = f64x2.add(c01, f64x2.mul(x, b1));
      x = v128.shuffle<f64>(x01, x01, 1, 1);
      c10 = f64x2.add(c10, f64x2.mul(x, b0));
      c11 = f64x2.add(c11, f64x2.mul(x, b1));
      x = v128.shuffle<f64>(x23, x23, 0, 0);
      c20 = f64x2.add(c20, f64x2.mul(x, b0));
      c21 = f64x2.add(c21, f64x2.mul(x, b1));
      x = v128.shuffle<f64>(x23, x23, 1, 1);
      c30 = f64x2.add(c30, f64x2.mul(x, b0));
      c31 = f64x2.add(c31, f64x2.mul(x, b1));
    }
    pa += 32;
    pb += 32;
  }
  const rowC: usize = (<usize>n) << 3;
  let pc = c + ((<usize>(i * n + j)) << 3);
  v128.store(pc, c00);
  v128.store(pc, c01, 16);
  pc += rowC;
  v128.store(pc, c10);
  v128.store(pc, c11, 16);
  pc += rowC;
  v128.store(pc, c20);
  v128.store(pc, c21, 16);
  pc += rowC;
  v128.store(pc, c30);
  v128.store(pc, c31, 16);
}

/** C row i × columns [j, j+8) of op(A)·B. */
@inline
function block1x8(k: i32, a: usize, lda: i32, transA: bool, i: i32, b: usize, n: i32, j: i32, c: usize): void {
  let c0 = f64x2.splat(0), c1 = f64x2.splat(0), c2 = f64x2.splat(0), c3 = f64x2.splat(0);
  const along: usize = transA ? (<usize>lda) << 3 : 8;
  let pa = aAt(a, i, 0, lda, transA);
  let pb = b + ((<usize>j) << 3);
  const rowB: usize = (<usize>n) << 3;
  for (let p = 0; p < k; p++) {
    const v = load<f64>(pa);
    if (v != 0) {
      const x = f64x2.splat(v);
      c0 = f64x2.add(c0, f64x2.mul(x, v128.load(pb)));
      c1 = f64x2.add(c1, f64x2.mul(x, v128.load(pb, 16)));
      c2 = f64x2.add(c2, f64x2.mul(x, v128.load(pb, 32)));
      c3 = f64x2.add(c3, f64x2.mul(x, v128.load(pb, 48)));
    }
    pa += along;
    pb += rowB;
  }
  const pc = c + ((<usize>(i * n + j)) << 3);
  v128.store(pc, c0);
  v128.store(pc, c1, 16);
  v128.store(pc, c2, 32);
  v128.store(pc, c3, 48);
}

/** C row i × columns [j, j+2) of op(A)·B. */
@inline
function block1x2(k: i32, a: usize, lda: i32, transA: bool, i: i32, b: usize, n: i32, j: i32, c: usize): void {
  let acc = f64x2.splat(0);
  const along: usize = transA ? (<usize>lda) << 3 : 8;
  let pa = aAt(a, i, 0, lda, transA);
  let pb = b + ((<usize>j) << 3);
  const rowB: usize = (<usize>n) << 3;
  for (let p = 0; p < k; p++) {
    const v = load<f64>(pa);
    if (v != 0) acc = f64x2.add(acc, f64x2.mul(f64x2.splat(v), v128.load(pb)));
    pa += along;
    pb += rowB;
  }
  v128.store(c + ((<usize>(i * n + j)) << 3), acc);
}

/** C element (i, j) of op(A)·B. */
@inline
function element(k: i32, a: usize, lda: i32, transA: bool, i: i32, b: usize, n: i32, j: i32, c: usize): void {
  let sum: f64 = 0;
  const along: usize = transA ? (<usize>lda) << 3 : 8;
  let pa = aAt(a, i, 0, lda, transA);
  let pb = b + ((<usize>j) << 3);
  const rowB: usize = (<usize>n) << 3;
  for (let p = 0; p < k; p++) {
    const v = load<f64>(pa);
    if (v != 0) sum += v * load<f64>(pb);
    pa += along;
    pb += rowB;
  }
  store<f64>(c + ((<usize>(i * n + j)) << 3), sum);
}

/** Row i of C, every column, one row at a time. */
function row(k: i32, a: usize, lda: i32, transA: bool, i: i32, b: usize, n: i32, c: usize): void {
  let j = 0;
  for (; j + 8 <= n; j += 8) block1x8(k, a, lda, transA, i, b, n, j, c);
  for (; j + 2 <= n; j += 2) block1x2(k, a, lda, transA, i, b, n, j, c);
  if (j < n) element(k, a, lda, transA, i, b, n, j, c);
}

/**
 * C (m×n) = op(A) · B, float64, row-major; op(A) is m×k (A stored k×m when transA); B is k×n.
 * (For B used transposed, the caller transposes it first with `transpose64`.) `scratch` holds
 * (m + 4) × k values, 16-byte aligned.
 */
export function gemm64(m: i32, n: i32, k: i32, a: usize, b: usize, c: usize, transA: bool, scratch: usize): void {
  if (m <= 0 || n <= 0) return;
  const lda = transA ? m : k;
  const m4 = m - (m % MR);
  const n4 = n - (n % 4);
  if (m4 > 0 && n4 > 0) {
    // Both operands packed so the block streams them from contiguous memory: A once, as
    // slivers of four rows (k × 4 each), then B one 4-column panel (k × 4) at a time, which
    // stays in the first-level cache while every sliver passes over it.
    const panel = scratch;
    const slivers = scratch + ((<usize>(k * 4)) << 3);
    let dst = slivers;
    for (let i = 0; i < m4; i += MR) {
      for (let p = 0; p < k; p++) {
        for (let r = 0; r < MR; r++) {
          store<f64>(dst, load<f64>(aAt(a, i + r, p, lda, transA)));
          dst += 8;
        }
      }
    }
    for (let j = 0; j < n4; j += 4) {
      let src = b + ((<usize>j) << 3);
      dst = panel;
      for (let p = 0; p < k; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += (<usize>n) << 3;
        dst += 32;
      }
      for (let i = 0; i < m4; i += MR) {
        block4x4(k, slivers + ((<usize>(i * k)) << 3), panel, n, i, j, c);
      }
    }
  }
  for (let i = 0; i < m4; i++) {
    let j = n4;
    for (; j + 2 <= n; j += 2) block1x2(k, a, lda, transA, i, b, n, j, c);
    if (j < n) element(k, a, lda, transA, i, b, n, j, c);
  }
  for (let i = m4; i < m; i++) row(k, a, lda, transA, i, b, n, c);
}

/** dst (cols × rows) = srcᵀ, float64, for src (rows × cols) row-major. */
export function transpose64(src: usize, rows: i32, cols: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<f64>(dst + ((<usize>(c * rows + r)) << 3), load<f64>(src + ((<usize>(r * cols + c)) << 3)));
    }
  }
}
