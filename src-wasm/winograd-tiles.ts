// The layout shared by Winograd F(2×2, 3×3) (winograd.ts) and F(4×4, 3×3) (winograd4.ts):
// channels in SIMD vectors, the picture padded to whole tiles, and planes of transformed tiles.

/** Input channels as the transforms store them: rounded up to whole SIMD vectors. */
@inline
export function vectorChannels(cin: i32): i32 {
  return (cin + 3) & ~3;
}

// The planes of transformed weights, tiles and products (16 for F(2×2), 36 for F(4×4)) lie a
// little more than their size apart: their sizes are often powers of two (a block's 64 tiles ×
// 16 channels: 4 KiB; 64 × 128 weights: 32 KiB), and 16 or 36 streams at such a stride fall in
// the same sets of the L1 cache and evict each other (before the skew, 64×64 16 → 16 ran 1.3×
// slower, and F(4×4)'s weights for 64 → 128 took 10% of its 8×8 layer).
const SKEW: usize = 64;

@inline
export function planeBytes(tiles: i32, channels: i32): usize {
  return ((<usize>(tiles * channels)) << 2) + SKEW;
}

// Scratch for one tile's half-transformed values: up to 6 × 6 vectors.
export const tileBuffer: usize = memory.data(36 * 16, 16);

// Tiles transformed, multiplied and transformed back at a time: their transformed values and
// products (planes × tiles × channels each) then stay in the caches between the three steps.
// Measured on the shipped CNN's layers, 16 to 256 tiles of F(2×2) ran alike (the 64-byte skew
// already spares the caches), and 16 to 64 of F(4×4); blocks bound the scratch at any size.
export const TILES: i32 = 64;

/**
 * Copies picture x (h × w × cin) into xp (hp × wp × cin4), `pad` zeros above and left and as
 * many as the last tiles reach below and right, the channels padded to cin4.
 */
export function padTiles(x: usize, h: i32, w: i32, cin: i32, pad: i32, hp: i32, wp: i32, xp: usize): void {
  const cin4 = vectorChannels(cin);
  const pixel4 = (<usize>cin4) << 2;
  memory.fill(xp, 0, <usize>(hp * wp) * pixel4);
  const pixel = (<usize>cin) << 2;
  const rows = min(h, hp - pad);
  const cols = min(w, wp - pad);
  for (let y = 0; y < rows; y++) {
    const src = x + <usize>(y * w) * pixel;
    const dst = xp + <usize>((y + pad) * wp + pad) * pixel4;
    if (cin == cin4) memory.copy(dst, src, <usize>cols * pixel);
    else for (let xx = 0; xx < cols; xx++) memory.copy(dst + <usize>xx * pixel4, src + <usize>xx * pixel, pixel);
  }
}

// Where each tile of the block in hand lies, 16 bytes a tile: its input patch's offset in the
// padded pictures, its outputs' offset in y, and how many of its rows and columns lie inside
// the picture. Laid once a block by layTiles, read by both transforms: a block may run over
// several small pictures, and stepping through tiles, rows and pictures inside each transform
// (a division per tile cost as much as a channel group) would repeat in all four.
const tileTable: usize = memory.data(TILES * 16, 16);

/**
 * Lays out tiles t0 … t0 + count − 1 (count ≤ TILES) of pictures padded one after another in
 * xp (hp × wp × cin4 each) with outputs one after another in y (oh × ow × cout each, or their
 * 2×2 max pools' oh / 2 × ow / 2 × cout with `pool`): each picture has th rows of tw tiles,
 * `tile` pixels apart.
 */
export function layTiles(tile: i32, th: i32, tw: i32, hp: i32, wp: i32, cin4: i32, oh: i32, ow: i32, cout: i32, t0: i32, count: i32, pool: bool): void {
  const pixelIn = (<u32>cin4) << 2;
  const pixelOut = (<u32>cout) << 2;
  const pictureIn = <u32>(hp * wp) * pixelIn;
  // Pooled, y holds pictures of (oh / 2 × ow / 2) and a tile's outputs start at half its place.
  const side = pool ? ow >> 1 : ow;
  const step = pool ? tile >> 1 : tile;
  const pictureOut = <u32>((pool ? oh >> 1 : oh) * side) * pixelOut;
  const perPicture = th * tw;
  let p = t0 / perPicture;
  let ty = (t0 % perPicture) / tw;
  let tx = t0 % tw;
  for (let i = 0; i < count; i++, tx++) {
    if (tx == tw) {
      tx = 0;
      ty++;
      if (ty == th) {
        ty = 0;
        p++;
      }
    }
    const at = tileTable + (<usize>i << 4);
    store<u32>(at, <u32>p * pictureIn + <u32>(tile * (ty * wp + tx)) * pixelIn);
    store<u32>(at, <u32>p * pictureOut + <u32>(step * (ty * side + tx)) * pixelOut, 4);
    store<i32>(at, min(tile, oh - tile * ty), 8);
    store<i32>(at, min(tile, ow - tile * tx), 12);
  }
}

/** Byte offset of block tile i's input patch in the padded pictures. */
@inline
export function patchAt(i: i32): usize {
  return <usize>load<u32>(tileTable + (<usize>i << 4));
}

/** Byte offset of block tile i's first output in y. */
@inline
export function outputAt(i: i32): usize {
  return <usize>load<u32>(tileTable + (<usize>i << 4), 4);
}

/** Rows of block tile i inside its picture (the last tiles may overhang). */
@inline
export function rowsAt(i: i32): i32 {
  return load<i32>(tileTable + (<usize>i << 4), 8);
}

/** Columns of block tile i inside its picture. */
@inline
export function colsAt(i: i32): i32 {
  return load<i32>(tileTable + (<usize>i << 4), 12);
}

/** v + b, then max(0, ·) where `relu` (as relu.ts: a NaN stays NaN): an output's last step. */
@inline
export function finish(v: v128, b: v128, relu: bool): v128 {
  const sum = f32x4.add(v, b);
  return relu ? f32x4.max(sum, f32x4.splat(0)) : sum;
}

/**
 * The largest of a 2×2 pooling window's outputs given in window order (top left, top right,
 * bottom left, bottom right): pmax takes a later value only when it is larger, so the first
 * maximum wins a tie and a NaN never replaces the running maximum, as maxPoolForward
 * (pooling.ts).
 */
@inline
export function windowMax(a: v128, b: v128, c: v128, d: v128): v128 {
  return f32x4.pmax(f32x4.pmax(f32x4.pmax(a, b), c), d);
}
