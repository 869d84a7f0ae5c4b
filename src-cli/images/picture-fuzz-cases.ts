/**
 * Test support (tests and `npm run fuzz` only): fast-check generators of picture bytes made from
 * small valid pictures (cut short, bytes flipped, garbage appended, huge or zero sizes declared
 * in the header with its checksum fixed), and the property every picture must keep.
 */
import fc from 'fast-check';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { must, mustBeOneLine, type Outcome } from '../../src-shared/test-support/fuzz.ts';
import { decodeImage, PictureError, type PictureShape } from './decode.ts';

/** What every case decodes to: small, so a case costs the decoder's work and not ours. */
export const FUZZ_SHAPE: PictureShape = { height: 8, width: 8, channels: 3 };

/** Valid 7×5 pictures of noise, one per format decoded, to mutate. */
export async function pictureBases(): Promise<Uint8Array[]> {
  const pixels = Uint8Array.from({ length: 7 * 5 * 3 }, (_, i) => (i * 97) % 256);
  const picture = () => sharp(pixels, { raw: { width: 7, height: 5, channels: 3 } });
  return Promise.all([
    picture().png().toBuffer(),
    picture().jpeg().toBuffer(),
    picture().jpeg({ progressive: true }).toBuffer(),
    picture().webp().toBuffer(),
    picture().gif().toBuffer(),
  ]);
}

/** Sizes a header may declare: zero, ordinary, past sharp's pixel limit, the format's largest. */
const declared = fc.constantFrom(0, 1, 8, 4096, 16383, 16384, 65535, 2 ** 31 - 1, 2 ** 32 - 1);

/** Writes width × height into a PNG's IHDR (fixing its CRC) or a JPEG's start-of-frame. */
export function declareSize(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer);
  if (out[1] === 0x50 && out.length > 33) {
    view.setUint32(16, width);
    view.setUint32(20, height);
    view.setUint32(29, crc32(out.subarray(12, 29)));
    return out;
  }
  for (let i = 2; i + 9 < out.length; i++) {
    // SOF0 (baseline) or SOF2 (progressive): FF C0/C2, length, precision, height, width.
    if (out[i] === 0xff && (out[i + 1] === 0xc0 || out[i + 1] === 0xc2)) {
      view.setUint16(i + 5, height & 0xffff);
      view.setUint16(i + 7, width & 0xffff);
      break;
    }
  }
  return out;
}

type Change =
  | { kind: 'cut'; at: number }
  | { kind: 'flip'; edits: { at: number; byte: number }[] }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'size'; width: number; height: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('flip' as const),
    edits: fc.array(
      fc.record({
        at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        byte: fc.integer({ min: 0, max: 255 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({ kind: fc.constant('size' as const), width: declared, height: declared }),
);

function apply(bytes: Uint8Array, c: Change): Uint8Array {
  switch (c.kind) {
    case 'cut':
      return bytes.subarray(0, Math.floor(c.at * bytes.length));
    case 'flip': {
      const out = Uint8Array.from(bytes);
      for (const { at, byte } of c.edits) out[Math.floor(at * out.length)] = byte;
      return out;
    }
    case 'append':
      return Uint8Array.from([...bytes, ...c.bytes]);
    case 'size':
      return declareSize(bytes, c.width, c.height);
    default:
      throw new Error(`unknown change ${(c as { kind: string }).kind}`);
  }
}

/** Bytes made from one of `bases`: one to three changes, or noise behind a format's magic. */
export function pictureBytes(bases: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const mutated = fc
    .record({
      base: fc.constantFrom(...bases),
      changes: fc.array(change, { minLength: 1, maxLength: 3 }),
    })
    .map(({ base, changes }) => changes.reduce(apply, base));
  const magic = fc.constantFrom(
    [0xff, 0xd8, 0xff],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    [...'GIF89a'].map((c) => c.charCodeAt(0)),
    [...'RIFF\0\0\0\0WEBPVP8 '].map((c) => c.charCodeAt(0)),
    [...'BM'].map((c) => c.charCodeAt(0)),
    [...'<svg>'].map((c) => c.charCodeAt(0)),
    [],
  );
  const noise = fc
    .tuple(magic, fc.uint8Array({ maxLength: 256 }))
    .map(([head, tail]) => Uint8Array.from([...head, ...tail]));
  return fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: noise });
}

/**
 * The property: the bytes decode to the shape's pixels, which saved losslessly decode to the
 * same pixels again, or are refused with a one-line PictureError.
 */
export async function checkPicture(bytes: Uint8Array): Promise<Outcome> {
  let pixels: Uint8Array;
  try {
    pixels = await decodeImage(bytes, FUZZ_SHAPE, 'fuzz.pic');
  } catch (error) {
    if (!(error instanceof PictureError)) throw error;
    mustBeOneLine(error.message);
    must(error.message.startsWith('fuzz.pic: '), 'the message names the file');
    return 'refused';
  }
  const { height, width, channels } = FUZZ_SHAPE;
  must(pixels.length === height * width * channels, `${height}×${width}×${channels} bytes`);
  const png = await sharp(pixels, { raw: { width, height, channels } }).png().toBuffer();
  const again = await decodeImage(png, FUZZ_SHAPE, 'again.png');
  must(Buffer.from(again).equals(Buffer.from(pixels)), 'the pixels saved as PNG decode the same');
  return 'accepted';
}
