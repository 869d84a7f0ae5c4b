/**
 * What every shell says about a file's bytes before they become text: too large, or not UTF-8.
 * The desktop, the CLI and the web build read files their own way (a file descriptor, a File)
 * but refuse them with these words, so a file is refused alike wherever it is opened.
 */

/** "70.2 MiB", whole numbers without decimals ("64 MiB"); under a MiB, "100 bytes". */
export function formatSize(bytes: number): string {
  if (bytes < 2 ** 20) return `${bytes} bytes`;
  const mib = bytes / 2 ** 20;
  return `${Number.isInteger(mib) ? mib : mib.toFixed(1)} MiB`;
}

/**
 * `the file is 70.2 MiB, over the 64 MiB limit for model files`. The size is rounded up to a
 * tenth, so a file just over the limit never reads as "64.0 MiB". `bytes` null: the reader
 * stopped at the limit without knowing the whole size (a file that stats as 0 bytes, or grew).
 */
export function tooLargeMessage(options: {
  bytes: number | null;
  limit: number;
  what: string;
}): string {
  const { bytes, limit, what } = options;
  const over = `over the ${formatSize(limit)} limit for ${what}`;
  if (bytes === null) return `the file is ${over}`;
  const size =
    bytes < 2 ** 20
      ? formatSize(bytes)
      : `${(Math.ceil((bytes / 2 ** 20) * 10) / 10).toFixed(1)} MiB`;
  return `the file is ${size}, ${over}`;
}

/** `not a text file (invalid UTF-8 at byte 1)`, the offset counted from 0. */
export function notUtf8Message(offset: number): string {
  return `not a text file (invalid UTF-8 at byte ${offset})`;
}

/**
 * The offset of the first byte that is not part of well-formed UTF-8 (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or -1 when every byte is. Shells decode with
 * their own strict TextDecoder and call this only to name the place of a failure.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    // The sequence's length and the range its second byte may take (Unicode Table 3-7).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90; // overlong
      if (b === 0xf4) high = 0x8f; // past U+10FFFF
    } else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      // A truncated or broken sequence is invalid at its lead byte.
      if (next === undefined || next < (k === 1 ? low : 0x80) || next > (k === 1 ? high : 0xbf)) {
        return i;
      }
    }
    i += length;
  }
  return -1;
}
