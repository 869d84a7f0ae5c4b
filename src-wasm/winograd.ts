// 3×3 stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, 2015):
// each 2×2 block of outputs ("tile") is Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, for the tile's 4×4 input
// patch d and the 3×3 kernel g. Summed over the input channels, the elementwise product becomes
// 16 matrix products, one per position of the 4×4: (tiles × cin) · (cin × cout). They take 16
// multiplies per tile and channel pair where direct summation takes 36; the transforms are
// additions only (and halvings of the weights, exact), so the result differs from direct
// summation by rounding alone.
//
// In NHWC the channels are the fastest-varying index, so the transforms run 4 channels per
// SIMD lane group; the input's channels are padded to a multiple of 4 (zeros, which add
// nothing), and the output's must be a multiple of 8, as convDirect's, which computes the 16
// products as 1×1 convolutions (a GEMM reading its rows unpacked).
//
// F(4×4, 3×3) (winograd4.ts) takes 36 products per 4×4 tiles, 2.25 multiplies per output to
// F(2×2)'s 4, and fewer reads of each picture, but more rounding and 4 times fewer, longer
// tiles: winogradConv runs either on the same layout and blocks, the caller choosing the tile.

import { convDirect } from './kernels';
import { inputTransform4, outputTransform4, weights4 } from './winograd4';
import {
  colsAt,
  finish,
  layTiles,
  outputAt,
  padTiles,
  patchAt,
  planeBytes,
  rowsAt,
  tileBuffer,
  TILES,
  vectorChannels,
  windowMax,
} from './winograd-tiles';

/**
 * u (16 planes of cin4 × cout, planeBytes apart) = G g Gᵀ for every channel pair of w (3 × 3 × cin × cout), cin4 the input
 * channels rounded up to 4 (their rows zero). cout must be a multiple of 4.
 */
function weights2(w: usize, cin: i32, cout: i32, u: usize): void {
  const cin4 = vectorChannels(cin);
  const plane = planeBytes(cin4, cout);
  memory.fill(u, 0, plane * 16);
  const tap = (<usize>(cin * cout)) << 2;
  const half = f32x4.splat(0.5);
  const t = tileBuffer;
  for (let ci = 0; ci < cin; ci++) {
    for (let co = 0; co < cout; co += 4) {
      const src = w + ((<usize>(ci * cout + co)) << 2);
      // Each row of g (along kx) times Gᵀ: 3 values become 4.
      for (let ky = 0; ky < 3; ky++) {
        const row = src + <usize>(ky * 3) * tap;
        const g0 = v128.load(row);
        const g1 = v128.load(row + tap);
        const g2 = v128.load(row + 2 * tap);
        const even = f32x4.mul(f32x4.add(g0, g2), half);
        const odd = f32x4.mul(g1, half);
        v128.store(t + (<usize>(ky * 4)) * 16, g0);
        v128.store(t + (<usize>(ky * 4 + 1)) * 16, f32x4.add(even, odd));
        v128.store(t + (<usize>(ky * 4 + 2)) * 16, f32x4.sub(even, odd));
        v128.store(t + (<usize>(ky * 4 + 3)) * 16, g2);
      }
      // Then G times each column (along ky).
      const dst = u + ((<usize>(ci * cout + co)) << 2);
      for (let j = 0; j < 4; j++) {
        const g0 = v128.load(t + (<usize>j) * 16);
        const g1 = v128.load(t + (<usize>(4 + j)) * 16);
        const g2 = v128.load(t + (<usize>(8 + j)) * 16);
        const even = f32x4.mul(f32x4.add(g0, g2), half);
        const odd = f32x4.mul(g1, half);
        v128.store(dst + <usize>j * plane, g0);
        v128.store(dst + <usize>(4 + j) * plane, f32x4.add(even, odd));
        v128.store(dst + <usize>(8 + j) * plane, f32x4.sub(even, odd));
        v128.store(dst + <usize>(12 + j) * plane, g2);
      }
    }
  }
}

/**
 * v (16 × count × cin4) = Bᵀ d B for the 4×4 patch d of xp (pictures of rows of wp × cin4)
 * under each of the block's tiles (layTiles).
 */
function inputTransform2(xp: usize, wp: i32, cin4: i32, count: i32, v: usize): void {
  const pixel = (<usize>cin4) << 2;
  const row = <usize>wp * pixel;
  const plane = planeBytes(count, cin4);
  const t = tileBuffer;
  for (let i = 0; i < count; i++) {
    const patch = xp + patchAt(i);
    const out = v + <usize>i * pixel;
    for (let c: usize = 0; c < pixel; c += 16) {
      // Each row of d times B, then Bᵀ times each column.
      for (let r = 0; r < 4; r++) {
        const p = patch + c + <usize>r * row;
        const d0 = v128.load(p);
        const d1 = v128.load(p + pixel);
        const d2 = v128.load(p + 2 * pixel);
        const d3 = v128.load(p + 3 * pixel);
        const tr = t + (<usize>(r * 4)) * 16;
        v128.store(tr, f32x4.sub(d0, d2));
        v128.store(tr, f32x4.add(d1, d2), 16);
        v128.store(tr, f32x4.sub(d2, d1), 32);
        v128.store(tr, f32x4.sub(d1, d3), 48);
      }
      for (let j = 0; j < 4; j++) {
        const d0 = v128.load(t + (<usize>j) * 16);
        const d1 = v128.load(t + (<usize>(4 + j)) * 16);
        const d2 = v128.load(t + (<usize>(8 + j)) * 16);
        const d3 = v128.load(t + (<usize>(12 + j)) * 16);
        const o = out + c;
        v128.store(o + <usize>j * plane, f32x4.sub(d0, d2));
        v128.store(o + <usize>(4 + j) * plane, f32x4.add(d1, d2));
        v128.store(o + <usize>(8 + j) * plane, f32x4.sub(d2, d1));
        v128.store(o + <usize>(12 + j) * plane, f32x4.sub(d1, d3));
      }
    }
  }
}

/**
 * y (pictures of oh × ow × cout) at the block's tiles (layTiles) = Aᵀ m A (+ bias) for each
 * tile's m (16 × count × cout), then max(0, ·) where `relu`; the tiles' outputs past their
 * picture's last row and column are dropped. With `pool`, y holds their 2×2 stride-2 max pools
 * instead: each whole tile is one window, and pooling drops one cut short by the picture's edge.
 */
function outputTransform2(m: usize, cout: i32, ow: i32, count: i32, bias: usize, y: usize, relu: bool, pool: bool): void {
  const pixel = (<usize>cout) << 2;
  const plane = planeBytes(count, cout);
  const t = tileBuffer;
  for (let i = 0; i < count; i++) {
    const tall = rowsAt(i) > 1;
    const wide = colsAt(i) > 1;
    if (pool && !(tall && wide)) continue;
    const tile = m + <usize>i * pixel;
    const out = y + outputAt(i);
    for (let c: usize = 0; c < pixel; c += 16) {
      // Each row of m times A (4 values become 2), then Aᵀ times each column.
      for (let r = 0; r < 4; r++) {
        const p = tile + c + <usize>(r * 4) * plane;
        const m0 = v128.load(p);
        const m1 = v128.load(p + plane);
        const m2 = v128.load(p + 2 * plane);
        const m3 = v128.load(p + 3 * plane);
        const tr = t + (<usize>(r * 2)) * 16;
        v128.store(tr, f32x4.add(f32x4.add(m0, m1), m2));
        v128.store(tr, f32x4.sub(f32x4.sub(m1, m2), m3), 16);
      }
      const b = bias ? v128.load(bias + c) : f32x4.splat(0);
      if (pool) {
        v128.store(out + c, pooledTile(t, b, relu));
        continue;
      }
      for (let j = 0; j < 2; j++) {
        if (j == 1 && !wide) break;
        const m0 = v128.load(t + (<usize>j) * 16);
        const m1 = v128.load(t + (<usize>(2 + j)) * 16);
        const m2 = v128.load(t + (<usize>(4 + j)) * 16);
        const m3 = v128.load(t + (<usize>(6 + j)) * 16);
        const o = out + c + <usize>j * pixel;
        let top = f32x4.add(f32x4.add(f32x4.add(m0, m1), m2), b);
        let bottom = f32x4.add(f32x4.sub(f32x4.sub(m1, m2), m3), b);
        if (relu) {
          top = f32x4.max(top, f32x4.splat(0));
          bottom = f32x4.max(bottom, f32x4.splat(0));
        }
        v128.store(o, top);
        if (tall) v128.store(o + <usize>ow * pixel, bottom);
      }
    }
  }
}

/** The largest of a whole tile's four outputs: Aᵀ times the columns of t (its rows times A). */
@inline
function pooledTile(t: usize, b: v128, relu: bool): v128 {
  const m0 = v128.load(t);
  const m1 = v128.load(t + 2 * 16);
  const m2 = v128.load(t + 4 * 16);
  const m3 = v128.load(t + 6 * 16);
  const n0 = v128.load(t + 16);
  const n1 = v128.load(t + 3 * 16);
  const n2 = v128.load(t + 5 * 16);
  const n3 = v128.load(t + 7 * 16);
  return windowMax(
    finish(f32x4.add(f32x4.add(m0, m1), m2), b, relu),
    finish(f32x4.add(f32x4.add(n0, n1), n2), b, relu),
    finish(f32x4.sub(f32x4.sub(m1, m2), m3), b, relu),
    finish(f32x4.sub(f32x4.sub(n1, n2), n3), b, relu),
  );
}

/**
 * u ((tile + 2)² planes of cin4 × cout, planeBytes apart) = G g Gᵀ for every channel pair of w (3 × 3 × cin × cout), for
 * F(tile × tile, 3×3), tile 2 or 4.
 */
export function winogradWeights(w: usize, cin: i32, cout: i32, u: usize, tile: i32): void {
  if (tile == 4) weights4(w, cin, cout, u);
  else weights2(w, cin, cout, u);
}

/**
 * Pictures winogradConv pads and transforms together: as many whole pictures as a block of
 * tiles holds (at least one). Blocks of a few tiles (an 8×8 picture has 4 of F(4×4)) leave
 * the products too short a GEMM to run at speed.
 */
@inline
function groupPictures(tiles: i32): i32 {
  return max(1, TILES / tiles);
}

/** Bytes of scratch winogradConv needs, for the caller's layout and tile (2 or 4). */
export function winogradScratchBytes(h: i32, w: i32, cin: i32, cout: i32, pad: i32, tile: i32): usize {
  const th = (h + 2 * pad - 2 + tile - 1) / tile;
  const tw = (w + 2 * pad - 2 + tile - 1) / tile;
  const cin4 = vectorChannels(cin);
  const group = groupPictures(th * tw);
  const padded = <usize>(group * (tile * th + 2) * (tile * tw + 2) * cin4);
  const block = min(group * th * tw, TILES);
  const planes = <usize>((tile + 2) * (tile + 2));
  return (padded << 2) + planes * (planeBytes(block, cin4) + planeBytes(block, cout));
}

/**
 * y (batch × oh × ow × cout) = the 3×3 stride-1 convolution of x (batch × h × w × cin), padded
 * by `pad`, with weights u from winogradWeights, plus bias (none where 0), then max(0, ·) where
 * `relu`, by F(tile × tile, 3×3), tile 2 or 4; with `pool`, y is the 2×2 stride-2 max pool of
 * that (batch × oh / 2 × ow / 2 × cout). cout must be a multiple of 8; `scratch` must hold
 * winogradScratchBytes, 16-byte aligned.
 */
export function winogradConv(
  x: usize,
  batch: i32,
  h: i32,
  w: i32,
  cin: i32,
  cout: i32,
  pad: i32,
  u: usize,
  bias: usize,
  y: usize,
  scratch: usize,
  tile: i32,
  relu: bool,
  pool: bool,
): void {
  const oh = h + 2 * pad - 2;
  const ow = w + 2 * pad - 2;
  const th = (oh + tile - 1) / tile;
  const tw = (ow + tile - 1) / tile;
  const planes = (tile + 2) * (tile + 2);
  const cin4 = vectorChannels(cin);
  const hp = tile * th + 2;
  const wp = tile * tw + 2;
  const group = groupPictures(th * tw);
  const block = min(group * th * tw, TILES);
  const paddedSize = (<usize>(hp * wp * cin4)) << 2;
  const xp = scratch;
  const v = xp + <usize>group * paddedSize;
  const m = v + <usize>planes * planeBytes(block, cin4);
  const uPlane = planeBytes(cin4, cout);
  const inSize = (<usize>(h * w * cin)) << 2;
  const outSize = (<usize>(pool ? (oh >> 1) * (ow >> 1) * cout : oh * ow * cout)) << 2;
  for (let b0 = 0; b0 < batch; b0 += group) {
    const pictures = min(group, batch - b0);
    for (let p = 0; p < pictures; p++) {
      padTiles(x + <usize>(b0 + p) * inSize, h, w, cin, pad, hp, wp, xp + <usize>p * paddedSize);
    }
    const tiles = pictures * th * tw;
    const yb = y + <usize>b0 * outSize;
    for (let t0 = 0; t0 < tiles; t0 += block) {
      const count = min(block, tiles - t0);
      const vPlane = planeBytes(count, cin4);
      const mPlane = planeBytes(count, cout);
      layTiles(tile, th, tw, hp, wp, cin4, oh, ow, cout, t0, count, pool);
      if (tile == 4) inputTransform4(xp, wp, cin4, count, v);
      else inputTransform2(xp, wp, cin4, count, v);
      for (let k = 0; k < planes; k++) {
        convDirect(v + <usize>k * vPlane, u + <usize>k * uPlane, m + <usize>k * mPlane, cin4, cout, 1, 1, 1, count);
      }
      if (tile == 4) outputTransform4(m, cout, ow, count, bias, yb, relu, pool);
      else outputTransform2(m, cout, ow, count, bias, yb, relu, pool);
    }
  }
}
