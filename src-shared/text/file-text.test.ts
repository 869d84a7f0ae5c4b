import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { formatSize, invalidUtf8Offset, notUtf8Message, tooLargeMessage } from './file-text.ts';

const decodes = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('invalidUtf8Offset', () => {
  it('finds the first byte that is not well-formed UTF-8', () => {
    const at = (...bytes: number[]) => invalidUtf8Offset(Uint8Array.from(bytes));
    expect(at()).toBe(-1);
    expect(at(...new TextEncoder().encode('réseau ✓ 😀'))).toBe(-1);
    expect(at(0x7b, 0xff, 0x7d)).toBe(1);
    expect(at(0x41, 0xc0, 0x80)).toBe(1); // overlong "\0"
    expect(at(0xe0, 0x80, 0x80)).toBe(0); // overlong
    expect(at(0x61, 0xed, 0xa0, 0x80)).toBe(1); // a surrogate
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // past U+10FFFF
    expect(at(0x61, 0x62, 0xe2, 0x9c)).toBe(2); // cut short
    expect(at(0xe2, 0x9c, 0x93, 0x80)).toBe(3); // a lone continuation byte
  });

  it('agrees with a strict TextDecoder on random bytes', () => {
    const random = new RandomState(13);
    for (let trial = 0; trial < 2000; trial++) {
      // Mostly valid text with a few bytes changed, so failures come at varied places.
      const text = new TextEncoder().encode('aé✓😀'.repeat(1 + (trial % 5)));
      const flips = random.randint(0, 3);
      for (let k = 0; k < flips; k++) {
        text[random.randint(0, text.length)] = random.randint(0, 256);
      }
      const offset = invalidUtf8Offset(text);
      expect(offset === -1).toBe(decodes(text));
      if (offset >= 0) expect(decodes(text.subarray(0, offset))).toBe(true);
    }
  });
});

describe('messages', () => {
  it('words sizes, rounding a file up to a tenth of a MiB', () => {
    const limit = 64 * 2 ** 20;
    expect(tooLargeMessage({ bytes: 70.2 * 2 ** 20, limit, what: 'model files' })).toBe(
      'the file is 70.2 MiB, over the 64 MiB limit for model files',
    );
    expect(tooLargeMessage({ bytes: limit + 1, limit, what: 'model files' })).toBe(
      'the file is 64.1 MiB, over the 64 MiB limit for model files',
    );
    expect(tooLargeMessage({ bytes: null, limit: 100, what: 'data files' })).toBe(
      'the file is over the 100 bytes limit for data files',
    );
    expect(formatSize(2 ** 20)).toBe('1 MiB');
    expect(notUtf8Message(7)).toBe('not a text file (invalid UTF-8 at byte 7)');
  });
});
