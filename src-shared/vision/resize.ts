/**
 * The one resampling of a decoded picture to the input layer's size, for the app and the CLI
 * alike: each decodes at full size (the browser's decoder, or sharp) and calls `fitPicture`, so
 * a photo gives the network the same bytes wherever it is read.
 *
 * - Fit: `cover` takes the largest centred region of the target's aspect ratio (fractional
 *   edges, no rounding of the crop), `fill` takes the whole picture, stretched.
 * - Filter: Lanczos 3, separable, with k source pixels per target pixel (the region's size
 *   over the target's) and the window widened by k when shrinking (as libvips and Pillow do), so
 *   the shipped model, trained on sharp's Lanczos 3, sees pictures as sharp as it learned from
 *   (an area average scored it 0.9 points lower). Pixel centres at j + 0.5.
 * - Colour: sRGB levels as decoded (no linear light); transparency is flattened onto the
 *   background first, by each pixel's own alpha; grey sources become three equal channels, and
 *   a grey target is made from the resized colours as libvips makes grey (data/grey.ts).
 * - Arithmetic: float64 throughout, rounded once at the end (halves up), so the result is the
 *   same bit for bit in every JavaScript engine.
 */
import { rgbToGrey } from '../data/grey.ts';

/** Decoded pixels, row-major and interleaved: grey, grey + alpha, RGB or RGBA bytes. */
export interface DecodedPixels {
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  data: ArrayLike<number>;
}

export type FitMode = 'cover' | 'fill';

export interface FitTarget {
  height: number;
  width: number;
  channels: 1 | 3;
  /** `cover` when not given. */
  fit?: FitMode;
  /** What transparent pixels become; `white` when not given. */
  background?: 'white' | 'black';
}

/** Names the filter and the fit rules above, for caches that must not mix pixels made otherwise. */
export const RESAMPLING = 'lanczos3, centres at j + 0.5, centred cover; v1';

/** One axis' taps: target pixel i reads source pixels first[i] … first[i] + weights[i].length − 1. */
interface Taps {
  first: Int32Array;
  weights: Float64Array[];
}

/** Lanczos' window with a = 3: sinc(x) · sinc(x / 3) for |x| < 3, else 0. */
function lanczos3(x: number): number {
  if (x === 0) return 1;
  if (x <= -3 || x >= 3) return 0;
  const px = Math.PI * x;
  return (3 * Math.sin(px) * Math.sin(px / 3)) / (px * px);
}

/**
 * The taps of one axis: a source of `size` pixels, its region [start, start + extent) made into
 * `target` pixels. Target pixel i is centred at start + (i + 0.5)·k in source coordinates
 * (source pixel j's centre is j + 0.5); when shrinking, the window widens by k, so every source
 * pixel counts. Taps past the picture's edge are left out and the rest renormalised.
 */
function axisTaps(size: number, start: number, extent: number, target: number): Taps {
  const k = extent / target;
  const stretch = Math.max(1, k);
  const first = new Int32Array(target);
  const weights: Float64Array[] = [];
  for (let i = 0; i < target; i++) {
    const centre = start + (i + 0.5) * k;
    const from = Math.max(0, Math.floor(centre - 3 * stretch));
    const to = Math.min(size, Math.ceil(centre + 3 * stretch));
    const w = new Float64Array(to - from);
    let sum = 0;
    for (let j = from; j < to; j++) sum += w[j - from] = lanczos3((j + 0.5 - centre) / stretch);
    for (let t = 0; t < w.length; t++) w[t]! /= sum;
    first[i] = from;
    weights.push(w);
  }
  return { first, weights };
}

/** The source region the target is made from: its corner and size, in source pixels. */
function region(source: DecodedPixels, target: FitTarget) {
  if ((target.fit ?? 'cover') === 'fill') {
    return { x: 0, y: 0, w: source.width, h: source.height };
  }
  const k = Math.min(source.width / target.width, source.height / target.height);
  const w = target.width * k;
  const h = target.height * k;
  return { x: (source.width - w) / 2, y: (source.height - h) / 2, w, h };
}

function checkSizes(source: DecodedPixels, target: FitTarget): void {
  const { width, height, channels, data } = source;
  if (![width, height].every((n) => Number.isInteger(n) && n >= 1)) {
    throw new Error(`fitPicture: the decoded picture is ${width}×${height}, not a picture size`);
  }
  if (![1, 2, 3, 4].includes(channels) || data.length !== width * height * channels) {
    throw new Error(
      `fitPicture: the decoded picture holds ${data.length} bytes, not ${width}×${height}×${channels}`,
    );
  }
  if (![target.width, target.height].every((n) => Number.isInteger(n) && n >= 1 && n <= 4096)) {
    throw new Error(
      `fitPicture: a picture is 1 to 4096 pixels a side, asked for ${target.width}×${target.height}`,
    );
  }
  if (target.channels !== 1 && target.channels !== 3) {
    throw new Error(
      `fitPicture: pictures have 1 (grey) or 3 (RGB) channels, asked for ${String(target.channels)}`,
    );
  }
}

/** `source` fitted to target.height × target.width × target.channels bytes (HWC, 0..255). */
export function fitPicture(source: DecodedPixels, target: FitTarget): Uint8Array {
  checkSizes(source, target);
  const { width: sw, height: sh, channels: sc, data } = source;
  const { width: tw, height: th } = target;
  const background = target.background === 'black' ? 0 : 255;
  const area = region(source, target);
  const across = axisTaps(sw, area.x, area.w, tw);
  const down = axisTaps(sh, area.y, area.h, th);
  const colour = sc >= 3;
  const alpha = sc === 2 || sc === 4;

  // The rows the vertical taps read, each resampled across first: rows × tw × RGB.
  const rowFrom = down.first[0]!;
  const rowTo = Math.max(...down.weights.map((w, i) => down.first[i]! + w.length));
  const rows = new Float64Array((rowTo - rowFrom) * tw * 3);
  for (let y = rowFrom; y < rowTo; y++) {
    const line = (y - rowFrom) * tw * 3;
    for (let x = 0; x < tw; x++) {
      const w = across.weights[x]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let t = 0; t < w.length; t++) {
        const p = (y * sw + across.first[x]! + t) * sc;
        const a = alpha ? data[p + sc - 1]! / 255 : 1;
        const under = (1 - a) * background;
        const red = data[p]!;
        r += w[t]! * (red * a + under);
        g += w[t]! * ((colour ? data[p + 1]! : red) * a + under);
        b += w[t]! * ((colour ? data[p + 2]! : red) * a + under);
      }
      rows[line + x * 3] = r;
      rows[line + x * 3 + 1] = g;
      rows[line + x * 3 + 2] = b;
    }
  }

  const rgb = new Uint8Array(th * tw * 3);
  for (let y = 0; y < th; y++) {
    const w = down.weights[y]!;
    const top = down.first[y]! - rowFrom;
    for (let i = 0; i < tw * 3; i++) {
      let v = 0;
      for (let t = 0; t < w.length; t++) v += w[t]! * rows[(top + t) * tw * 3 + i]!;
      rgb[y * tw * 3 + i] = Math.min(255, Math.max(0, Math.floor(v + 0.5)));
    }
  }
  return target.channels === 1 ? rgbToGrey(rgb, 3) : rgb;
}
