import { describe, expect, it } from 'vitest';
import {
  folderCacheKey,
  listClassFolder,
  progressText,
  skippedSummary,
  type FolderEntry,
} from './folder-listing.ts';

const entry = (path: string, size = 10, lastModified = 1): FolderEntry<string> => ({
  path,
  size,
  lastModified,
  file: path,
});

describe('listClassFolder', () => {
  it('labels classes in code-point order and pictures by name, skipping loose files', () => {
    const listing = listClassFolder([
      entry('pets/Dog/2.jpg'),
      entry('pets/Cat/10.jpg'),
      entry('pets/notes.txt'),
      entry('pets/Cat/1.jpg'),
      entry('pets/Cat/kittens/3.jpg'),
      entry('pets/Cat/.DS_Store'),
      entry('pets/Dog/Thumbs.db'),
    ]);
    expect(listing).toMatchObject({
      ok: true,
      root: 'pets',
      classNames: ['Cat', 'Dog'],
      skipped: [{ file: 'notes.txt', reason: 'not in a class folder' }],
    });
    if (!listing.ok) return;
    expect(listing.pictures.map((p) => [p.name, p.label])).toEqual([
      ['Cat/1.jpg', 0],
      ['Cat/10.jpg', 0],
      ['Cat/kittens/3.jpg', 0],
      ['Dog/2.jpg', 1],
    ]);
    expect(listing.pictures[0]!.entry.file).toBe('pets/Cat/1.jpg');
  });

  it('refuses a folder with one class', () => {
    expect(listClassFolder([entry('pets/Cat/1.jpg'), entry('pets/Cat/2.jpg')])).toEqual({
      ok: false,
      message: 'pets: only one class (Cat): a classifier needs at least two.',
    });
  });

  it('refuses a folder without class subfolders, naming the fix', () => {
    const listing = listClassFolder([entry('pets/a.jpg'), entry('pets/b.jpg')]);
    expect(listing.ok).toBe(false);
    if (!listing.ok) expect(listing.message).toMatch(/^pets: the folder has no class subfolders/);
  });

  it('refuses an empty folder and an empty class folder seen in a drop', () => {
    expect(listClassFolder([])).toMatchObject({ ok: false, message: /^The folder is empty/ });
    const listing = listClassFolder([entry('pets/Cat/1.jpg')], ['Dog']);
    expect(listing).toEqual({ ok: false, message: 'pets: class folder Dog is empty.' });
  });
});

describe('folderCacheKey', () => {
  const files = [entry('pets/Cat/1.jpg'), entry('pets/Dog/1.jpg')];
  const shape = { height: 64, width: 64, channels: 3 };

  it('is the same for the same files in any order', () => {
    expect(folderCacheKey([...files].reverse(), shape)).toBe(folderCacheKey(files, shape));
  });

  it('changes with a file’s size or time, or with the picture shape', () => {
    const key = folderCacheKey(files, shape);
    expect(folderCacheKey([files[0]!, entry('pets/Dog/1.jpg', 11)], shape)).not.toBe(key);
    expect(folderCacheKey([files[0]!, entry('pets/Dog/1.jpg', 10, 2)], shape)).not.toBe(key);
    expect(folderCacheKey(files, { ...shape, height: 32 })).not.toBe(key);
  });
});

it('progressText groups thousands', () => {
  expect(progressText(12345, 22998)).toBe('12,345 / 22,998');
});

it('skippedSummary agrees with the count', () => {
  expect(skippedSummary(1)).toBe('Skipped 1 file that is not a picture');
  expect(skippedSummary(2)).toBe('Skipped 2 files that are not pictures');
  expect(skippedSummary(1234)).toBe('Skipped 1,234 files that are not pictures');
});
