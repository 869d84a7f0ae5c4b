import { describe, expect, it } from 'vitest';
import { droppedFolder, folderFromInput } from './folder-files.ts';

/** A fake dropped folder whose reader hands out at most two entries a call, as browsers do (100). */
function folder(name: string, children: FileSystemEntry[]): FileSystemDirectoryEntry {
  return {
    name,
    isDirectory: true,
    isFile: false,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (done: (entries: FileSystemEntry[]) => void) => {
          done(children.slice(at, at + 2));
          at += 2;
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

function file(name: string): FileSystemFileEntry {
  return {
    name,
    isDirectory: false,
    isFile: true,
    file: (done: (f: File) => void) => done(new File(['x'], name, { lastModified: 5 })),
  } as unknown as FileSystemFileEntry;
}

describe('droppedFolder', () => {
  it('reads every entry, however many calls the reader needs, and notes empty class folders', async () => {
    const pets = folder('pets', [
      folder('Cat', [
        file('1.jpg'),
        file('2.jpg'),
        file('3.jpg'),
        folder('kittens', [file('4.jpg')]),
      ]),
      folder('Dog', []),
      file('notes.txt'),
    ]);
    const item = { webkitGetAsEntry: () => pets } as unknown as DataTransferItem;
    const picked = await droppedFolder(item)!;
    expect(picked.entries.map((e) => [e.path, e.size, e.lastModified])).toEqual([
      ['pets/Cat/1.jpg', 1, 5],
      ['pets/Cat/2.jpg', 1, 5],
      ['pets/Cat/3.jpg', 1, 5],
      ['pets/Cat/kittens/4.jpg', 1, 5],
      ['pets/notes.txt', 1, 5],
    ]);
    expect(picked.emptyFolders).toEqual(['Dog']);
  });

  it('leaves out ignored names, so a folder of only .DS_Store is an empty class folder', async () => {
    const pets = folder('pets', [
      folder('Cat', [file('1.jpg'), file('Thumbs.db')]),
      folder('Dog', [file('.DS_Store')]),
      folder('.git', [file('HEAD')]),
    ]);
    const item = { webkitGetAsEntry: () => pets } as unknown as DataTransferItem;
    const picked = await droppedFolder(item)!;
    expect(picked.entries.map((e) => e.path)).toEqual(['pets/Cat/1.jpg']);
    expect(picked.emptyFolders).toEqual(['Dog']);
  });

  it('is null for a dropped file', () => {
    const item = { webkitGetAsEntry: () => file('model.json') } as unknown as DataTransferItem;
    expect(droppedFolder(item)).toBeNull();
  });
});

it('folderFromInput keeps the paths the folder input gives', () => {
  const picked = new File(['xy'], '1.jpg', { lastModified: 7 });
  Object.defineProperty(picked, 'webkitRelativePath', { value: 'pets/Cat/1.jpg' });
  expect(folderFromInput([picked]).entries).toEqual([
    { path: 'pets/Cat/1.jpg', size: 2, lastModified: 7, file: picked },
  ]);
});
