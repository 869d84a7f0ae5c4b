/**
 * The one reader's bytes under fast-check: a valid model file with bytes that break UTF-8
 * (lone continuation bytes, overlong forms, surrogates, code points past U+10FFFF, a sequence
 * cut short) put anywhere. Each file reads as text that then opens or is refused in one line,
 * or is refused as not UTF-8 naming exactly the first bad byte.
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkModelText } from '../src-shared/model-file/fuzz-cases.ts';
import { FUZZ_SEED } from '../src-shared/test-support/fuzz.ts';
import { readTextFile, ReadError } from './files.ts';

const dir = mkdtempSync(join(tmpdir(), 'weightcraft-files-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const base = readFileSync(
  new URL('../src-shared/model-file/fixtures/notebook-v4.json', import.meta.url),
);

const BAD = [[0x80], [0xbf], [0xc0, 0x80], [0xc1, 0xbf], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80]]
  .concat([[0xf4, 0x90, 0x80, 0x80], [0xf5], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98]])
  .map((bytes) => Uint8Array.from(bytes));
const GOOD = ['é', '😀', '\u0000', '\ufeff'].map((text) => new TextEncoder().encode(text));

const file = fc
  .array(
    fc.record({
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      bytes: fc.oneof(fc.constantFrom(...BAD, ...GOOD), fc.uint8Array({ maxLength: 3 })),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((inserts) =>
    inserts.reduce((bytes, { at, bytes: insert }) => {
      const i = Math.floor(at * bytes.length);
      return Buffer.concat([bytes.subarray(0, i), insert, bytes.subarray(i)]);
    }, base),
  );

/** Whether the bytes are well-formed UTF-8, by the platform's strict decoder. */
const isUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe(`the one reader's bytes (fast-check seed ${FUZZ_SEED})`, () => {
  it('reads UTF-8 as text, and names the first byte that is not', async () => {
    let n = 0;
    const outcomes = { text: 0, notUtf8: 0 };
    await fc.assert(
      fc.asyncProperty(file, async (bytes) => {
        const path = join(dir, `case-${n++}.wcmodel`);
        writeFileSync(path, bytes);
        try {
          checkModelText(await readTextFile(path, { name: 'case.wcmodel' }));
          outcomes.text++;
        } catch (error) {
          if (!(error instanceof ReadError)) throw error;
          const offset = Number(/invalid UTF-8 at byte (\d+)\)$/.exec(error.message)?.[1]);
          expect(error.message).toBe(
            `case.wcmodel: not a text file (invalid UTF-8 at byte ${offset})`,
          );
          // Everything before the named byte is UTF-8; with the sequence it starts, it is not.
          expect(isUtf8(bytes.subarray(0, offset))).toBe(true);
          expect(isUtf8(bytes.subarray(0, offset + 4))).toBe(false);
          outcomes.notUtf8++;
        } finally {
          rmSync(path);
        }
      }),
      { seed: FUZZ_SEED, numRuns: 200 },
    );
    expect(outcomes.text).toBeGreaterThan(10);
    expect(outcomes.notUtf8).toBeGreaterThan(50);
  });
});
