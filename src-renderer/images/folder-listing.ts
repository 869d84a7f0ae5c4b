/**
 * A chosen or dropped folder's files → its class structure, checked as the CLI checks a folder
 * (src-cli/images/load-folder.ts): one subfolder per class, files beside the class folders are
 * skipped and named, hidden files and Thumbs.db / desktop.ini are ignored, deeper folders belong
 * to their class (`Cat/kittens/1.jpg` is a Cat). Pure, so it is tested without a browser.
 */
import { byCodePoint, checkClassFolders } from '../../src-shared/data/image-set.ts';

/** One file as the browser lists it: `petimages/Cat/12.jpg` (the chosen folder first). */
export interface FolderEntry<F = unknown> {
  readonly path: string;
  readonly size: number;
  readonly lastModified: number;
  /** The file itself (a File in the app), carried along for decoding. */
  readonly file: F;
}

export interface SkippedFile {
  /** Relative to the chosen folder, with `/` separators: `Cat/notes.txt`. */
  readonly file: string;
  readonly reason: string;
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

const IGNORED = new Set(['thumbs.db', 'desktop.ini']);

const hidden = (segments: readonly string[]) =>
  segments.some((s) => s.startsWith('.') || IGNORED.has(s.toLowerCase()));

/**
 * Sorts a folder's files into classes. `emptyFolders` are the class folders seen without files
 * (a dropped folder shows them; a folder input never lists empty folders).
 */
export function listClassFolder<F>(
  entries: readonly FolderEntry<F>[],
  emptyFolders: readonly string[] = [],
): FolderListing<F> {
  const split = entries.map((entry) => ({ entry, segments: entry.path.split('/') }));
  const root = split[0]?.segments[0] ?? '';
  if (split.length === 0 && emptyFolders.length === 0) {
    return {
      ok: false,
      message:
        'The folder is empty: choose a folder with one subfolder per class (such as Cat/ and Dog/).',
    };
  }
  const byClass = new Map<string, { name: string; entry: FolderEntry<F> }[]>();
  for (const name of emptyFolders) if (!hidden([name])) byClass.set(name, []);
  const skipped: SkippedFile[] = [];
  for (const { entry, segments } of split) {
    const relative = segments.slice(1);
    if (relative.length === 0 || hidden(relative)) continue;
    if (relative.length === 1) {
      skipped.push({ file: relative[0]!, reason: 'not in a class folder' });
      continue;
    }
    const className = relative[0]!;
    const list = byClass.get(className) ?? [];
    list.push({ name: relative.join('/'), entry });
    byClass.set(className, list);
  }
  const { errors, classNames } = checkClassFolders(
    [...byClass].map(([className, files]) => ({ className, files: files.map((f) => f.name) })),
  );
  if (errors.length > 0) {
    // The folder's name leads, as in the CLI's messages.
    return { ok: false, message: `${root || 'The folder'}: ${errors.join('; ')}.` };
  }
  const pictures = classNames.flatMap((className, label) =>
    byClass
      .get(className)!
      .map((f) => ({ name: f.name, label, entry: f.entry }))
      .sort((a, b) => byCodePoint(a.name, b.name)),
  );
  return { ok: true, root, classNames, pictures, skipped };
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
