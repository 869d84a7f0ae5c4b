import { describe, expect, it } from 'vitest';
import { bmpDimensions, decodeBmp } from './bmp.ts';
import { encodeBmp } from './bmp-test-support.ts';

/** A 5×3 picture (odd width, so 24-bit and 8-bit rows carry padding) of distinct colours. */
const width = 5;
const height = 3;
const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) =>
  i % 4 === 3 ? 255 : (i * 37 + 11) % 256,
);

describe('decodeBmp', () => {
  it.each([
    { bits: 24, topDown: false },
    { bits: 24, topDown: true },
    { bits: 32, topDown: false },
    { bits: 32, topDown: true },
    { bits: 8, topDown: false },
    { bits: 8, topDown: true },
  ] as const)('reads $bits-bit pixels, top-down: $topDown', ({ bits, topDown }) => {
    const picture = decodeBmp(encodeBmp({ width, height, rgba, bits, topDown }));
    expect({ width: picture.width, height: picture.height }).toEqual({ width, height });
    expect(Array.from(picture.pixels)).toEqual(Array.from(rgba));
  });

  it('reads 32-bit colour masks, alpha included', () => {
    const translucent = rgba.map((v, i) => (i % 4 === 3 ? (i * 13) % 256 : v));
    const bytes = encodeBmp({ width, height, rgba: translucent, bits: 32, masks: true });
    expect(Array.from(decodeBmp(bytes).pixels)).toEqual(Array.from(translucent));
    expect(bmpDimensions(bytes)).toEqual({ width, height });
  });

  it('refuses a header that claims more pixels than the file holds, before allocating', () => {
    const bytes = encodeBmp({ width: 2, height: 2, rgba: new Uint8Array(16), bits: 24 });
    const view = new DataView(bytes.buffer);
    view.setInt32(18, 30_000, true);
    view.setInt32(22, 30_000, true);
    // 30000×30000 is 900 million pixels: refused by the limit, not by running out of memory.
    expect(() => decodeBmp(bytes)).toThrow(
      'a 30000×30000 BMP, larger than the 32768×32768 pixels (67108864 in all) read',
    );
    view.setInt32(18, 1000, true);
    view.setInt32(22, 1000, true);
    expect(() => decodeBmp(bytes)).toThrow(
      'damaged BMP: its 1000×1000 pixels need bytes 54 to 3000054, but the file has 70',
    );
    expect(() => decodeBmp(bytes.subarray(0, 30))).toThrow(
      'damaged BMP: 30 bytes, too short for its headers',
    );
  });

  it('refuses what it does not read, in one line', () => {
    const bmp = () => encodeBmp({ width: 2, height: 2, rgba: new Uint8Array(16), bits: 24 });
    const patched = (offset: number, value: number, size: 16 | 32 = 32) => {
      const bytes = bmp();
      const view = new DataView(bytes.buffer);
      if (size === 16) view.setUint16(offset, value, true);
      else view.setUint32(offset, value, true);
      return bytes;
    };
    const read =
      'only uncompressed 24-bit and 32-bit and 8-bit palette BMPs are read; save it as PNG';
    expect(() => decodeBmp(patched(30, 1))).toThrow(`a RLE8-compressed BMP; ${read}`);
    expect(() => decodeBmp(patched(28, 16, 16))).toThrow(`a 16-bit BMP; ${read}`);
    expect(() => decodeBmp(patched(28, 4, 16))).toThrow(`a 4-bit BMP; ${read}`);
    expect(() => decodeBmp(patched(14, 12))).toThrow(`an OS/2 (BITMAPCOREHEADER) BMP; ${read}`);
    expect(() => decodeBmp(patched(14, 0))).toThrow('damaged BMP: an info header of 0 bytes');
    expect(() => decodeBmp(patched(26, 2, 16))).toThrow('damaged BMP: 2 colour planes, not 1');
    expect(() => decodeBmp(patched(18, 0))).toThrow('damaged BMP: its size is 0×2 pixels');
    expect(() => decodeBmp(new TextEncoder().encode('GIF89a'))).toThrow('not a BMP picture');
  });

  it('refuses a palette index beyond the palette, and a palette that overlaps the pixels', () => {
    const two = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255]);
    const bytes = encodeBmp({ width: 2, height: 1, rgba: two, bits: 8 });
    expect(Array.from(decodeBmp(bytes).pixels)).toEqual(Array.from(two));
    const offset = new DataView(bytes.buffer).getUint32(10, true);
    bytes[offset + 1] = 7;
    expect(() => decodeBmp(bytes)).toThrow(
      'damaged BMP: pixel (1, 0) is colour 7 of a 2-colour palette',
    );
    new DataView(bytes.buffer).setUint32(46, 200, true);
    expect(() => decodeBmp(bytes)).toThrow(
      'damaged BMP: a palette of 200 colours does not fit before its pixels',
    );
  });
});
