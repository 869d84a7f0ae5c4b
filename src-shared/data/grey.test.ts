import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { greyOf, rgbToGrey } from './grey.ts';

/** sharp's grey for RGB pixels, through the CLI's pipeline step (`grayscale()`). */
async function sharpGrey(rgb: Uint8Array): Promise<Uint8Array> {
  const width = rgb.length / 3;
  const data = await sharp(rgb, { raw: { width, height: 1, channels: 3 } })
    .grayscale()
    .raw({ depth: 'uchar' })
    .toBuffer();
  return new Uint8Array(data);
}

describe('greyOf', () => {
  it('gives sharp’s grey for pure colours', async () => {
    const colours = [
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [255, 255, 0],
      [0, 255, 255],
      [255, 0, 255],
    ];
    // Rec. 601 luma on encoded values would give 76, 150, 29, 226, 179, 105.
    expect(colours.map(([r, g, b]) => greyOf(r!, g!, b!))).toEqual([127, 220, 76, 247, 230, 146]);
    expect(Array.from(rgbToGrey(Uint8Array.from(colours.flat()), 3))).toEqual(
      Array.from(await sharpGrey(Uint8Array.from(colours.flat()))),
    );
  });

  it('keeps every grey level', async () => {
    const levels = Array.from({ length: 256 }, (_, v) => v);
    expect(levels.map((v) => greyOf(v, v, v))).toEqual(levels);
    const rgb = Uint8Array.from(levels.flatMap((v) => [v, v, v]));
    expect(Array.from(await sharpGrey(rgb))).toEqual(levels);
  });

  it('is within one level of sharp for random colours, and mostly equal', async () => {
    const random = new RandomState(7);
    const rgb = Uint8Array.from({ length: 20_000 * 3 }, () => random.randint(0, 256));
    const expected = await sharpGrey(rgb);
    const ours = rgbToGrey(rgb, 3);
    const off = Array.from(ours, (v, p) => Math.abs(v - expected[p]!));
    expect(Math.max(...off)).toBeLessThanOrEqual(1);
    const equal = off.filter((d) => d === 0).length;
    // Over all 16.7 million colours 162 differ; a 20,000 sample should have almost none.
    expect(equal / expected.length).toBeGreaterThan(0.999);
  });
});

describe('rgbToGrey', () => {
  it('reads RGBA with stride 4, ignoring alpha', () => {
    const rgba = [255, 0, 0, 255, 10, 20, 30, 0];
    expect(Array.from(rgbToGrey(rgba, 4))).toEqual([127, greyOf(10, 20, 30)]);
    expect(Array.from(rgbToGrey([], 3))).toEqual([]);
  });
});
