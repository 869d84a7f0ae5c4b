// The transforms of Winograd's F(4×4, 3×3) (Lavin & Gray, 2015): each 4×4 block of outputs is
// Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A for the tile's 6×6 input patch d, so the products become 36 matrix
// products (winograd.ts runs them), 36 multiplies per 16 outputs and channel pair: 2.25 per
// output where F(2×2, 3×3) takes 4 and direct summation 9.
//
// The matrices interpolate at the points 0, 1, −1, 2, −2 and ∞ (F(m, r) needs m + r − 2 = 5
// finite points and ∞, which reads the last value alone: d5 in Bᵀ, g2 in G). They are the
// smallest integers, so the transforms' coefficients (Bᵀ up to 5, Aᵀ up to 8 = 2³) and hence
// the growth of rounding errors stay the least of any choice; larger points (±3, ±1/2 with
// their inverses) widen both. Rounding still grows beyond F(2×2)'s, whose transforms are exact
// additions: wasm.test.ts bounds the error it measures.
//
//   Bᵀ = | 4   0  −5   0  1  0 |    G = |  1/4     0      0   |    Aᵀ = | 1  1   1  1   1  0 |
//        | 0  −4  −4   1  1  0 |        | −1/6   −1/6   −1/6  |         | 0  1  −1  2  −2  0 |
//        | 0   4  −4  −1  1  0 |        | −1/6    1/6   −1/6  |         | 0  1   1  4   4  0 |
//        | 0  −2  −1   2  1  0 |        |  1/24   1/12   1/6  |         | 0  1  −1  8  −8  1 |
//        | 0   2  −1  −2  1  0 |        |  1/24  −1/12   1/6  |
//        | 0   4   0  −5  0  1 |        |  0       0      1    |

import { colsAt, finish, outputAt, patchAt, planeBytes, rowsAt, tileBuffer, vectorChannels, windowMax } from './winograd-tiles';

/** G times the 3 vectors at src, step apart: 6 vectors at dst, dstStep apart. */
@inline
function kernelTransform(src: usize, step: usize, dst: usize, dstStep: usize): void {
  const g0 = v128.load(src);
  const g1 = v128.load(src + step);
  const g2 = v128.load(src + 2 * step);
  // Times rounded reciprocals: division took 12% of an 8×8 64 → 128 layer, where the weights
  // are transformed each call; the reciprocals' rounding (2⁻²⁴ relative) is far below the
  // transforms' own.
  const outer = f32x4.add(g0, g2);
  const quarter = f32x4.add(g0, f32x4.mul(g2, f32x4.splat(4)));
  const twice = f32x4.add(g1, g1);
  v128.store(dst, f32x4.mul(g0, f32x4.splat(0.25)));
  v128.store(dst + dstStep, f32x4.mul(f32x4.add(outer, g1), f32x4.splat(-1.0 / 6)));
  v128.store(dst + 2 * dstStep, f32x4.mul(f32x4.sub(outer, g1), f32x4.splat(-1.0 / 6)));
  v128.store(dst + 3 * dstStep, f32x4.mul(f32x4.add(quarter, twice), f32x4.splat(1.0 / 24)));
  v128.store(dst + 4 * dstStep, f32x4.mul(f32x4.sub(quarter, twice), f32x4.splat(1.0 / 24)));
  v128.store(dst + 5 * dstStep, g2);
}

/**
 * u (36 planes of cin4 × cout, planeBytes apart) = G g Gᵀ for every channel pair of w (3 × 3 × cin × cout), cin4 the input
 * channels rounded up to 4 (their rows zero). cout must be a multiple of 4.
 */
export function weights4(w: usize, cin: i32, cout: i32, u: usize): void {
  const plane = planeBytes(vectorChannels(cin), cout);
  memory.fill(u, 0, plane * 36);
  const tap = (<usize>(cin * cout)) << 2;
  const t = tileBuffer;
  for (let ci = 0; ci < cin; ci++) {
    for (let co = 0; co < cout; co += 4) {
      const src = w + ((<usize>(ci * cout + co)) << 2);
      // Each row of g (along kx) times Gᵀ: 3 values become 6; then G times each column.
      for (let ky = 0; ky < 3; ky++) kernelTransform(src + <usize>(ky * 3) * tap, tap, t + <usize>(ky * 6) * 16, 16);
      const dst = u + ((<usize>(ci * cout + co)) << 2);
      for (let j = 0; j < 6; j++) kernelTransform(t + <usize>j * 16, 6 * 16, dst + <usize>j * plane, 6 * plane);
    }
  }
}

/** Bᵀ times the 6 vectors at src, step apart: 6 vectors at dst, dstStep apart. */
@inline
function inputTransform(src: usize, step: usize, dst: usize, dstStep: usize): void {
  const d0 = v128.load(src);
  const d1 = v128.load(src + step);
  const d2 = v128.load(src + 2 * step);
  const d3 = v128.load(src + 3 * step);
  const d4 = v128.load(src + 4 * step);
  const d5 = v128.load(src + 5 * step);
  const four = f32x4.splat(4);
  // Bᵀ's rows regrouped so that each takes one multiply (by 2 or 4: exact).
  const d42 = f32x4.sub(d4, d2);
  const d31 = f32x4.sub(d3, d1);
  const twice = f32x4.add(d31, d31);
  v128.store(dst, f32x4.add(f32x4.mul(f32x4.sub(d0, d2), four), d42));
  v128.store(dst + dstStep, f32x4.sub(f32x4.add(d3, d4), f32x4.mul(f32x4.add(d1, d2), four)));
  v128.store(dst + 2 * dstStep, f32x4.add(f32x4.sub(d4, d3), f32x4.mul(f32x4.sub(d1, d2), four)));
  v128.store(dst + 3 * dstStep, f32x4.add(d42, twice));
  v128.store(dst + 4 * dstStep, f32x4.sub(d42, twice));
  v128.store(dst + 5 * dstStep, f32x4.add(f32x4.mul(f32x4.sub(d1, d3), four), f32x4.sub(d5, d3)));
}

/**
 * v (36 × count × cin4) = Bᵀ d B for the 6×6 patch d of xp (pictures of rows of wp × cin4)
 * under each of the block's tiles (layTiles).
 */
export function inputTransform4(xp: usize, wp: i32, cin4: i32, count: i32, v: usize): void {
  const pixel = (<usize>cin4) << 2;
  const row = <usize>wp * pixel;
  const plane = planeBytes(count, cin4);
  const t = tileBuffer;
  for (let i = 0; i < count; i++) {
    const patch = xp + patchAt(i);
    const out = v + <usize>i * pixel;
    for (let c: usize = 0; c < pixel; c += 16) {
      // Each row of d times B, then Bᵀ times each column.
      for (let r = 0; r < 6; r++) inputTransform(patch + c + <usize>r * row, pixel, t + <usize>(r * 6) * 16, 16);
      for (let j = 0; j < 6; j++) inputTransform(t + <usize>j * 16, 6 * 16, out + c + <usize>j * plane, 6 * plane);
    }
  }
}

/**
 * Aᵀ times the 6 vectors at src, step apart: the first `rows` of its 4 results at dst, dstStep
 * apart; where `last` (the column pass, writing outputs), each finished with bias b and `relu`.
 */
@inline
function outputTransform(src: usize, step: usize, dst: usize, dstStep: usize, rows: i32, last: bool, b: v128, relu: bool): void {
  const m0 = v128.load(src);
  const m1 = v128.load(src + step);
  const m2 = v128.load(src + 2 * step);
  const m3 = v128.load(src + 3 * step);
  const m4 = v128.load(src + 4 * step);
  const m5 = v128.load(src + 5 * step);
  const s12 = f32x4.add(m1, m2);
  const d12 = f32x4.sub(m1, m2);
  const s34 = f32x4.add(m3, m4);
  const d34 = f32x4.sub(m3, m4);
  let o0 = f32x4.add(f32x4.add(m0, s12), s34);
  let o1 = f32x4.add(d12, f32x4.mul(d34, f32x4.splat(2)));
  let o2 = f32x4.add(s12, f32x4.mul(s34, f32x4.splat(4)));
  let o3 = f32x4.add(f32x4.add(d12, f32x4.mul(d34, f32x4.splat(8))), m5);
  if (last) {
    o0 = finish(o0, b, relu);
    o1 = finish(o1, b, relu);
    o2 = finish(o2, b, relu);
    o3 = finish(o3, b, relu);
  }
  v128.store(dst, o0);
  if (rows > 1) v128.store(dst + dstStep, o1);
  if (rows > 2) v128.store(dst + 2 * dstStep, o2);
  if (rows > 3) v128.store(dst + 3 * dstStep, o3);
}

/**
 * The `down` × `across` 2×2 windows of a tile's outputs (Aᵀ times the columns of t, its rows
 * times A, each finished), each window's largest value stored at out, `row` and `pixel` bytes
 * apart: two columns at a time, into the tile buffer past the row pass's 6 × 4 vectors.
 */
@inline
function pooledTile(t: usize, down: i32, across: i32, b: v128, relu: bool, out: usize, row: usize, pixel: usize): void {
  const left = t + 24 * 16;
  const right = left + 4 * 16;
  for (let j = 0; j < across; j++) {
    outputTransform(t + <usize>(2 * j) * 16, 4 * 16, left, 16, 4, true, b, relu);
    outputTransform(t + <usize>(2 * j + 1) * 16, 4 * 16, right, 16, 4, true, b, relu);
    for (let k = 0; k < down; k++) {
      const top = <usize>(2 * k) * 16;
      const largest = windowMax(
        v128.load(left + top),
        v128.load(right + top),
        v128.load(left + top + 16),
        v128.load(right + top + 16),
      );
      v128.store(out + <usize>k * row + <usize>j * pixel, largest);
    }
  }
}

/**
 * y (pictures of oh × ow × cout) at the block's tiles (layTiles) = Aᵀ m A + bias for each
 * tile's m (36 × count × cout), then max(0, ·) where `relu`; the tiles' outputs past their
 * picture's last row and column are dropped. With `pool`, y holds their 2×2 stride-2 max pools
 * instead: a tile holds four windows, and pooling drops one cut short by the picture's edge.
 */
export function outputTransform4(m: usize, cout: i32, ow: i32, count: i32, bias: usize, y: usize, relu: bool, pool: bool): void {
  const pixel = (<usize>cout) << 2;
  const plane = planeBytes(count, cout);
  const rowBytes = <usize>(pool ? ow >> 1 : ow) * pixel;
  const t = tileBuffer;
  for (let i = 0; i < count; i++) {
    const rows = rowsAt(i);
    const cols = colsAt(i);
    const tile = m + <usize>i * pixel;
    const out = y + outputAt(i);
    for (let c: usize = 0; c < pixel; c += 16) {
      // Each row of m times A (6 values become 4), then Aᵀ times each column.
      const b = bias ? v128.load(bias + c) : f32x4.splat(0);
      for (let r = 0; r < 6; r++) {
        outputTransform(tile + c + <usize>(r * 6) * plane, plane, t + <usize>(r * 4) * 16, 16, 4, false, b, false);
      }
      if (pool) {
        pooledTile(t, rows >> 1, cols >> 1, b, relu, out + c, rowBytes, pixel);
        continue;
      }
      for (let j = 0; j < cols; j++) {
        outputTransform(t + <usize>j * 16, 4 * 16, out + c + <usize>j * pixel, rowBytes, rows, true, b, relu);
      }
    }
  }
}
