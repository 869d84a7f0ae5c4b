import { describe, expect, it } from 'vitest';
import { greyOf } from '../data/grey.ts';
import { fitPicture } from './resize.ts';

/** A width × height RGB picture whose pixel (x, y) is (x, y, 7). */
function ramp(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x, y, 7], (y * width + x) * 3);
  }
  return data;
}

/**
 * Lanczos 3 written out directly for one line: region [start, start + extent) → target pixels,
 * each the normalised sum over every source pixel of sinc(d)·sinc(d / 3), d the distance between
 * centres in source pixels over max(1, k).
 */
function lanczosLine(line: Uint8Array, start: number, extent: number, target: number): number[] {
  const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
  const k = extent / target;
  const stretch = Math.max(1, k);
  return Array.from({ length: target }, (_, i) => {
    const centre = start + (i + 0.5) * k;
    let sum = 0;
    let total = 0;
    line.forEach((v, j) => {
      const d = (j + 0.5 - centre) / stretch;
      const w = Math.abs(d) < 3 ? sinc(d) * sinc(d / 3) : 0;
      sum += w * v;
      total += w;
    });
    return Math.min(255, Math.max(0, Math.round(sum / total)));
  });
}

const LINE = Uint8Array.from([0, 30, 250, 40, 90, 10, 200, 120, 60]);
const reds = (rgb: Uint8Array) => Array.from(rgb.filter((_, i) => i % 3 === 0));

describe('fitPicture', () => {
  it('leaves a picture of the target size as it is', () => {
    const data = ramp(5, 4);
    const out = fitPicture(
      { width: 5, height: 4, channels: 3, data },
      { width: 5, height: 4, channels: 3 },
    );
    expect(out).toEqual(data);
  });

  it('keeps a plain colour plain, at any size', () => {
    const colour = (_: number, i: number) => [12, 200, 99][i % 3]!;
    const source = {
      width: 7,
      height: 5,
      channels: 3 as const,
      data: new Uint8Array(105).map(colour),
    };
    for (const [width, height] of [
      [3, 2],
      [16, 9],
      [7, 1],
    ] as const) {
      const out = fitPicture(source, { width, height, channels: 3, fit: 'fill' });
      expect(out).toEqual(new Uint8Array(width * height * 3).map(colour));
    }
  });

  it('shrinks and enlarges with Lanczos 3, centres at j + 0.5, the window widened when shrinking', () => {
    for (const target of [2, 3, 4, 13, 20]) {
      const out = fitPicture(
        { width: LINE.length, height: 1, channels: 1, data: LINE },
        { width: target, height: 1, channels: 3, fit: 'fill' },
      );
      expect(reds(out), `9 → ${target}`).toEqual(lanczosLine(LINE, 0, LINE.length, target));
    }
    // Columns as rows: the vertical pass is the same filter.
    const column = fitPicture(
      { width: 1, height: LINE.length, channels: 1, data: LINE },
      { width: 1, height: 4, channels: 3, fit: 'fill' },
    );
    expect(reds(column)).toEqual(lanczosLine(LINE, 0, LINE.length, 4));
  });

  it('covers by taking the centred region, with fractional edges', () => {
    // 6 × 2 → 2 × 2 (cover): the middle 2 columns of 6, x in [2, 4), one source pixel each.
    const out = fitPicture(
      { width: 6, height: 2, channels: 3, data: ramp(6, 2) },
      { width: 2, height: 2, channels: 3 },
    );
    expect(Array.from(out)).toEqual([2, 0, 7, 3, 0, 7, 2, 1, 7, 3, 1, 7]);
    // 9 × 1 → 2 × 1: the centred region 1 tall and 2 wide, x in [3.5, 5.5).
    const odd = fitPicture(
      { width: 9, height: 1, channels: 1, data: LINE },
      { width: 2, height: 1, channels: 3 },
    );
    expect(reds(odd)).toEqual(lanczosLine(LINE, 3.5, 2, 2));
  });

  it('stretches the whole picture with fill', () => {
    const out = fitPicture(
      { width: 9, height: 1, channels: 1, data: LINE },
      { width: 3, height: 2, channels: 3, fit: 'fill' },
    );
    const row = lanczosLine(LINE, 0, 9, 3);
    expect(reds(out)).toEqual([...row, ...row]);
  });

  it("flattens transparency onto the background by each pixel's alpha", () => {
    const data = Uint8Array.from([200, 100, 0, 255, 200, 100, 0, 0, 0, 0, 0, 51]);
    const source = { width: 3, height: 1, channels: 4 as const, data };
    const white = fitPicture(source, { width: 3, height: 1, channels: 3 });
    expect(Array.from(white)).toEqual([200, 100, 0, 255, 255, 255, 204, 204, 204]);
    const black = fitPicture(source, { width: 3, height: 1, channels: 3, background: 'black' });
    expect(Array.from(black)).toEqual([200, 100, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('gives grey sources three equal channels, and makes grey as libvips does', () => {
    const grey = fitPicture(
      { width: 2, height: 1, channels: 2, data: Uint8Array.from([90, 255, 10, 255]) },
      { width: 2, height: 1, channels: 3 },
    );
    expect(Array.from(grey)).toEqual([90, 90, 90, 10, 10, 10]);
    const data = Uint8Array.from([250, 20, 40, 10, 200, 90]);
    const out = fitPicture(
      { width: 2, height: 1, channels: 3, data },
      { width: 2, height: 1, channels: 1 },
    );
    expect(Array.from(out)).toEqual([greyOf(250, 20, 40), greyOf(10, 200, 90)]);
  });

  it('names what is wrong with a source or a target', () => {
    const data = new Uint8Array(11);
    expect(() =>
      fitPicture({ width: 2, height: 2, channels: 3, data }, { width: 1, height: 1, channels: 3 }),
    ).toThrow('fitPicture: the decoded picture holds 11 bytes, not 2×2×3');
    expect(() =>
      fitPicture(
        { width: 1, height: 1, channels: 3, data: new Uint8Array(3) },
        { width: 0, height: 1, channels: 3 },
      ),
    ).toThrow('asked for 0×1');
  });
});
