/**
 * A small BMP reader for the CLI, whose decoder (sharp's libvips) has no BMP loader. It reads
 * what paint programs and cameras write: uncompressed 24-bit and 32-bit pictures (32-bit also
 * with BI_BITFIELDS colour masks, alpha included) and 8-bit palette pictures, bottom-up or
 * top-down. Everything else is refused in one line. Every size the header declares is checked
 * against the bytes actually there before anything is allocated, so a 60-byte file cannot ask
 * for gigabytes.
 *
 * Layout (all little-endian): a 14-byte file header ("BM", file size, reserved, offset of the
 * pixels), an info header (40 bytes, or 52, 56, 108, 124 for later versions), the colour masks
 * (after a 40-byte header, with BI_BITFIELDS), the palette, then rows of pixels padded to 4 bytes.
 */

export interface BmpPicture {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, rows from the top. Opaque (255) where the file has no alpha. */
  pixels: Uint8Array;
}

/** A file that is not a BMP this reader takes; the message is the reason, for `file: reason`. */
export class BmpError extends Error {
  override name = 'BmpError';
}

/** The widest or tallest picture read: far beyond any photo, far below what a header can claim. */
export const BMP_MAX_SIDE = 32_768;
/** The most pixels read (256 MiB of RGBA). */
export const BMP_MAX_PIXELS = 2 ** 26;

const FILE_HEADER = 14;
const INFO_HEADERS = new Set([40, 52, 56, 108, 124]);
const BI_RGB = 0;
const BI_BITFIELDS = 3;
const COMPRESSION_NAMES: Record<number, string> = {
  1: 'RLE8-compressed',
  2: 'RLE4-compressed',
  4: 'JPEG-compressed',
  5: 'PNG-compressed',
  6: 'alpha-bitfield',
};
const READ = 'only uncompressed 24-bit and 32-bit and 8-bit palette BMPs are read; save it as PNG';

/** The picture's size from its header alone (checked as `decodeBmp` checks it). */
export function bmpDimensions(bytes: Uint8Array): { width: number; height: number } {
  const { width, height } = readHeader(bytes);
  return { width, height };
}

export function decodeBmp(bytes: Uint8Array): BmpPicture {
  const header = readHeader(bytes);
  const { width, height, bits, topDown, dataOffset, view } = header;
  const rowBytes = Math.ceil((width * bits) / 32) * 4;
  const pixels = new Uint8Array(width * height * 4);
  const palette = bits === 8 ? readPalette(bytes, header) : null;
  const masks = bits === 32 ? header.masks : null;
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * rowBytes;
    let out = y * width * 4;
    for (let x = 0; x < width; x++, out += 4) {
      if (palette) {
        const index = bytes[row + x]!;
        if (index * 4 >= palette.length) {
          throw new BmpError(
            `damaged BMP: pixel (${x}, ${y}) is colour ${index} of a ${palette.length / 4}-colour palette`,
          );
        }
        pixels[out] = palette[index * 4 + 2]!;
        pixels[out + 1] = palette[index * 4 + 1]!;
        pixels[out + 2] = palette[index * 4]!;
        pixels[out + 3] = 255;
      } else if (masks) {
        const value = view.getUint32(row + x * 4, true);
        pixels[out] = masks.red(value);
        pixels[out + 1] = masks.green(value);
        pixels[out + 2] = masks.blue(value);
        pixels[out + 3] = masks.alpha ? masks.alpha(value) : 255;
      } else {
        const at = row + x * 3;
        pixels[out] = bytes[at + 2]!;
        pixels[out + 1] = bytes[at + 1]!;
        pixels[out + 2] = bytes[at]!;
        pixels[out + 3] = 255;
      }
    }
  }
  return { width, height, pixels };
}

interface Header {
  width: number;
  height: number;
  bits: 8 | 24 | 32;
  topDown: boolean;
  dataOffset: number;
  infoSize: number;
  colorsUsed: number;
  masks: Masks;
  view: DataView;
}

interface Masks {
  red: (value: number) => number;
  green: (value: number) => number;
  blue: (value: number) => number;
  alpha: ((value: number) => number) | null;
}

function readHeader(bytes: Uint8Array): Header {
  if (bytes.length < FILE_HEADER + 40 || bytes[0] !== 0x42 || bytes[1] !== 0x4d) {
    throw new BmpError(
      bytes[0] === 0x42 && bytes[1] === 0x4d
        ? `damaged BMP: ${bytes.length} bytes, too short for its headers`
        : 'not a BMP picture',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const infoSize = view.getUint32(14, true);
  if (!INFO_HEADERS.has(infoSize)) {
    throw new BmpError(
      infoSize === 12
        ? `an OS/2 (BITMAPCOREHEADER) BMP; ${READ}`
        : `damaged BMP: an info header of ${infoSize} bytes`,
    );
  }
  if (bytes.length < FILE_HEADER + infoSize) {
    throw new BmpError(`damaged BMP: ${bytes.length} bytes, too short for its headers`);
  }
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const planes = view.getUint16(26, true);
  const bits = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  const colorsUsed = view.getUint32(46, true);
  if (planes !== 1) throw new BmpError(`damaged BMP: ${planes} colour planes, not 1`);
  if (COMPRESSION_NAMES[compression]) {
    throw new BmpError(`a ${COMPRESSION_NAMES[compression]} BMP; ${READ}`);
  }
  if (compression !== BI_RGB && compression !== BI_BITFIELDS) {
    throw new BmpError(`damaged BMP: unknown compression ${compression}`);
  }
  if (!isReadDepth(bits)) throw new BmpError(`a ${bits}-bit BMP; ${READ}`);
  if (compression === BI_BITFIELDS && bits !== 32) {
    throw new BmpError(`a ${bits}-bit BMP with colour masks; ${READ}`);
  }
  const height = Math.abs(rawHeight);
  if (width < 1 || height < 1) {
    throw new BmpError(`damaged BMP: its size is ${width}×${rawHeight} pixels`);
  }
  if (width > BMP_MAX_SIDE || height > BMP_MAX_SIDE || width * height > BMP_MAX_PIXELS) {
    throw new BmpError(
      `a ${width}×${height} BMP, larger than the ${BMP_MAX_SIDE}×${BMP_MAX_SIDE} pixels (${BMP_MAX_PIXELS} in all) read`,
    );
  }
  // The pixels the header declares must all be in the file: checked before any allocation.
  const rowBytes = Math.ceil((width * bits) / 32) * 4;
  const end = dataOffset + rowBytes * height;
  if (dataOffset < FILE_HEADER + infoSize || end > bytes.length) {
    throw new BmpError(
      `damaged BMP: its ${width}×${height} pixels need bytes ${dataOffset} to ${end}, but the file has ${bytes.length}`,
    );
  }
  return {
    width,
    height,
    bits,
    topDown: rawHeight < 0,
    dataOffset,
    infoSize,
    colorsUsed,
    view,
    masks: readMasks(view, { infoSize, compression, dataOffset }),
  };
}

const isReadDepth = (bits: number): bits is 8 | 24 | 32 => bits === 8 || bits === 24 || bits === 32;

/** 32-bit colour: the masks a BI_BITFIELDS file gives, else BI_RGB's blue, green, red, unused. */
function readMasks(
  view: DataView,
  h: { infoSize: number; compression: number; dataOffset: number },
): Masks {
  if (h.compression !== BI_BITFIELDS) {
    return {
      red: (v) => (v >>> 16) & 0xff,
      green: (v) => (v >>> 8) & 0xff,
      blue: (v) => v & 0xff,
      alpha: null,
    };
  }
  // In the info header from version 2 (52 bytes) on; else the 12 bytes right after it.
  const at = FILE_HEADER + 40;
  if (h.infoSize === 40 && h.dataOffset < at + 12) {
    throw new BmpError('damaged BMP: its colour masks overlap its pixels');
  }
  const mask = (offset: number) => view.getUint32(at + offset, true);
  const hasAlpha = h.infoSize >= 56;
  return {
    red: channel(mask(0), 'red'),
    green: channel(mask(4), 'green'),
    blue: channel(mask(8), 'blue'),
    alpha: hasAlpha && mask(12) !== 0 ? channel(mask(12), 'alpha') : null,
  };
}

/** A mask's bits scaled to 0..255 (a 5-bit field's 31 becomes 255). */
function channel(mask: number, name: string): (value: number) => number {
  if (mask === 0) throw new BmpError(`damaged BMP: its ${name} mask is empty`);
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  if ((max & (max + 1)) !== 0) {
    throw new BmpError(
      `damaged BMP: its ${name} mask 0x${mask.toString(16)} is not one run of bits`,
    );
  }
  return (value) => Math.round((((value & mask) >>> shift) * 255) / max);
}

/** The palette's entries (blue, green, red, unused), all of them inside the file. */
function readPalette(bytes: Uint8Array, h: Header): Uint8Array {
  const count = h.colorsUsed === 0 ? 256 : h.colorsUsed;
  const start = FILE_HEADER + h.infoSize;
  if (count > 256 || start + count * 4 > h.dataOffset) {
    throw new BmpError(
      `damaged BMP: a palette of ${h.colorsUsed || 256} colours does not fit before its pixels`,
    );
  }
  return bytes.subarray(start, start + count * 4);
}
