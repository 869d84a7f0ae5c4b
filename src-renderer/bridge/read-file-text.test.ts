import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, parseModelFile } from '../../src-shared/model-file/index.ts';
import { readFileText, type NamedBlob } from './read-file-text.ts';

/** A file that claims `size` without holding it, and fails the test if it is read. */
function claimsSize(name: string, size: number): NamedBlob {
  return {
    name,
    size,
    arrayBuffer: () => Promise.reject(new Error('read before its size was checked')),
  };
}

describe('readFileText', () => {
  it('reads UTF-8 text', async () => {
    const file = new File(['{"name": "réseau ✓"}'], 'network.wcmodel');
    expect(await readFileText(file)).toBe('{"name": "réseau ✓"}');
  });

  it('refuses invalid UTF-8 naming the byte, as the desktop does', async () => {
    const file = new File([Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x7d])], 'binary.wcmodel');
    await expect(readFileText(file)).rejects.toThrow(
      /^binary\.wcmodel: not a text file \(invalid UTF-8 at byte 2\)$/,
    );
  });

  it('refuses a file over the limit before reading it, worded as parseModelFile words it', async () => {
    const file = claimsSize('huge.wcmodel', MAX_FILE_BYTES + 1);
    await expect(readFileText(file)).rejects.toThrow(
      /^huge\.wcmodel: the file is 64\.1 MiB, over the 64 MiB limit for model files$/,
    );
    expect(() => parseModelFile(' '.repeat(MAX_FILE_BYTES + 1))).toThrow(
      'the file is 64.1 MiB, over the 64 MiB limit for model files',
    );
  });
});
