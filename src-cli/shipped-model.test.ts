/**
 * The shipped classifier on real photos, through the CLI's own decoding: a few cats and dogs
 * from ../shared/data/petimages (read there, never copied into the repository).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModelFile } from '../src-shared/model-file/index.ts';
import { decodeImageFile } from './images/decode.ts';
import { runnable } from './read-model.ts';
import { classNamesOf } from './model-input.ts';
import { pictureProbabilities, toPrediction } from './prediction.ts';
import { runCli } from './test-support.ts';
import { petImages, photo } from '../scripts/test-photos.ts';
import { firstPhotos } from '../e2e/pet-folder.ts';
import { Net } from '../src-shared/net/net.ts';
import { Replica } from '../src-shared/train/replica.ts';
import { argmaxRows } from '../src-shared/train/metrics.ts';

const root = join(import.meta.dirname, '..');

describe('the shipped cats-vs-dogs model', () => {
  it('calls most of a few real photos right, through sharp decoding and the layers', async () => {
    const path = join(root, 'resources', 'models', 'cats-vs-dogs.json');
    const model = runnable(parseModelFile(await readFile(path, 'utf8')), path);
    const classes = classNamesOf(model, path);
    expect(classes).toEqual(['Cat', 'Dog']);
    const input = model.network.layers[0]!;
    expect(input.type).toBe('image-input');
    const picks = [
      ...['0', '1', '2', '3', '5', '6'].map((n) => `Cat/${n}.jpg`),
      ...['0', '2', '3', '4', '5', '6'].map((n) => `Dog/${n}.jpg`),
    ];
    const photos = petImages();
    let right = 0;
    for (const file of picks) {
      const pixels = await decodeImageFile(
        join(photos, file),
        input as { height: number; width: number; channels: 1 | 3 },
      );
      const p = toPrediction(file, pictureProbabilities(model, pixels, true, file), classes);
      expect(p.probability).toBeGreaterThanOrEqual(0.5);
      expect(p.probabilities.Cat! + p.probabilities.Dog!).toBeCloseTo(1, 5);
      if (p.class === file.split('/')[0]) right++;
    }
    // The model is right on about 96% of held-out photos; 9 of 12 leaves room for a retrained one.
    expect(right).toBeGreaterThanOrEqual(9);
  });

  it('gives the same classes through a replica’s folded prediction pass as through forward', async () => {
    const path = join(root, 'resources', 'models', 'cats-vs-dogs.json');
    const { network } = runnable(parseModelFile(await readFile(path, 'utf8')), path);
    const shape = network.layers[0] as { height: number; width: number; channels: 1 | 3 };
    const files = [
      ...firstPhotos('Cat', 12).map((n) => photo('Cat', n)),
      ...firstPhotos('Dog', 12).map((n) => photo('Dog', n)),
    ];
    const size = shape.height * shape.width * shape.channels;
    const pixels = new Uint8Array(files.length * size);
    for (const [i, file] of files.entries())
      pixels.set(await decodeImageFile(file, shape), i * size);
    const net = new Net(network, { precision: 'float32' });
    const folded = new Replica(net).predict({ inputs: pixels, count: files.length, flip: false });
    // The replica ran predict: the first convolution, folded into its block, kept no output.
    expect(net.types[1]).toBe('conv2d');
    expect(() => net.output(1)).toThrow('its output was not kept');
    const plain = net.forward(Float32Array.from(pixels), files.length);
    expect(argmaxRows(folded, files.length, 2)).toEqual(argmaxRows(plain, files.length, 2));
    const worst = Math.max(...folded.map((p, i) => Math.abs(p - plain[i]!)));
    expect(worst).toBeLessThan(1e-5);
    // Not a constant answer: the photos are told apart.
    expect(new Set(argmaxRows(folded, files.length, 2)).size).toBe(2);
  });

  it('scores at least 95% of its held-out photos through `weightcraft evaluate --split validation`, as its training run reported', async () => {
    const path = join(root, 'resources', 'models', 'cats-vs-dogs.json');
    const { final } = parseModelFile(await readFile(path, 'utf8')).training!;
    const held = final.validationTotal!;
    const reported = final.validationRight!;
    // The same file-name hash, decoding, resampling and test-time flips as the training run.
    const result = await runCli(
      root,
      ...['evaluate', join('resources', 'models', 'cats-vs-dogs.json'), petImages()],
      ...['--split', 'validation'],
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`: ${held.toLocaleString('en-US')} samples\n`);
    const [, right, of] = /accuracy {2}\d\.\d{4} {2}\(([\d,]+) of ([\d,]+) right\)/
      .exec(result.stdout)!
      .map((n) => Number(n.replaceAll(',', '')));
    expect(of).toBe(held);
    expect(right! / of!).toBeGreaterThanOrEqual(0.95);
    // Float32 sums in passes of another size may move a photo on the 50% line, no more.
    expect(Math.abs(right! - reported)).toBeLessThanOrEqual(1);
  }, 300_000);
});
