/**
 * The files of a folder the user picked (`<input webkitdirectory>`, also in Electron) or dropped
 * (`webkitGetAsEntry`), as FolderEntry paths that start with the folder's name.
 */
import { isIgnoredName } from '../../src-shared/data/class-folders.ts';
import type { FolderEntry } from './folder-listing.ts';

export interface PickedFolder {
  entries: FolderEntry<File>[];
  /**
   * Class folders without any file, or with only ignored ones (.DS_Store): a folder input never
   * lists them, a drop does.
   */
  emptyFolders: string[];
}

export function folderFromInput(files: FileList | readonly File[]): PickedFolder {
  const entries = [...files].map((file) => ({
    path: file.webkitRelativePath || file.name,
    size: file.size,
    lastModified: file.lastModified,
    file,
  }));
  return { entries, emptyFolders: [] };
}

/**
 * The dropped folder, or null when the item is not one. Call it within the drop event. Ignored
 * names (src-shared/data/class-folders.ts) are left out as it is read, so a .git folder is not
 * walked.
 */
export function droppedFolder(item: DataTransferItem): Promise<PickedFolder> | null {
  const root = item.webkitGetAsEntry();
  if (!root?.isDirectory) return null;
  return readFolder(root as FileSystemDirectoryEntry);
}

async function readFolder(root: FileSystemDirectoryEntry): Promise<PickedFolder> {
  const entries: FolderEntry<File>[] = [];
  const emptyFolders: string[] = [];
  for (const child of await readVisible(root)) {
    if (child.isDirectory) {
      const before = entries.length;
      await collect(child as FileSystemDirectoryEntry, `${root.name}/${child.name}`, entries);
      if (entries.length === before) emptyFolders.push(child.name);
    } else {
      entries.push(await entryOf(child as FileSystemFileEntry, `${root.name}/${child.name}`));
    }
  }
  return { entries, emptyFolders };
}

async function collect(
  folder: FileSystemDirectoryEntry,
  path: string,
  into: FolderEntry<File>[],
): Promise<void> {
  for (const child of await readVisible(folder)) {
    const childPath = `${path}/${child.name}`;
    if (child.isDirectory) await collect(child as FileSystemDirectoryEntry, childPath, into);
    else into.push(await entryOf(child as FileSystemFileEntry, childPath));
  }
}

async function readVisible(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  return (await readAll(folder)).filter((child) => !isIgnoredName(child.name));
}

/** readEntries gives at most 100 entries a call: call it until it gives none. */
async function readAll(folder: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = folder.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

async function entryOf(entry: FileSystemFileEntry, path: string): Promise<FolderEntry<File>> {
  const file = await new Promise<File>((resolve, reject) => entry.file(resolve, reject));
  return { path, size: file.size, lastModified: file.lastModified, file };
}
