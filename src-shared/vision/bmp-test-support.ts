/**
 * Writes BMP files from pixels, for tests: the layouts the reader takes (24-bit, 32-bit with or
 * without colour masks, 8-bit palette; bottom-up or top-down), written from the format's
 * definition rather than by the reader's own code, so a reader bug cannot hide in both.
 */

export interface BmpSpec {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, rows from the top. */
  rgba: Uint8Array;
  bits: 8 | 24 | 32;
  /** Rows stored from the top (a negative height in the header). */
  topDown?: boolean;
  /** 32-bit: a BITMAPV5HEADER with RGBA masks (red in the low byte), alpha kept. */
  masks?: boolean;
}

export function encodeBmp(spec: BmpSpec): Uint8Array {
  const { width, height, rgba, bits, topDown = false, masks = false } = spec;
  const infoSize = masks ? 124 : 40;
  // 8-bit: a palette of the distinct colours, in order of first use.
  const colours: number[] = [];
  const indices: number[] = [];
  if (bits === 8) {
    for (let p = 0; p < width * height; p++) {
      const key = (rgba[p * 4]! << 16) | (rgba[p * 4 + 1]! << 8) | rgba[p * 4 + 2]!;
      let i = colours.indexOf(key);
      if (i < 0) i = colours.push(key) - 1;
      indices.push(i);
    }
    if (colours.length > 256) throw new Error('more than 256 colours for an 8-bit BMP');
  }
  const paletteBytes = colours.length * 4;
  const rowBytes = Math.ceil((width * bits) / 32) * 4;
  const offset = 14 + infoSize + paletteBytes;
  const bytes = new Uint8Array(offset + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // B
  bytes[1] = 0x4d; // M
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, infoSize, true);
  view.setInt32(18, width, true);
  view.setInt32(22, topDown ? -height : height, true);
  view.setUint16(26, 1, true);
  view.setUint16(28, bits, true);
  view.setUint32(30, masks ? 3 : 0, true);
  view.setUint32(34, rowBytes * height, true);
  view.setUint32(46, colours.length, true);
  if (masks) {
    view.setUint32(54, 0x000000ff, true); // red
    view.setUint32(58, 0x0000ff00, true); // green
    view.setUint32(62, 0x00ff0000, true); // blue
    view.setUint32(66, 0xff000000, true); // alpha
  }
  colours.forEach((key, i) => {
    const at = 14 + infoSize + i * 4;
    bytes[at] = key & 0xff;
    bytes[at + 1] = (key >> 8) & 0xff;
    bytes[at + 2] = (key >> 16) & 0xff;
  });
  for (let y = 0; y < height; y++) {
    const row = offset + (topDown ? y : height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const [r, g, b, a] = [rgba[p * 4]!, rgba[p * 4 + 1]!, rgba[p * 4 + 2]!, rgba[p * 4 + 3]!];
      if (bits === 8) bytes[row + x] = indices[p]!;
      else if (bits === 24) bytes.set([b, g, r], row + x * 3);
      else if (masks) bytes.set([r, g, b, a], row + x * 4);
      else bytes.set([b, g, r, 0], row + x * 4);
    }
  }
  return bytes;
}
