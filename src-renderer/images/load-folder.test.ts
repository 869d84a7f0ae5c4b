import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { FolderEntry } from './folder-listing.ts';

/** Decoding without workers: a file's text says what it decodes to ("pixel 7", or not at all). */
const decodeAll = vi.hoisted(() =>
  vi.fn(
    async (
      files: readonly Blob[],
      options: {
        shape: { height: number; width: number; channels: number };
        onPicture: (i: number, r: Uint8Array | string) => void;
      },
    ) => {
      const size = options.shape.height * options.shape.width * options.shape.channels;
      for (const [i, file] of files.entries()) {
        const text = await file.text();
        options.onPicture(
          i,
          text.startsWith('pixel ')
            ? new Uint8Array(size).fill(Number(text.slice(6)))
            : `${(file as File).name} is not a picture the browser can read`,
        );
      }
    },
  ),
);
vi.mock('./decode-pool.ts', () => ({ decodeAll }));

const { loadFolder } = await import('./load-folder.ts');

let time = 0;
function entry(path: string, text: string): FolderEntry<Blob> {
  const file = new File([text], path.slice(path.lastIndexOf('/') + 1));
  return { path, size: file.size, lastModified: ++time, file };
}

const shape = { height: 1, width: 2, channels: 1 as const };

// A block body: a function returned from beforeEach would run as its teardown.
beforeEach(() => {
  decodeAll.mockClear();
});

describe('loadFolder', () => {
  it('decodes the pictures in label order and reports files that are not pictures', async () => {
    const outcome = await loadFolder(
      [
        entry('pets/Dog/1.jpg', 'pixel 2'),
        entry('pets/Cat/1.jpg', 'pixel 1'),
        entry('pets/Cat/notes.txt', 'hello'),
        entry('pets/readme.md', 'hello'),
      ],
      { shape },
    );
    expect(outcome).toMatchObject({ ok: true, root: 'pets', cached: false });
    if (!outcome.ok) return;
    expect(outcome.set.files).toEqual(['Cat/1.jpg', 'Dog/1.jpg']);
    expect([...outcome.set.labels]).toEqual([0, 1]);
    expect([...outcome.set.pixels]).toEqual([1, 1, 2, 2]);
    expect(outcome.skipped).toEqual([
      { file: 'readme.md', reason: 'not in a class folder' },
      { file: 'Cat/notes.txt', reason: 'not a picture the browser can read' },
    ]);
  });

  it('takes the same folder at the same size from the session cache', async () => {
    const files = [entry('pets/Cat/1.jpg', 'pixel 1'), entry('pets/Dog/1.jpg', 'pixel 2')];
    const first = await loadFolder(files, { shape });
    const progress: [number, number][] = [];
    const second = await loadFolder([...files], {
      shape,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(decodeAll).toHaveBeenCalledTimes(1);
    expect(second).toMatchObject({ ok: true, cached: true });
    if (first.ok && second.ok) expect(second.set).toBe(first.set);
    expect(progress).toEqual([[2, 2]]);
    await loadFolder(files, { shape: { ...shape, width: 3 } });
    expect(decodeAll).toHaveBeenCalledTimes(2);
  });

  it('refuses a class none of whose files decode, and a folder of one class without decoding', async () => {
    const unreadable = await loadFolder(
      [entry('pets/Cat/1.jpg', 'pixel 1'), entry('pets/Dog/1.jpg', 'broken')],
      { shape },
    );
    expect(unreadable).toEqual({
      ok: false,
      message: 'pets: no picture in class folder Dog could be read.',
    });
    decodeAll.mockClear();
    const single = await loadFolder([entry('cats/Cat/1.jpg', 'pixel 1')], { shape });
    expect(single).toMatchObject({ ok: false, message: /only one class \(Cat\)/ });
    expect(decodeAll).not.toHaveBeenCalled();
  });
});
