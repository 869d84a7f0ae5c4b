import { describe, expect, it } from 'vitest';
import { MAX_FILE_BYTES, parseModelFile } from '../../src-shared/model-file/index.ts';
import { checkFileSize, sizeLimitMessage } from './size-limit.ts';

describe('size limit', () => {
  it('accepts files up to the limit', () => {
    expect(sizeLimitMessage(0)).toBeNull();
    expect(sizeLimitMessage(MAX_FILE_BYTES)).toBeNull();
    expect(() => checkFileSize(MAX_FILE_BYTES)).not.toThrow();
  });

  it('refuses larger ones, rounding the size up to a tenth of a MiB', () => {
    expect(sizeLimitMessage(70.2 * 2 ** 20)).toBe(
      'the file is 70.2 MiB, over the 64 MiB limit for model files',
    );
    expect(sizeLimitMessage(MAX_FILE_BYTES + 1)).toBe(
      'the file is 64.1 MiB, over the 64 MiB limit for model files',
    );
    expect(() => checkFileSize(2 ** 31)).toThrow(
      'the file is 2048.0 MiB, over the 64 MiB limit for model files',
    );
  });

  it('words the refusal as parseModelFile does', () => {
    const bytes = MAX_FILE_BYTES + 1;
    expect(() => parseModelFile(' '.repeat(bytes))).toThrow(sizeLimitMessage(bytes)!);
  });
});
