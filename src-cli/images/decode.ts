/**
 * One picture file → exactly height × width × channels bytes (HWC, 0..255): sharp (libvips)
 * decodes it at full size, and the one resampling the app uses too (src-shared/vision/resize.ts)
 * fits it to the shape, so the CLI and the app give a model the same bytes.
 *
 * - Size: `cover` (the default) takes the centred region of the target's shape, so nothing is
 *   stretched; `fill` stretches the whole picture to the target.
 * - Colour: sRGB levels as stored. An embedded ICC profile is ignored, as the app's decoder is
 *   told to ignore it (`colorSpaceConversion: 'none'`); CMYK JPEGs become sRGB. Alpha is
 *   flattened onto white (or black); grey pictures get three equal channels when 3 are asked
 *   for, colour pictures are turned grey when 1 is asked for.
 * - Orientation: the EXIF orientation is applied (as `createImageBitmap` does), so phone photos
 *   stand upright.
 * - Formats: raster pictures only, recognised by their first bytes whatever their name. An SVG
 *   is a program that may load other files (`xlink:href="file:///…"`), so libvips' loaders are
 *   blocked for this process except JPEG, PNG, WebP and GIF, and nothing else reaches them.
 *   libvips has no BMP loader of its own (sharp's build leaves out ImageMagick), so BMPs are
 *   read by the core's small reader (src-shared/vision/bmp.ts) and resampled the same way.
 */
import sharp from 'sharp';
import { bmpDimensions, BmpError, decodeBmp } from '../../src-shared/vision/bmp.ts';
import { fitPicture, RESAMPLING, type FitMode } from '../../src-shared/vision/resize.ts';
import { readFileBytes, ReadError } from '../../src-node/files.ts';

/** The formats sharp decodes, and libvips' loader of each (a block covers its subclasses). */
const LOADERS = {
  jpeg: 'VipsForeignLoadJpeg',
  png: 'VipsForeignLoadPng',
  webp: 'VipsForeignLoadWebp',
  gif: 'VipsForeignLoadNsgif',
} as const;

sharp.block({ operation: ['VipsForeignLoad'] });
sharp.unblock({ operation: Object.values(LOADERS) });

/** The core's BMP reader, by version: a cache made by another reader is not trusted. */
const BMP_READER = 'bmp-1';

/** Pictures are read as bytes first: far above any photo, far below what would stall a run. */
export const PICTURE_LIMIT = { maxBytes: 256 * 2 ** 20, what: 'pictures' } as const;

/** The raster formats read; anything else is refused before a decoder sees it. */
type RasterFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp';

/** The format the file's first bytes announce (its name says nothing), or null. */
export function rasterFormat(bytes: Uint8Array): RasterFormat | null {
  const ascii = (from: number, to: number) =>
    String.fromCharCode(...bytes.subarray(from, Math.min(to, bytes.length)));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 2) === 'BM') return 'bmp';
  return null;
}

/** Why bytes that are not a raster picture are refused, naming an SVG as such. */
function notRasterReason(bytes: Uint8Array): string {
  const head = String.fromCharCode(...bytes.subarray(0, 4096));
  if (/<svg[\s>]/i.test(head)) {
    return 'not a picture (an SVG drawing; only JPEG, PNG, WebP, GIF and BMP pictures are read)';
  }
  return 'not a picture (unsupported image format)';
}

/** Returns when the bytes are a picture this build decodes; throws a PictureError otherwise. */
function checkRaster(bytes: Uint8Array, name: string): void {
  if (bytes.length === 0) throw new PictureError(name, 'empty file');
  const format = rasterFormat(bytes);
  if (format === null) throw new PictureError(name, notRasterReason(bytes));
}

/** The BMP reader's result, its refusals as PictureErrors. */
function readBmp<T>(bytes: Uint8Array, name: string, read: (bytes: Uint8Array) => T): T {
  try {
    return read(bytes);
  } catch (error) {
    if (error instanceof BmpError) throw new PictureError(name, error.message);
    throw error;
  }
}

/** The picture at full size: sharp's decoding (upright, sRGB), or a BMP's pixels as stored. */
async function decodeFull(bytes: Uint8Array, name: string) {
  if (rasterFormat(bytes) === 'bmp') {
    const { width, height, pixels } = readBmp(bytes, name, decodeBmp);
    return { width, height, channels: 4 as const, data: pixels };
  }
  let decoded;
  try {
    decoded = await sharp(bytes, {
      failOn: DECODE_OPTIONS.failOn,
      ignoreIcc: DECODE_OPTIONS.ignoreIcc,
      limitInputPixels: DECODE_OPTIONS.limitInputPixels,
    })
      .autoOrient()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new PictureError(name, reasonOf(error, bytes));
  }
  const { data, info } = decoded;
  return { width: info.width, height: info.height, channels: info.channels, data };
}

/** A picture file's bytes through the one reader: not a FIFO or a device, within the limit. */
async function readPicture(path: string, name: string): Promise<Uint8Array> {
  try {
    return await readFileBytes(path, { ...PICTURE_LIMIT, name });
  } catch (error) {
    if (error instanceof ReadError) throw new PictureError(name, error.reason);
    throw error;
  }
}

export type ResizeMode = FitMode;

export interface PictureShape {
  height: number;
  width: number;
  channels: 1 | 3;
  /** How a picture of another shape is fitted; `cover` when not given. */
  resize?: ResizeMode;
  /** What transparent pixels become; `white` when not given. */
  background?: 'white' | 'black';
}

/**
 * The decoding choices beyond the shape: the CLI's picture cache keys on these and on libvips'
 * version, so pixels from another decoder or other options are never mixed with new ones.
 * `truncated` rejects cut-short files but tolerates the harmless warnings of real-world JPEGs.
 */
export const DECODE_OPTIONS = {
  failOn: 'truncated',
  ignoreIcc: true,
  resampling: RESAMPLING,
  /**
   * Pixels a picture's header may declare: 134 million (a 100-megapixel photo fits). A header
   * that says 65535×65535 is refused before any pixel is decoded.
   */
  limitInputPixels: 2 ** 27,
} as const;

/**
 * What made the pixels: libvips' version, the options above and the formats read (caches made
 * when other formats, an SVG among them, were decoded are not trusted).
 */
export const decoderIdentity = () => ({
  vips: sharp.versions.vips,
  ...DECODE_OPTIONS,
  formats: [...Object.keys(LOADERS), BMP_READER],
});

/** A file that is not a picture, or is damaged: `file` as messages name it, and why. */
export class PictureError extends Error {
  override name = 'PictureError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/**
 * Decodes a picture given as a path or as the file's bytes. `name` is what errors call it
 * (`Cat/12.jpg`); the path by default. Throws PictureError for anything that does not decode.
 */
export async function decodeImage(
  input: string | Uint8Array,
  shape: PictureShape,
  name = typeof input === 'string' ? input : 'picture',
): Promise<Uint8Array> {
  checkShape(shape);
  const { height, width, channels } = shape;
  const bytes = typeof input === 'string' ? await readPicture(input, name) : input;
  checkRaster(bytes, name);
  const source = await decodeFull(bytes, name);
  if (source.channels < 1 || source.channels > 4) {
    throw new PictureError(name, `decoded to ${source.channels} channels, expected 1 to 4`);
  }
  return fitPicture(source, {
    height,
    width,
    channels,
    fit: shape.resize ?? 'cover',
    background: shape.background ?? 'white',
  });
}

/** `weightcraft predict`'s one file, refused as a folder lists it when it cannot be read. */
export async function decodeImageFile(path: string, shape: PictureShape): Promise<Uint8Array> {
  return decodeImage(path, shape, path);
}

/**
 * A file's size as a picture stands upright (width × height pixels), or null when it is not a
 * picture: how `evaluate` and `predict` name a picture given to a model that takes rows.
 */
export async function pictureDimensions(
  path: string,
): Promise<{ width: number; height: number } | null> {
  try {
    const bytes = await readPicture(path, path);
    checkRaster(bytes, path);
    if (rasterFormat(bytes) === 'bmp') return readBmp(bytes, path, bmpDimensions);
    const { autoOrient } = await sharp(bytes).metadata();
    return { width: autoOrient.width, height: autoOrient.height };
  } catch {
    return null;
  }
}

function checkShape({ height, width, channels, resize }: PictureShape): void {
  for (const [label, value] of [
    ['height', height],
    ['width', width],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 4096) {
      throw new Error(`the picture ${label} must be a whole number from 1 to 4096, found ${value}`);
    }
  }
  if (channels !== 1 && channels !== 3) {
    throw new Error(`pictures have 1 (grey) or 3 (RGB) channels, found ${String(channels)}`);
  }
  if (resize !== undefined && resize !== 'cover' && resize !== 'fill') {
    throw new Error(`the resize mode is cover or fill, found ${String(resize)}`);
  }
}

/**
 * libvips' messages, in words for people who gave a folder of pictures. Under concurrent
 * decoding libvips sometimes loses the message ("Unknown error"), so a cut-short JPEG or PNG is
 * also recognised by its missing end marker.
 */
function reasonOf(error: unknown, bytes: Uint8Array): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format/i.test(message)) {
    return 'not a picture (unsupported image format)';
  }
  if (/exceeds pixel limit|maximum supported image dimension/i.test(message)) {
    const limit = DECODE_OPTIONS.limitInputPixels.toLocaleString('en-US');
    return `too large: its header declares more than ${limit} pixels (or a side over 65,500)`;
  }
  const detail = /^unknown error$/i.test(firstLine(message)) ? '' : ` (${firstLine(message)})`;
  const truncated = /premature end|truncated|end of (input|file)|unexpected end/i.test(message);
  if (truncated || endsEarly(bytes)) return `damaged: the file ends too early${detail}`;
  return `cannot decode${detail || ' (no reason given)'}`;
}

/** A JPEG without its end-of-image marker FF D9, or a PNG without its IEND chunk. */
function endsEarly(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64)));
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return !tail.includes(Buffer.from([0xff, 0xd9]));
  if (Buffer.from(bytes.subarray(1, 4)).toString('latin1') === 'PNG') return !tail.includes('IEND');
  return false;
}

const firstLine = (text: string) => text.split('\n')[0]!.trim();
