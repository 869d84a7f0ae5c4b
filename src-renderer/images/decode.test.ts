import { describe, expect, it } from 'vitest';
import { pictureName } from './decode.ts';

describe('decoding helpers', () => {
  it('names the file in messages', () => {
    expect(pictureName(new File(['x'], 'notes.txt'))).toBe('notes.txt');
    expect(pictureName(new Blob(['x']))).toBe('the picture');
  });
});
