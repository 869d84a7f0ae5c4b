/**
 * The rules that make a folder of class subfolders a data set, shared by the CLI (which lists the
 * folder with Node) and the app (which gets its files from the browser), so both read the same
 * folder the same way: the same files ignored, the same classes and labels, the same order, the
 * same pictures left out. Each side words its own messages around these results.
 */
import { byCodePoint, checkClassFolders, pictureSize, type ImageSet } from './image-set.ts';

/** A file left out of the set, relative to the folder (`Cat/notes.txt`), and why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** A picture to decode: its path relative to the folder (`Cat/12.jpg`), its label, its file. */
export interface ClassPicture<F> {
  readonly name: string;
  readonly label: number;
  readonly file: F;
}

const IGNORED = new Set(['thumbs.db', 'desktop.ini']);

/**
 * Names no listing reads: hidden ones (.DS_Store, .git) and the files Windows' Explorer leaves
 * behind. Applies to folders too, so a .git folder is never walked.
 */
export const isIgnoredName = (name: string) =>
  name.startsWith('.') || IGNORED.has(name.toLowerCase());

/** A relative path (`Cat/.thumbs/1.jpg`) with an ignored name anywhere in it. */
export const isIgnoredPath = (path: string) => path.split('/').some(isIgnoredName);

/**
 * A folder's files (paths relative to it, with `/` separators) → classes: the first folder of a
 * path is its class, so `Cat/kittens/1.jpg` is a Cat; files beside the class folders are
 * skipped; ignored files are left out. `classFolders` adds the class folders known to exist,
 * with or without files, so an empty one is reported (a browser's folder input cannot see them).
 * `errors` are checkClassFolders' (empty when the folder is a data set); `pictures` are sorted by
 * label, then by name in code-point order, the same on every machine.
 */
export function sortIntoClasses<F>(
  files: readonly { readonly name: string; readonly file: F }[],
  classFolders: readonly string[] = [],
): {
  errors: string[];
  classNames: string[];
  pictures: ClassPicture<F>[];
  skipped: SkippedFile[];
} {
  const byClass = new Map<string, { name: string; file: F }[]>();
  for (const name of classFolders) if (!isIgnoredName(name)) byClass.set(name, []);
  const skipped: SkippedFile[] = [];
  for (const { name, file } of files) {
    if (name === '' || isIgnoredPath(name)) continue;
    const slash = name.indexOf('/');
    if (slash < 0) {
      skipped.push({ file: name, reason: 'not in a class folder' });
      continue;
    }
    const className = name.slice(0, slash);
    const list = byClass.get(className) ?? [];
    list.push({ name, file });
    byClass.set(className, list);
  }
  const { errors, classNames } = checkClassFolders(
    [...byClass].map(([className, list]) => ({ className, files: list.map((f) => f.name) })),
  );
  const pictures =
    errors.length > 0
      ? []
      : classNames.flatMap((className, label) =>
          byClass
            .get(className)!
            .sort((a, b) => byCodePoint(a.name, b.name))
            .map(({ name, file }) => ({ name, label, file })),
        );
  return { errors, classNames, pictures, skipped };
}

/**
 * Decoded pictures → the set: row i of `pixels` is `pictures[i]`, and `failed[i]` is why it did
 * not decode (null when it did). Failed rows are left out and listed in `skipped`. A class left
 * without any picture makes no set: a classifier could never predict it. Then `emptyClasses`
 * names those classes.
 */
export function keepDecoded(args: {
  shape: Pick<ImageSet, 'height' | 'width' | 'channels'>;
  classNames: readonly string[];
  pictures: readonly { readonly name: string; readonly label: number }[];
  pixels: Uint8Array;
  failed: readonly (string | null)[];
}):
  | { ok: true; set: ImageSet; skipped: SkippedFile[] }
  | { ok: false; emptyClasses: string[]; skipped: SkippedFile[] } {
  const { shape, classNames, pictures, failed } = args;
  const kept = pictures.flatMap((_, i) => (failed[i] == null ? [i] : []));
  const skipped = pictures.flatMap((p, i) => {
    const reason = failed[i];
    return reason == null ? [] : [{ file: p.name, reason }];
  });
  const seen = new Set(kept.map((i) => pictures[i]!.label));
  const emptyClasses = classNames.filter((_, label) => !seen.has(label));
  if (emptyClasses.length > 0) return { ok: false, emptyClasses, skipped };
  const { height, width, channels } = shape;
  const set: ImageSet = {
    height,
    width,
    channels,
    classNames: [...classNames],
    pixels: keepRows(args.pixels, kept, pictureSize(shape)),
    labels: Int32Array.from(kept, (i) => pictures[i]!.label),
    files: kept.map((i) => pictures[i]!.name),
  };
  return { ok: true, set, skipped };
}

/** The rows `kept` of `pixels`, packed in order; the same array when all were kept. */
function keepRows(pixels: Uint8Array, kept: readonly number[], size: number): Uint8Array {
  if (kept.length * size === pixels.length) return pixels;
  const out = new Uint8Array(kept.length * size);
  kept.forEach((row, i) => out.set(pixels.subarray(row * size, (row + 1) * size), i * size));
  return out;
}
