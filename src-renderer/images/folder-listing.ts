/**
 * A chosen or dropped folder's files → its class structure, by the rules the CLI's loader uses
 * too (src-shared/data/class-folders.ts): one subfolder per class, files beside the class folders
 * are skipped and named, hidden files and Thumbs.db / desktop.ini are ignored, deeper folders
 * belong to their class (`Cat/kittens/1.jpg` is a Cat). Pure, so it is tested without a browser.
 */
import { sortIntoClasses, type SkippedFile } from '../../src-shared/data/class-folders.ts';
import { byCodePoint } from '../../src-shared/data/image-set.ts';

export type { SkippedFile };

/** One file as the browser lists it: `petimages/Cat/12.jpg` (the chosen folder first). */
export interface FolderEntry<F = unknown> {
  readonly path: string;
  readonly size: number;
  readonly lastModified: number;
  /** The file itself (a File in the app), carried along for decoding. */
  readonly file: F;
}

/** A picture to decode: its path relative to the folder (`Cat/12.jpg`) and its label. */
export interface ListedPicture<F = unknown> {
  readonly name: string;
  readonly label: number;
  readonly entry: FolderEntry<F>;
}

export type FolderListing<F = unknown> =
  | { readonly ok: false; readonly message: string }
  | {
      readonly ok: true;
      /** The chosen folder's name. */
      readonly root: string;
      readonly classNames: readonly string[];
      /** Sorted by label, then by name: the CLI's order, so splits and reports match. */
      readonly pictures: readonly ListedPicture<F>[];
      /** Files outside any class folder. */
      readonly skipped: readonly SkippedFile[];
    };

/**
 * Sorts a folder's files into classes. `emptyFolders` are the class folders seen without files
 * (a dropped folder shows them; a folder input never lists empty folders).
 */
export function listClassFolder<F>(
  entries: readonly FolderEntry<F>[],
  emptyFolders: readonly string[] = [],
): FolderListing<F> {
  if (entries.length === 0 && emptyFolders.length === 0) {
    return {
      ok: false,
      message:
        'The folder is empty: choose a folder with one subfolder per class (such as Cat/ and Dog/).',
    };
  }
  const root = entries[0]?.path.split('/')[0] ?? '';
  const files = entries.map((entry) => {
    const slash = entry.path.indexOf('/');
    return { name: slash < 0 ? '' : entry.path.slice(slash + 1), file: entry };
  });
  const { errors, classNames, pictures, skipped } = sortIntoClasses(files, emptyFolders);
  if (errors.length > 0) {
    // The folder's name leads, as in the CLI's messages.
    return { ok: false, message: `${root || 'The folder'}: ${errors.join('; ')}.` };
  }
  return {
    ok: true,
    root,
    classNames,
    pictures: pictures.map(({ name, label, file }) => ({ name, label, entry: file })),
    skipped,
  };
}

/**
 * What identifies a decoded folder in the session's cache: the picture shape and every file's
 * path, size and time, so a changed file or another size decodes again.
 */
export function folderCacheKey(
  entries: readonly Pick<FolderEntry, 'path' | 'size' | 'lastModified'>[],
  shape: { height: number; width: number; channels: number },
): string {
  const files = entries
    .map((e) => `${e.path}\u0000${e.size}\u0000${e.lastModified}`)
    .sort(byCodePoint)
    .join('\u0001');
  return `${shape.height}x${shape.width}x${shape.channels}\u0002${files}`;
}

/** "12,345 / 22,998": the same digits on every machine, whatever its locale. */
export function progressText(done: number, total: number): string {
  const format = (n: number) => n.toLocaleString('en-US');
  return `${format(done)} / ${format(total)}`;
}

/** The line over the skipped files' list: "Skipped 1 file that is not a picture", "Skipped 3 files…". */
export function skippedSummary(count: number): string {
  const n = count.toLocaleString('en-US');
  return count === 1
    ? `Skipped ${n} file that is not a picture`
    : `Skipped ${n} files that are not pictures`;
}
