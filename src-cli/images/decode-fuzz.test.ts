/**
 * The picture decoder under fast-check: small valid pictures cut short, with bytes flipped,
 * garbage appended or huge sizes declared, and noise behind each format's first bytes. Each
 * decodes to pixels that save and decode the same, or is refused in one line.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUZZ_SEED } from '../../src-shared/test-support/fuzz.ts';
import { decodeImage } from './decode.ts';
import {
  checkPicture,
  declareSize,
  FUZZ_SHAPE,
  pictureBases,
  pictureBytes,
} from './picture-fuzz-cases.ts';

let bases: Uint8Array[];
beforeAll(async () => {
  bases = await pictureBases();
});

describe(`the picture decoder (fast-check seed ${FUZZ_SEED})`, () => {
  it('decodes mutated pictures to pixels that round-trip, or refuses them in one line', async () => {
    const outcomes = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(pictureBytes(bases), async (bytes) => {
        outcomes[await checkPicture(bytes)]++;
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
    expect(outcomes.accepted).toBeGreaterThan(15);
    expect(outcomes.refused).toBeGreaterThan(100);
  });
});

describe('declared sizes', () => {
  it('refuses a PNG or JPEG header that declares 65535×65535 pixels, naming the limit', async () => {
    const [png, jpeg] = bases;
    for (const [bytes, name] of [
      [declareSize(png!, 65535, 65535), 'huge.png'],
      [declareSize(png!, 16384, 8193), 'wide.png'],
      [declareSize(jpeg!, 65535, 65535), 'huge.jpg'],
    ] as const) {
      await expect(decodeImage(bytes, FUZZ_SHAPE, name)).rejects.toThrow(
        `${name}: too large: its header declares more than 134,217,728 pixels (or a side over 65,500)`,
      );
    }
  });
});
