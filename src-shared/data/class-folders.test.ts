import { describe, expect, it } from 'vitest';
import { isIgnoredName, isIgnoredPath, keepDecoded, sortIntoClasses } from './class-folders.ts';

const listed = (...names: string[]) => names.map((name) => ({ name, file: `file of ${name}` }));

describe('ignored names', () => {
  it('ignores hidden names and Windows litter, in any case', () => {
    for (const name of ['.DS_Store', '.git', 'Thumbs.db', 'THUMBS.DB', 'desktop.ini']) {
      expect(isIgnoredName(name)).toBe(true);
    }
    for (const name of ['Cat', '1.jpg', 'thumbs.db.jpg', 'a.b'])
      expect(isIgnoredName(name)).toBe(false);
    expect(isIgnoredPath('Cat/.thumbs/1.jpg')).toBe(true);
    expect(isIgnoredPath('Cat/kittens/1.jpg')).toBe(false);
  });
});

describe('sortIntoClasses', () => {
  it('labels classes in code-point order, sorts pictures by name, skips loose files', () => {
    const sorted = sortIntoClasses(
      listed(
        'dog/2.jpg',
        'Cat/10.jpg',
        'notes.txt',
        'Cat/1.jpg',
        'Cat/kittens/3.jpg',
        'Cat/.DS_Store',
        '.git/HEAD',
        'dog/Thumbs.db',
        '',
      ),
    );
    expect(sorted.errors).toEqual([]);
    expect(sorted.classNames).toEqual(['Cat', 'dog']);
    expect(sorted.pictures).toEqual([
      { name: 'Cat/1.jpg', label: 0, file: 'file of Cat/1.jpg' },
      { name: 'Cat/10.jpg', label: 0, file: 'file of Cat/10.jpg' },
      { name: 'Cat/kittens/3.jpg', label: 0, file: 'file of Cat/kittens/3.jpg' },
      { name: 'dog/2.jpg', label: 1, file: 'file of dog/2.jpg' },
    ]);
    expect(sorted.skipped).toEqual([{ file: 'notes.txt', reason: 'not in a class folder' }]);
  });

  it('reports a known class folder without files, or with only ignored ones', () => {
    const sorted = sortIntoClasses(listed('Cat/1.jpg', 'Dog/.DS_Store'), ['Cat', 'Dog', '.git']);
    expect(sorted.errors).toEqual(['class folder Dog is empty']);
    expect(sorted.pictures).toEqual([]);
    expect(sortIntoClasses(listed('Cat/1.jpg')).errors).toEqual([
      'only one class (Cat): a classifier needs at least two',
    ]);
  });
});

describe('keepDecoded', () => {
  const shape = { height: 1, width: 1, channels: 1 } as const;
  const pictures = [
    { name: 'Cat/1.jpg', label: 0 },
    { name: 'Cat/2.jpg', label: 0 },
    { name: 'Dog/1.jpg', label: 1 },
  ];

  it('leaves out the pictures that failed, keeping the order', () => {
    const pixels = Uint8Array.from([10, 20, 30]);
    const all = keepDecoded({ shape, classNames: ['Cat', 'Dog'], pictures, pixels, failed: [] });
    expect(all.ok && all.set.pixels).toBe(pixels);
    const some = keepDecoded({
      shape,
      classNames: ['Cat', 'Dog'],
      pictures,
      pixels,
      failed: ['damaged', null, null],
    });
    expect(some).toEqual({
      ok: true,
      set: {
        ...shape,
        classNames: ['Cat', 'Dog'],
        pixels: Uint8Array.from([20, 30]),
        labels: Int32Array.from([0, 1]),
        files: ['Cat/2.jpg', 'Dog/1.jpg'],
      },
      skipped: [{ file: 'Cat/1.jpg', reason: 'damaged' }],
    });
  });

  it('names the classes left without a picture', () => {
    const outcome = keepDecoded({
      shape,
      classNames: ['Cat', 'Dog'],
      pictures,
      pixels: new Uint8Array(3),
      failed: [null, null, 'not a picture'],
    });
    expect(outcome).toEqual({
      ok: false,
      emptyClasses: ['Dog'],
      skipped: [{ file: 'Dog/1.jpg', reason: 'not a picture' }],
    });
  });
});
