import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { checkClassFolders, pathHash, splitByHash } from './image-set.ts';

const names = (n: number) =>
  Array.from({ length: n }, (_, i) => `${i % 2 ? 'Dog' : 'Cat'}/${Math.floor(i / 2)}.jpg`);

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

  it('gives the hashes it always gave, so nobody’s validation split moves', () => {
    // Computed once (and checked with an independent Python FNV-1a + fmix32); a change here
    // moves pictures between every user's training and validation sets.
    expect(pathHash('Cat/0.jpg')).toBe(0xc222b1b7);
    expect(pathHash('Dog/11.jpg')).toBe(0xad9c3bf5);
    expect(pathHash('ü/ß.png')).toBe(0x28440b5c);
    expect(pathHash('')).toBe(0xab3e7c0b);
    const { validation } = splitByHash(['Cat/0.jpg', 'Dog/11.jpg', 'ü/ß.png', ''], 0.5);
    expect(Array.from(validation)).toEqual([2]);
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

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
