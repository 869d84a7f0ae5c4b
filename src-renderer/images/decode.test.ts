import { describe, expect, it } from 'vitest';
import { coverCrop, pictureName, rgbaToChannels } from './decode.ts';

describe('decoding helpers', () => {
  it("crops the centre that covers the target, like sharp's cover", () => {
    expect(coverCrop({ width: 180, height: 180 }, { width: 64, height: 64 })).toEqual({
      sx: 0,
      sy: 0,
      sw: 180,
      sh: 180,
    });
    expect(coverCrop({ width: 400, height: 300 }, { width: 64, height: 64 })).toEqual({
      sx: 50,
      sy: 0,
      sw: 300,
      sh: 300,
    });
    expect(coverCrop({ width: 300, height: 500 }, { width: 64, height: 32 })).toEqual({
      sx: 0,
      sy: 175,
      sw: 300,
      sh: 150,
    });
  });

  it('keeps RGB, or turns it grey as sharp does (pure red is 127, pure blue 76)', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 0, 255, 255, 10, 20, 30, 255]);
    expect(Array.from(rgbaToChannels(rgba, 3))).toEqual([255, 0, 0, 0, 0, 255, 10, 20, 30]);
    expect(Array.from(rgbaToChannels(rgba, 1))).toEqual([127, 76, 19]);
  });

  it('names the file in messages', () => {
    expect(pictureName(new File(['x'], 'notes.txt'))).toBe('notes.txt');
    expect(pictureName(new Blob(['x']))).toBe('the picture');
  });
});
