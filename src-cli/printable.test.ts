import { describe, expect, it } from 'vitest';
import { printable, skippedLines } from './printable.ts';

describe('printable', () => {
  it('leaves ordinary names as they are, accents and spaces included', () => {
    expect(printable('Cat/chat noir é 猫.jpg')).toBe('Cat/chat noir é 猫.jpg');
  });

  it('escapes what could forge a line or drive the terminal', () => {
    expect(printable('a.jpg\nFAKE: Cat 99.9%')).toBe('a.jpg\\nFAKE: Cat 99.9%');
    expect(printable('\u001b[2K\u001b[1Gx.jpg\r')).toBe('\\x1b[2K\\x1b[1Gx.jpg\\r');
    expect(printable('\u009b31m\u007f\u2028\u202egpj.exe')).toBe(
      '\\x9b31m\\x7f\\u2028\\u202egpj.exe',
    );
  });

  it('lists every skipped file on its own line', () => {
    const lines = skippedLines([
      { file: 'Cat/x\nFAKE: Cat 99.9%', reason: 'not a picture (unsupported image format)' },
      { file: 'Dog/b.png', reason: 'permission denied' },
    ]);
    expect(lines.split('\n')).toEqual([
      'skipped 2 files:',
      '  Cat/x\\nFAKE: Cat 99.9%: not a picture (unsupported image format)',
      '  Dog/b.png: permission denied',
      '',
    ]);
    expect(skippedLines([])).toBe('');
  });
});
