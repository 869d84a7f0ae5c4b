/**
 * RGB → grey as libvips (so sharp, the CLI's decoder) makes it, so the app and the CLI give a
 * model the same grey picture: each channel from sRGB to linear light, the Rec. 709 luminance
 * Y = 0.2126 R + 0.7152 G + 0.0722 B, then Y back to sRGB. The way back copies libvips': a table
 * of sRGB levels rounded at Y = i/255, interpolated linearly. That matches sharp exactly for all
 * but about 160 of the 16.7 million colours, which are 1 off; the plain formula is 1 off for 17%.
 */

/** sRGB's transfer curve: an encoded level 0..1 → linear light 0..1. */
const toLinear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
/** Its inverse: linear light 0..1 → an encoded level 0..1. */
const toEncoded = (y: number) => (y <= 0.0031308 ? 12.92 * y : 1.055 * y ** (1 / 2.4) - 0.055);

/** Byte → linear light, with Rec. 709's weight folded in, one table per channel. */
const weighted = [0.2126, 0.7152, 0.0722].map((w) =>
  Float64Array.from({ length: 256 }, (_, v) => w * toLinear(v / 255)),
) as [Float64Array, Float64Array, Float64Array];
/** Linear light i/255 → the sRGB byte, rounded, as libvips' table holds it. */
const encoded = Float64Array.from({ length: 256 }, (_, i) => Math.round(255 * toEncoded(i / 255)));

/** The grey byte of one sRGB colour (bytes 0..255). */
export function greyOf(r: number, g: number, b: number): number {
  const y = 255 * (weighted[0][r]! + weighted[1][g]! + weighted[2][b]!);
  const i = Math.min(254, Math.max(0, Math.floor(y)));
  return Math.round(encoded[i]! + (y - i) * (encoded[i + 1]! - encoded[i]!));
}

/**
 * Interleaved sRGB pixels → one grey byte each. `stride` is the bytes a pixel takes (3 for RGB,
 * 4 for RGBA, whose alpha is ignored: flatten transparent pictures first).
 */
export function rgbToGrey(pixels: ArrayLike<number>, stride: 3 | 4): Uint8Array {
  const out = new Uint8Array(Math.floor(pixels.length / stride));
  for (let p = 0; p < out.length; p++) {
    const i = p * stride;
    out[p] = greyOf(pixels[i]!, pixels[i + 1]!, pixels[i + 2]!);
  }
  return out;
}
