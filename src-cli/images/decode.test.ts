import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { petImages } from '../../scripts/test-photos.ts';
import { encodeBmp } from '../../src-shared/vision/bmp-test-support.ts';
import {
  decodeImage,
  decodeImageFile,
  pictureDimensions,
  PictureError,
  rasterFormat,
} from './decode.ts';

let dir: string;
const at = (name: string) => join(dir, name);
const solid = (width: number, height: number, rgb: [number, number, number]) =>
  sharp({
    create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weightcraft-decode-'));
  await solid(20, 10, [255, 0, 0]).png().toFile(at('red.png'));
  await solid(12, 12, [0, 200, 0]).grayscale().jpeg().toFile(at('grey.jpg'));
  await solid(16, 16, [255, 0, 0]).toColourspace('cmyk').jpeg().toFile(at('cmyk.jpg'));
  await sharp({
    create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0 } },
  })
    .png()
    .toFile(at('clear.png'));
  // Three 10×10 squares, red | green | blue, to tell cropping from stretching.
  const strip = Buffer.alloc(30 * 10 * 3);
  for (let y = 0; y < 10; y++) {
    for (let x = 0; x < 30; x++) strip[(y * 30 + x) * 3 + Math.floor(x / 10)] = 255;
  }
  await sharp(strip, { raw: { width: 30, height: 10, channels: 3 } })
    .png()
    .toFile(at('strip.png'));
  await writeFile(at('notes.jpg'), 'not a picture at all\n');
  const noise = await sharp({
    create: {
      width: 64,
      height: 64,
      channels: 3,
      background: '#000000',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg()
    .toBuffer();
  await writeFile(at('cut.jpg'), noise.subarray(0, noise.length >> 1));
  await mkdir(at('folder.jpg'));
  // An SVG, named as a JPEG, that draws a local file: libvips would load it through librsvg.
  await writeFile(
    at('evil.jpg'),
    `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="20" height="10"><image width="20" height="10" xlink:href="file://${at('red.png')}"/></svg>\n`,
  );
  execFileSync('mkfifo', [at('pipe.jpg')]);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

const pixelsOf = (data: Uint8Array, channels: number) =>
  Array.from({ length: data.length / channels }, (_, p) =>
    Array.from(data.subarray(p * channels, (p + 1) * channels)),
  );

describe('decodeImage', () => {
  it('decodes a PNG to exactly height × width × 3, resized', async () => {
    const data = await decodeImage(at('red.png'), { height: 4, width: 5, channels: 3 });
    expect(data).toHaveLength(4 * 5 * 3);
    expect(new Set(pixelsOf(data, 3).map(String))).toEqual(new Set(['255,0,0']));
  });

  it('gives grey pictures three equal channels, and colour pictures one', async () => {
    const grey = await decodeImage(at('grey.jpg'), { height: 3, width: 3, channels: 3 });
    for (const [r, g, b] of pixelsOf(grey, 3)) expect(r === g && g === b && r! > 50).toBe(true);
    const one = await decodeImage(at('red.png'), { height: 2, width: 2, channels: 1 });
    expect(one).toHaveLength(4);
    // Pure red is a middling grey: 127 (linear-light Rec. 709 luminance, sRGB-encoded).
    for (const v of one) expect(v).toBeGreaterThan(40);
    for (const v of one) expect(v).toBeLessThan(160);
  });

  it('turns CMYK JPEGs into sRGB', async () => {
    const data = await decodeImage(at('cmyk.jpg'), { height: 4, width: 4, channels: 3 });
    for (const [r, g, b] of pixelsOf(data, 3)) {
      expect(r).toBeGreaterThan(180);
      expect(g).toBeLessThan(60);
      expect(b).toBeLessThan(60);
    }
  });

  it('flattens transparency onto white, or black when asked', async () => {
    const white = await decodeImage(at('clear.png'), { height: 2, width: 2, channels: 3 });
    expect(new Set(white)).toEqual(new Set([255]));
    const black = await decodeImage(at('clear.png'), {
      height: 2,
      width: 2,
      channels: 3,
      background: 'black',
    });
    expect(new Set(black)).toEqual(new Set([0]));
  });

  it('crops the centre by default, and stretches with fill', async () => {
    // Lanczos resampling bleeds a little of the neighbours in: compare the strongest channel.
    const strongest = (rgb: number[]) => rgb.indexOf(Math.max(...rgb));
    const cover = await decodeImage(at('strip.png'), { height: 2, width: 2, channels: 3 });
    expect(pixelsOf(cover, 3).map(strongest)).toEqual([1, 1, 1, 1]);
    const fill = await decodeImage(at('strip.png'), {
      height: 1,
      width: 3,
      channels: 3,
      resize: 'fill',
    });
    expect(pixelsOf(fill, 3).map(strongest)).toEqual([0, 1, 2]);
  });

  it('decodes bytes as well as paths', async () => {
    const bytes = await solid(5, 5, [10, 20, 30]).png().toBuffer();
    const data = await decodeImage(bytes, { height: 1, width: 1, channels: 3 });
    expect(Array.from(data)).toEqual([10, 20, 30]);
  });

  it('refuses files that are not pictures, or are cut short, naming them', async () => {
    const shape = { height: 4, width: 4, channels: 3 } as const;
    await expect(decodeImage(at('notes.jpg'), shape, 'Cat/notes.jpg')).rejects.toThrow(
      'Cat/notes.jpg: not a picture (unsupported image format)',
    );
    const cut = decodeImage(at('cut.jpg'), shape, 'Dog/cut.jpg');
    await expect(cut).rejects.toBeInstanceOf(PictureError);
    await expect(cut).rejects.toThrow(/^Dog\/cut\.jpg: damaged: the file ends too early/);
    const png = await solid(40, 40, [1, 2, 3]).png().toBuffer();
    await expect(decodeImage(png.subarray(0, png.length - 20), shape, 'a.png')).rejects.toThrow(
      /^a\.png: damaged: the file ends too early/,
    );
  });

  it('decodes only raster formats, known by their bytes: an SVG named .jpg is refused', async () => {
    const shape = { height: 1, width: 1, channels: 3 } as const;
    const red = solid(3, 3, [255, 0, 0]);
    for (const bytes of [
      await red.clone().jpeg({ quality: 100 }).toBuffer(),
      await red.clone().png().toBuffer(),
      await red.clone().webp({ lossless: true }).toBuffer(),
      await red.clone().gif().toBuffer(),
    ]) {
      expect(rasterFormat(bytes)).not.toBeNull();
      expect(Array.from(await decodeImage(bytes, shape))[0]).toBeGreaterThan(240);
    }
    await expect(decodeImage(at('evil.jpg'), shape, 'Cat/evil.jpg')).rejects.toThrow(
      'Cat/evil.jpg: not a picture (an SVG drawing; only JPEG, PNG, WebP, GIF and BMP pictures are read)',
    );
    // The loaders themselves are blocked too, should an SVG ever get past the check.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>');
    await expect(sharp(svg).raw().toBuffer()).rejects.toThrow(/unsupported image format/);
    const bmp = Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]);
    await expect(decodeImage(bmp, shape, 'a.bmp')).rejects.toThrow(
      'a.bmp: damaged BMP: an info header of 0 bytes',
    );
  });

  it('decodes BMPs (which libvips cannot) to the same pixels as the same picture in PNG', async () => {
    // A 7×5 picture with some transparency, resized, cropped and flattened like any other.
    const [width, height] = [7, 5];
    const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) =>
      i % 4 === 3 ? (i % 3 ? 255 : 90) : (i * 53 + 7) % 256,
    );
    const opaque = rgba.map((v, i) => (i % 4 === 3 ? 255 : v));
    const png = await sharp(rgba, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    const opaquePng = await sharp(opaque, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer();
    for (const target of [
      { height: 4, width: 4, channels: 3 },
      { height: 6, width: 9, channels: 1, resize: 'fill' },
    ] as const) {
      const withAlpha = encodeBmp({ width, height, rgba, bits: 32, masks: true });
      expect(await decodeImage(withAlpha, target)).toEqual(await decodeImage(png, target));
      for (const bits of [24, 32] as const) {
        const bytes = encodeBmp({ width, height, rgba: opaque, bits });
        expect(await decodeImage(bytes, target)).toEqual(await decodeImage(opaquePng, target));
      }
    }
    await writeFile(at('photo.bmp'), encodeBmp({ width, height, rgba: opaque, bits: 24 }));
    expect(await pictureDimensions(at('photo.bmp'))).toEqual({ width, height });
    const cut = encodeBmp({ width, height, rgba: opaque, bits: 24 }).subarray(0, 80);
    await writeFile(at('cut.bmp'), cut);
    await expect(
      decodeImageFile(at('cut.bmp'), { height: 4, width: 4, channels: 3 }),
    ).rejects.toThrow(
      `${at('cut.bmp')}: damaged BMP: its 7×5 pixels need bytes 54 to 174, but the file has 80`,
    );
  });

  it('checks the shape it is asked for', async () => {
    await expect(decodeImage(at('red.png'), { height: 0, width: 4, channels: 3 })).rejects.toThrow(
      'the picture height must be a whole number from 1 to 4096, found 0',
    );
    await expect(
      decodeImage(at('red.png'), { height: 4, width: 4, channels: 2 as 3 }),
    ).rejects.toThrow('pictures have 1 (grey) or 3 (RGB) channels, found 2');
  });
});

describe('decodeImageFile', () => {
  it(
    'says when the file is missing, a folder or a FIFO, without waiting',
    { timeout: 5000 },
    async () => {
      const shape = { height: 4, width: 4, channels: 3 } as const;
      await expect(decodeImageFile(at('pipe.jpg'), shape)).rejects.toThrow(
        `${at('pipe.jpg')}: is a named pipe (FIFO), not a file`,
      );
      await expect(decodeImageFile(at('gone.jpg'), shape)).rejects.toThrow(
        `${at('gone.jpg')}: no such file`,
      );
      await expect(decodeImageFile(at('folder.jpg'), shape)).rejects.toThrow(
        `${at('folder.jpg')}: is a folder`,
      );
      expect(await decodeImageFile(at('red.png'), shape)).toHaveLength(48);
    },
  );
});

describe('the project photos', () => {
  it('decode to 64×64×3 with plausible content', async () => {
    const photos = petImages();
    for (const file of ['Cat/0.jpg', 'Cat/1.jpg', 'Dog/0.jpg', 'Dog/2.jpg']) {
      const data = await decodeImageFile(join(photos, file), {
        height: 64,
        width: 64,
        channels: 3,
      });
      expect(data).toHaveLength(64 * 64 * 3);
      const mean = data.reduce((sum, v) => sum + v, 0) / data.length;
      expect(mean, file).toBeGreaterThan(20);
      expect(mean, file).toBeLessThan(235);
      // A photo, not a flat colour: the values spread.
      expect(new Set(data).size, file).toBeGreaterThan(50);
    }
  });
});
