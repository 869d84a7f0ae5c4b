import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import {
  checkClassFolders,
  firstPerClass,
  gatherBatch,
  pathHash,
  splitByHash,
  takeImages,
  type ImageSet,
} from './image-set.ts';

const names = (n: number) =>
  Array.from({ length: n }, (_, i) => `${i % 2 ? 'Dog' : 'Cat'}/${Math.floor(i / 2)}.jpg`);

/** Three 1×2 RGB pictures whose every byte is the picture's number times 10 plus the byte's. */
const tiny: ImageSet = {
  height: 1,
  width: 2,
  channels: 3,
  classNames: ['Cat', 'Dog'],
  pixels: Uint8Array.from({ length: 18 }, (_, k) => Math.floor(k / 6) * 10 + (k % 6)),
  labels: Int32Array.from([0, 1, 0]),
  files: ['Cat/a.jpg', 'Dog/b.jpg', 'Cat/c.jpg'],
};

describe('class folders', () => {
  it('accepts two or more non-empty classes and sorts them by code point', () => {
    const listing = [
      { className: 'dog', files: ['dog/1.jpg'] },
      { className: 'Cat', files: ['Cat/1.jpg'] },
      { className: 'Bird', files: ['Bird/1.jpg'] },
    ];
    expect(checkClassFolders(listing)).toEqual({ errors: [], classNames: ['Bird', 'Cat', 'dog'] });
  });

  it('names what is wrong', () => {
    expect(checkClassFolders([]).errors).toEqual([
      'the folder has no class subfolders (one folder of pictures per class, such as Cat/ and Dog/)',
    ]);
    expect(checkClassFolders([{ className: 'Cat', files: ['Cat/1.jpg'] }]).errors).toEqual([
      'only one class (Cat): a classifier needs at least two',
    ]);
    expect(
      checkClassFolders([
        { className: 'Dog', files: [] },
        { className: 'Cat', files: ['Cat/1.jpg'] },
      ]).errors,
    ).toEqual(['class folder Dog is empty']);
  });
});

describe('splitByHash', () => {
  it('hashes UTF-8 bytes with FNV-1a and fmix32', () => {
    // FNV-1a of "" is 0x811c9dc5; these pin the finaliser and the UTF-8 encoding.
    expect(pathHash('')).toBe(fmix32(0x811c9dc5));
    expect(pathHash('a')).toBe(fmix32(Math.imul(0x811c9dc5 ^ 0x61, 0x01000193) >>> 0));
    let h = 0x811c9dc5;
    for (const byte of [0x63, 0xc3, 0xa9]) h = Math.imul(h ^ byte, 0x01000193);
    expect(pathHash('cé')).toBe(fmix32(h >>> 0));
  });

  it('holds out about the fraction asked for', () => {
    const files = names(10_000);
    for (const fraction of [0.1, 0.2, 0.5]) {
      const { train, validation } = splitByHash(files, fraction);
      expect(train.length + validation.length).toBe(10_000);
      // Binomial standard deviation at n = 10,000 is at most 50: allow four of them.
      expect(Math.abs(validation.length - 10_000 * fraction)).toBeLessThan(200);
    }
    expect(splitByHash(files, 0).validation.length).toBe(0);
  });

  it('puts a file on the same side whatever the order of the files', () => {
    const files = names(2_000);
    const order = Array.from(new RandomState(3).permutation(files.length));
    const shuffled = order.map((i) => files[i]!);
    const held = (list: string[]) => {
      const { validation } = splitByHash(list, 0.2);
      return new Set(Array.from(validation, (i) => list[i]));
    };
    expect(held(shuffled)).toEqual(held(files));
  });

  it('does not move existing files when others are added', () => {
    const before = names(1_000);
    const after = [...names(1_500).slice(1_000), ...before];
    const side = (list: string[]) => {
      const { validation } = splitByHash(list, 0.25);
      const held = new Set(Array.from(validation, (i) => list[i]));
      return new Map(list.map((f) => [f, held.has(f)]));
    };
    const old = side(before);
    const now = side(after);
    for (const file of before) expect(now.get(file)).toBe(old.get(file));
  });

  it('gives indices in ascending order and refuses a fraction outside [0, 1)', () => {
    const { train, validation } = splitByHash(names(100), 0.3);
    expect([...train].every((v, i, a) => i === 0 || a[i - 1]! < v)).toBe(true);
    expect([...validation].every((v, i, a) => i === 0 || a[i - 1]! < v)).toBe(true);
    expect(() => splitByHash([], 1)).toThrow('the validation share must be at least 0 and below 1');
    expect(() => splitByHash([], Number.NaN)).toThrow('found NaN');
  });
});

describe('subsets and batches', () => {
  it('takes pictures in the order given', () => {
    const sub = takeImages(tiny, [2, 0]);
    expect(Array.from(sub.pixels)).toEqual([20, 21, 22, 23, 24, 25, 0, 1, 2, 3, 4, 5]);
    expect(Array.from(sub.labels)).toEqual([0, 0]);
    expect(sub.files).toEqual(['Cat/c.jpg', 'Cat/a.jpg']);
    expect(sub.classNames).toEqual(['Cat', 'Dog']);
    expect(() => takeImages(tiny, [3])).toThrow('picture 3 is outside the set of 3');
  });

  it('picks the first pictures of each class', () => {
    expect(Array.from(firstPerClass(tiny, 1))).toEqual([0, 1]);
    expect(Array.from(firstPerClass(tiny, 5))).toEqual([0, 1, 2]);
  });

  it('gathers a float32 NHWC batch from a window of the indices, reusing buffers', () => {
    const batch = gatherBatch(tiny, [2, 1, 0], { start: 1, count: 2 });
    expect(batch.x.shape).toEqual([2, 1, 2, 3]);
    expect(batch.x.dtype).toBe('float32');
    expect(Array.from(batch.x.data)).toEqual([10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5]);
    expect(Array.from(batch.y)).toEqual([1, 0]);
    const into = { x: batch.x.data as Float32Array, y: batch.y };
    const next = gatherBatch(tiny, [2, 2], { into });
    expect(next.x.data).toBe(into.x);
    expect(Array.from(next.y)).toEqual([0, 0]);
    expect(() => gatherBatch(tiny, [0], { start: 1, count: 1 })).toThrow('outside the 1 indices');
  });
});

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
