// The layout shared by Winograd F(2×2, 3×3) (winograd.ts) and F(4×4, 3×3) (winograd4.ts):
// channels in SIMD vectors, the picture padded to whole tiles, and planes of transformed tiles.

/** Input channels as the transforms store them: rounded up to whole SIMD vectors. */
@inline
export function vectorChannels(cin: i32): i32 {
  return (cin + 3) & ~3;
}

// The planes of transformed tiles and of products (16 for F(2×2), 36 for F(4×4)) lie a little
// more than their size apart: their sizes are often powers of two (a block's 64 tiles × 16
// channels: 4 KiB), and 16 streams at such a stride fall in the same sets of the L1 cache and
// evict each other (before the skew, 64×64 16 → 16 ran 1.3× slower).
const SKEW: usize = 64;

@inline
export function planeBytes(tiles: i32, channels: i32): usize {
  return ((<usize>(tiles * channels)) << 2) + SKEW;
}

// Scratch for one tile's half-transformed values: up to 6 × 6 vectors.
export const tileBuffer: usize = memory.data(36 * 16, 16);

// Tiles transformed, multiplied and transformed back at a time: their transformed values and
// products (planes × tiles × channels each) then stay in the caches between the three steps.
// Measured on the shipped CNN's layers, 16 to 256 tiles ran alike (the 64-byte skew already
// spares the caches); blocks bound the scratch at any picture size.
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
