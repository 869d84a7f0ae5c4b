// Float32 kernels in AssemblyScript, compiled to WebAssembly SIMD by `npm run build:wasm`.
// The caller (src-shared/kernels/wasm.ts) owns the memory layout: it copies operands in at
// offsets it chooses above heapBase(), calls a kernel, and copies results out.
//
// GEMM follows the GotoBLAS/BLIS scheme: B is packed into panels NR columns wide and A into
// slivers MR rows tall, so the micro-kernel streams both from contiguous memory and keeps an
// MR×NR block of C in registers.
//
// V8 on x64 leaves 15 xmm registers to wasm (xmm15 is its scratch). Per step of k the kernel
// holds MR·NR/4 accumulators, the two vectors of B's row and one broadcast value of A. With a
// fused multiply-add, 6×8 fills exactly 15; a separate multiply needs one more register for the
// product, and at 6 rows V8 then spills an accumulator to the stack every step, which halves
// the speed. So the plain-SIMD build computes 5×8 blocks (14 registers).

const MR: i32 = ASC_FEATURE_RELAXED_SIMD ? 6 : 5;
const NR: i32 = 8;
const KC: i32 = 256;
// Rows of A packed per block: 72 or 60, a whole number of slivers (KC and MC hardly matter here).
const MC: i32 = 12 * MR;

// a·b + c per lane. Relaxed SIMD's fused multiply-add, where the host has it (Chromium, or Node
// with --experimental-wasm-relaxed-simd), saves the product's register and an instruction; the
// build makes both variants.
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

export function heapBase(): usize {
  return __heap_base;
}

/** Bytes of scratch that gemm needs for packing, for the caller's layout. */
export function gemmScratchBytes(m: i32, n: i32, k: i32): usize {
  const kc = min(k, KC);
  const panels = (n + NR - 1) / NR;
  const slivers = (min(m, MC) + MR - 1) / MR;
  return (<usize>(panels * NR * kc + slivers * MR * kc)) << 2;
}

// Element (r, c) of a row-major matrix with `ld` columns, optionally stored transposed.
@inline
function at(p: usize, r: i32, c: i32, ld: i32, trans: bool): usize {
  return p + ((<usize>(trans ? c * ld + r : r * ld + c)) << 2);
}

/** Packs rows [i0, i0+mc) × columns [p0, p0+kc) of A into MR-row slivers, zero-padded. */
function packA(a: usize, lda: i32, trans: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let s = 0; s < mc; s += MR) {
    const rows = min(MR, mc - s);
    if (trans && rows == MR) {
      // A stored transposed (a convolution's patch rows, for its weight gradient): each step of
      // k is MR adjacent floats, copied as one vector and the rest, not one checked float each.
      let src = at(a, i0 + s, p0, lda, true);
      const step = (<usize>lda) << 2;
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        if (MR == 6) store<u64>(dst, load<u64>(src, 16), 16);
        else store<f32>(dst, load<f32>(src, 16), 16);
        src += step;
        dst += MR << 2;
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      for (let r = 0; r < MR; r++) {
        const v: f32 = r < rows ? load<f32>(at(a, i0 + s + r, p0 + p, lda, trans)) : 0;
        store<f32>(dst, v);
        dst += 4;
      }
    }
  }
}

/** Packs rows [p0, p0+kc) × all n columns of B into NR-column panels, zero-padded. */
function packB(b: usize, ldb: i32, trans: bool, p0: i32, kc: i32, n: i32, dst: usize): void {
  for (let j0 = 0; j0 < n; j0 += NR) {
    const cols = min(NR, n - j0);
    if (!trans && cols == NR) {
      for (let p = 0; p < kc; p++) {
        const src = at(b, p0 + p, j0, ldb, false);
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        dst += NR << 2;
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      for (let c = 0; c < NR; c++) {
        const v: f32 = c < cols ? load<f32>(at(b, p0 + p, j0 + c, ldb, trans)) : 0;
        store<f32>(dst, v);
        dst += 4;
      }
    }
  }
}

// C[rows × cols] (+)= Ap sliver (kc × MR) · Bp panel (kc × NR); ldc in floats.
function micro(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    a = v128.load32_splat(ap, 16);
    c40 = madd(a, b0, c40);
    c41 = madd(a, b1, c41);
    if (MR > 5) {
      a = v128.load32_splat(ap, 20);
      c50 = madd(a, b0, c50);
      c51 = madd(a, b1, c51);
    }
    ap += MR << 2;
    bp += NR << 2;
  }
  const row = (<usize>ldc) << 2;
  if (rows == MR && cols == NR) {
    if (add) {
      v128.store(c, f32x4.add(v128.load(c), c00));
      v128.store(c, f32x4.add(v128.load(c, 16), c01), 16);
      c += row;
      v128.store(c, f32x4.add(v128.load(c), c10));
      v128.store(c, f32x4.add(v128.load(c, 16), c11), 16);
      c += row;
      v128.store(c, f32x4.add(v128.load(c), c20));
      v128.store(c, f32x4.add(v128.load(c, 16), c21), 16);
      c += row;
      v128.store(c, f32x4.add(v128.load(c), c30));
      v128.store(c, f32x4.add(v128.load(c, 16), c31), 16);
      c += row;
      v128.store(c, f32x4.add(v128.load(c), c40));
      v128.store(c, f32x4.add(v128.load(c, 16), c41), 16);
      if (MR > 5) {
        c += row;
        v128.store(c, f32x4.add(v128.load(c), c50));
        v128.store(c, f32x4.add(v128.load(c, 16), c51), 16);
      }
    } else {
      v128.store(c, c00);
      v128.store(c, c01, 16);
      c += row;
      v128.store(c, c10);
      v128.store(c, c11, 16);
      c += row;
      v128.store(c, c20);
      v128.store(c, c21, 16);
      c += row;
      v128.store(c, c30);
      v128.store(c, c31, 16);
      c += row;
      v128.store(c, c40);
      v128.store(c, c41, 16);
      if (MR > 5) {
        c += row;
        v128.store(c, c50);
        v128.store(c, c51, 16);
      }
    }
    return;
  }
  // Edge block: spill the accumulators and write only the rows and columns that exist.
  const tmp = edgeBuffer;
  v128.store(tmp, c00);
  v128.store(tmp, c01, 16);
  v128.store(tmp, c10, 32);
  v128.store(tmp, c11, 48);
  v128.store(tmp, c20, 64);
  v128.store(tmp, c21, 80);
  v128.store(tmp, c30, 96);
  v128.store(tmp, c31, 112);
  v128.store(tmp, c40, 128);
  v128.store(tmp, c41, 144);
  if (MR > 5) {
    v128.store(tmp, c50, 160);
    v128.store(tmp, c51, 176);
  }
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const dst = c + ((<usize>(r * ldc + j)) << 2);
      const v = load<f32>(tmp + ((<usize>(r * NR + j)) << 2));
      store<f32>(dst, add ? load<f32>(dst) + v : v);
    }
  }
}

const edgeBuffer: usize = memory.data(MR * NR * 4, 16);

/**
 * One row of C (n) (+)= one row of op(A) (k values `along` bytes apart) · B (k×n, unpacked).
 * Fewer rows than a micro-kernel block (the canvas's forward pass of one sample) would waste
 * most of the block and pay for packing all of B, so such rows stream B directly instead.
 */
function rowTimesB(k: i32, n: i32, a: usize, along: usize, b: usize, c: usize, add: bool): void {
  const rowB = (<usize>n) << 2;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
    let pa = a;
    let pb = b + ((<usize>j) << 2);
    for (let p = 0; p < k; p++) {
      const x = v128.load32_splat(pa);
      c0 = madd(x, v128.load(pb), c0);
      c1 = madd(x, v128.load(pb, 16), c1);
      c2 = madd(x, v128.load(pb, 32), c2);
      c3 = madd(x, v128.load(pb, 48), c3);
      pa += along;
      pb += rowB;
    }
    const pc = c + ((<usize>j) << 2);
    if (add) {
      c0 = f32x4.add(v128.load(pc), c0);
      c1 = f32x4.add(v128.load(pc, 16), c1);
      c2 = f32x4.add(v128.load(pc, 32), c2);
      c3 = f32x4.add(v128.load(pc, 48), c3);
    }
    v128.store(pc, c0);
    v128.store(pc, c1, 16);
    v128.store(pc, c2, 32);
    v128.store(pc, c3, 48);
  }
  for (; j < n; j++) {
    let sum: f32 = 0;
    let pa = a;
    let pb = b + ((<usize>j) << 2);
    for (let p = 0; p < k; p++) {
      sum += load<f32>(pa) * load<f32>(pb);
      pa += along;
      pb += rowB;
    }
    const pc = c + ((<usize>j) << 2);
    store<f32>(pc, add ? load<f32>(pc) + sum : sum);
  }
}

/**
 * C (m×n, row-major, leading dimension n) = op(A) · op(B), or += with accumulate.
 * op(A) is m×k (A stored k×m when transA); op(B) is k×n (B stored n×k when transB).
 * `scratch` must hold gemmScratchBytes(m, n, k) bytes, 16-byte aligned.
 */
export function gemm(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  b: usize,
  c: usize,
  transA: bool,
  transB: bool,
  accumulate: bool,
  scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) memory.fill(c, 0, (<usize>(m * n)) << 2);
    return;
  }
  const lda = transA ? m : k;
  const ldb = transB ? k : n;
  if (m < MR && !transB) {
    const along: usize = transA ? (<usize>m) << 2 : 4;
    for (let i = 0; i < m; i++) {
      const row = transA ? a + ((<usize>i) << 2) : a + ((<usize>(i * k)) << 2);
      rowTimesB(k, n, row, along, b, c + ((<usize>(i * n)) << 2), accumulate);
    }
    return;
  }
  const kcMax = min(k, KC);
  const panels = (n + NR - 1) / NR;
  const bPacked = scratch;
  const aPacked = scratch + ((<usize>(panels * NR * kcMax)) << 2);
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kc = min(KC, k - p0);
    const add = accumulate || p0 > 0;
    packB(b, ldb, transB, p0, kc, n, bPacked);
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mc = min(MC, m - i0);
      packA(a, lda, transA, i0, mc, p0, kc, aPacked);
      for (let jp = 0; jp < panels; jp++) {
        const j0 = jp * NR;
        const cols = min(NR, n - j0);
        const bp = bPacked + ((<usize>(jp * NR * kc)) << 2);
        for (let s = 0; s < mc; s += MR) {
          const rows = min(MR, mc - s);
          const ap = aPacked + ((<usize>(s * kc)) << 2);
          const cp = c + ((<usize>((i0 + s) * n + j0)) << 2);
          micro(kc, ap, bp, cp, n, rows, cols, add);
        }
      }
    }
  }
}

/**
 * Unfolds one NHWC picture (h × w × cin) into rows of patches: row (oy·ow + ox) holds the
 * kh × kw × cin values under the kernel at that output pixel, zeros where it reads padding.
 */
export function im2col(
  x: usize,
  h: i32,
  w: i32,
  cin: i32,
  kh: i32,
  kw: i32,
  stride: i32,
  pad: i32,
  oh: i32,
  ow: i32,
  cols: usize,
): void {
  const run = (<usize>cin) << 2;
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let ky = 0; ky < kh; ky++) {
        const y = oy * stride + ky - pad;
        for (let kx = 0; kx < kw; kx++) {
          const xx = ox * stride + kx - pad;
          if (y < 0 || y >= h || xx < 0 || xx >= w) memory.fill(cols, 0, run);
          else memory.copy(cols, x + ((<usize>((y * w + xx) * cin)) << 2), run);
          cols += run;
        }
      }
    }
  }
}

/** The adjoint of im2col: adds each patch row back onto the picture dx (not cleared here). */
export function col2im(
  cols: usize,
  h: i32,
  w: i32,
  cin: i32,
  kh: i32,
  kw: i32,
  stride: i32,
  pad: i32,
  oh: i32,
  ow: i32,
  dx: usize,
): void {
  for (let oy = 0; oy < oh; oy++) {
    for (let ox = 0; ox < ow; ox++) {
      for (let ky = 0; ky < kh; ky++) {
        const y = oy * stride + ky - pad;
        for (let kx = 0; kx < kw; kx++) {
          const xx = ox * stride + kx - pad;
          if (y >= 0 && y < h && xx >= 0 && xx < w) addInto(dx + ((<usize>((y * w + xx) * cin)) << 2), cols, cin);
          cols += (<usize>cin) << 2;
        }
      }
    }
  }
}

// dst[0..n) += src[0..n)
@inline
function addInto(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/**
 * Adds bias (n) to every row of y (rows × n); with `relu`, then takes max(0, ·) in the same
 * sweep (a prediction pass's ReLU after the convolution, which then never writes it apart).
 */
export function addBias(y: usize, bias: usize, rows: i32, n: i32, relu: bool): void {
  const rowBytes = (<usize>n) << 2;
  if (!relu) {
    for (let r = 0; r < rows; r++) {
      addInto(y, bias, n);
      y += rowBytes;
    }
    return;
  }
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const o = (<usize>i) << 2;
      v128.store(y + o, f32x4.max(f32x4.add(v128.load(y + o), v128.load(bias + o)), zero));
    }
    for (; i < n; i++) {
      const o = (<usize>i) << 2;
      store<f32>(y + o, max<f32>(load<f32>(y + o) + load<f32>(bias + o), 0));
    }
    y += rowBytes;
  }
}

/** db (n) += column sums of dy (rows × n). */
export function sumRows(dy: usize, db: usize, rows: i32, n: i32): void {
  const rowBytes = (<usize>n) << 2;
  for (let r = 0; r < rows; r++) {
    addInto(db, dy, n);
    dy += rowBytes;
  }
}

/**
 * Direct convolution for stride 1, `cout` a multiple of 8: a GEMM micro-kernel (4 pixels by 8
 * channels) reading its A rows straight from the zero-padded picture instead of an im2col copy
 * and packed slivers. For the few output channels of early layers that skips two passes over
 * memory per picture. Only 4 pixels, not MR: the pixels' addresses are not constant offsets of
 * one pointer, and V8 then loads all their broadcast values before the multiply-adds, so a block
 * needs accumulators + 2 + pixels registers: 6 pixels spilled four accumulators every step and
 * ran at less than half the speed; 4 fit (8 + 2 + 4).
 * xp: (oh + kh − 1) × (ow + kw − 1) × cin, padded; w: kh × kw × cin × cout; y: oh × ow × cout.
 */
export function convDirect(
  xp: usize,
  w: usize,
  y: usize,
  cin: i32,
  cout: i32,
  kh: i32,
  kw: i32,
  oh: i32,
  ow: i32,
): void {
  const wp = ow + kw - 1;
  const pixel = (<usize>cin) << 2;
  const wRow = (<usize>cout) << 2;
  for (let oy = 0; oy < oh; oy++) {
    for (let co = 0; co < cout; co += NR) {
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4) {
        let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
        let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
        let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
        let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            let a = xp + ((<usize>((oy + ky) * wp + ox + kx)) << 2) * <usize>cin;
            let b = w + (((<usize>((ky * kw + kx) * cin)) * <usize>cout + <usize>co) << 2);
            for (let ci = 0; ci < cin; ci++) {
              const b0 = v128.load(b);
              const b1 = v128.load(b, 16);
              let s = v128.load32_splat(a);
              c00 = madd(s, b0, c00);
              c01 = madd(s, b1, c01);
              s = v128.load32_splat(a + pixel);
              c10 = madd(s, b0, c10);
              c11 = madd(s, b1, c11);
              s = v128.load32_splat(a + 2 * pixel);
              c20 = madd(s, b0, c20);
              c21 = madd(s, b1, c21);
              s = v128.load32_splat(a + 3 * pixel);
              c30 = madd(s, b0, c30);
              c31 = madd(s, b1, c31);
              a += 4;
              b += wRow;
            }
          }
        }
        let out = y + ((<usize>((oy * ow + ox) * cout + co)) << 2);
        v128.store(out, c00);
        v128.store(out, c01, 16);
        out += wRow;
        v128.store(out, c10);
        v128.store(out, c11, 16);
        out += wRow;
        v128.store(out, c20);
        v128.store(out, c21, 16);
        out += wRow;
        v128.store(out, c30);
        v128.store(out, c31, 16);
      }
      // The row's last few pixels, one at a time.
      for (; ox < ow; ox++) {
        let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            let a = xp + ((<usize>((oy + ky) * wp + ox + kx)) << 2) * <usize>cin;
            let b = w + (((<usize>((ky * kw + kx) * cin)) * <usize>cout + <usize>co) << 2);
            for (let ci = 0; ci < cin; ci++) {
              const s = v128.load32_splat(a);
              c0 = madd(s, v128.load(b), c0);
              c1 = madd(s, v128.load(b, 16), c1);
              a += 4;
              b += wRow;
            }
          }
        }
        const out = y + ((<usize>((oy * ow + ox) * cout + co)) << 2);
        v128.store(out, c0);
        v128.store(out, c1, 16);
      }
    }
  }
}

/** Copies an h × w × c picture into the middle of a zeroed (h + 2·top) × (w + 2·left) × c one. */
export function padPicture(x: usize, h: i32, w: i32, c: i32, top: i32, left: i32, out: usize): void {
  const hp = h + 2 * top;
  const wp = w + 2 * left;
  memory.fill(out, 0, (<usize>(hp * wp * c)) << 2);
  const run = (<usize>(w * c)) << 2;
  for (let yy = 0; yy < h; yy++) {
    memory.copy(out + ((<usize>(((yy + top) * wp + left) * c)) << 2), x + (<usize>yy) * run, run);
  }
}

/** w (kh × kw × cin × cout) → wt (kh × kw × cout × cin) rotated by 180°, for dx as a convolution. */
export function flipWeights(w: usize, kh: i32, kw: i32, cin: i32, cout: i32, wt: usize): void {
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      const src = w + ((<usize>((ky * kw + kx) * cin * cout)) << 2);
      const dst = wt + ((<usize>(((kh - 1 - ky) * kw + (kw - 1 - kx)) * cout * cin)) << 2);
      for (let ci = 0; ci < cin; ci++) {
        for (let co = 0; co < cout; co++) {
          store<f32>(dst + ((<usize>(co * cin + ci)) << 2), load<f32>(src + ((<usize>(ci * cout + co)) << 2)));
        }
      }
    }
  }
}

// BatchNorm's passes over (rows × channels) data. The sums are float64, as the JS definition's:
// a batch's hundred thousand rows summed in float32 would lose the variance's low digits. The
// per-channel sums stay in memory (a few hundred bytes, in L1) while the rows stream past.

// Two adjacent floats at p, widened to float64.
@inline
function pair64(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** sum[c] += Σ (x − origin[c]), sum2[c] += Σ (x − origin[c])² over the rows (float64 sums). */
export function channelMoments(x: usize, rows: i32, channels: i32, origin: usize, sum: usize, sum2: usize): void {
  const even = channels & ~1;
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (; c < even; c += 2) {
      const o = (<usize>c) << 3;
      const d = f64x2.sub(pair64(x + ((<usize>c) << 2)), v128.load(origin + o));
      v128.store(sum + o, f64x2.add(v128.load(sum + o), d));
      v128.store(sum2 + o, f64x2.add(v128.load(sum2 + o), f64x2.mul(d, d)));
    }
    for (; c < channels; c++) {
      const o = (<usize>c) << 3;
      const d = <f64>load<f32>(x + ((<usize>c) << 2)) - load<f64>(origin + o);
      store<f64>(sum + o, load<f64>(sum + o) + d);
      store<f64>(sum2 + o, load<f64>(sum2 + o) + d * d);
    }
    x += (<usize>channels) << 2;
  }
}

/**
 * sum[c] += Σ dy, sumProduct[c] += Σ dy · x over the rows (float64 sums). With a gate (not 0),
 * dy is multiplied by 1 where gate > 0 and 0 elsewhere: a ReLU's mask folded into BatchNorm's
 * backward, gate being the ReLU's output. A product, not a select, as reluBackward: a
 * non-finite gradient where the ReLU is off still gives NaN, so the optimizer refuses the step.
 */
export function channelDots(dy: usize, x: usize, rows: i32, channels: i32, sum: usize, sumProduct: usize, gate: usize): void {
  const even = channels & ~1;
  const zero = f64x2.splat(0);
  const one = f64x2.splat(1);
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (; c < even; c += 2) {
      const o = (<usize>c) << 3;
      const f = (<usize>c) << 2;
      let g = pair64(dy + f);
      if (gate) g = f64x2.mul(g, v128.and(f64x2.gt(pair64(gate + f), zero), one));
      v128.store(sum + o, f64x2.add(v128.load(sum + o), g));
      v128.store(sumProduct + o, f64x2.add(v128.load(sumProduct + o), f64x2.mul(g, pair64(x + f))));
    }
    for (; c < channels; c++) {
      const o = (<usize>c) << 3;
      const f = (<usize>c) << 2;
      let g = <f64>load<f32>(dy + f);
      if (gate) g *= select<f64>(1, 0, load<f32>(gate + f) > 0);
      store<f64>(sum + o, load<f64>(sum + o) + g);
      store<f64>(sumProduct + o, load<f64>(sumProduct + o) + g * <f64>load<f32>(x + f));
    }
    dy += (<usize>channels) << 2;
    x += (<usize>channels) << 2;
    if (gate) gate += (<usize>channels) << 2;
  }
}

/**
 * out = a[c] · u + b[c] · v + k[c] per channel over the rows (float32; v is ignored where b is
 * null, i.e. 0): BatchNorm's forward y = scale · x + shift and its backward dx = a · dy + b · x + k.
 * A gate (not 0) multiplies u by 1 where gate > 0 and 0 elsewhere (the ReLU after BatchNorm folded
 * into its backward, a product as reluBackward's, so an infinite gradient where the ReLU is off
 * gives NaN); a relu output (not 0) also gets max(0, out) (the pair's forward in one pass).
 */
export function channelAffine(u: usize, v: usize, rows: i32, channels: i32, a: usize, b: usize, k: usize, out: usize, gate: usize, relu: usize): void {
  const quads = channels & ~3;
  const row = (<usize>channels) << 2;
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  for (let r = 0; r < rows; r++) {
    let c = 0;
    for (; c < quads; c += 4) {
      const o = (<usize>c) << 2;
      let x = v128.load(u + o);
      if (gate) x = f32x4.mul(x, v128.and(f32x4.gt(v128.load(gate + o), zero), one));
      let y = madd(v128.load(a + o), x, v128.load(k + o));
      if (b) y = madd(v128.load(b + o), v128.load(v + o), y);
      v128.store(out + o, y);
      if (relu) v128.store(relu + o, f32x4.max(y, zero));
    }
    for (; c < channels; c++) {
      const o = (<usize>c) << 2;
      let x = load<f32>(u + o);
      if (gate) x *= select<f32>(1, 0, load<f32>(gate + o) > 0);
      let y = load<f32>(a + o) * x + load<f32>(k + o);
      if (b) y += load<f32>(b + o) * load<f32>(v + o);
      store<f32>(out + o, y);
      if (relu) store<f32>(relu + o, max<f32>(y, 0));
    }
    u += row;
    v += row;
    out += row;
    if (gate) gate += row;
    if (relu) relu += row;
  }
}

// The float64 products of Dense layers, in the notebook's summation order.
export { gemm64, transpose64 } from './gemm64';

// 3×3 stride-1 convolutions by Winograd's F(2×2, 3×3) or F(4×4, 3×3), where they beat convDirect.
export { winogradConv, winogradScratchBytes, winogradWeights } from './winograd';

// ReLU and pooling, forward and backward.
export { relu, reluBackward } from './relu';
export { maxPoolForward, maxPoolBackward, avgPoolForward, avgPoolBackward } from './pooling';
