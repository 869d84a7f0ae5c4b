/**
 * A folder of class subfolders → an ImageSet at the model's input size, decoded in workers, as
 * the CLI's loader does it on Node. Decoded sets are kept for the session, so evaluating the same
 * folder again (or training on it) does not decode again.
 */
import { pictureSize, type ImageSet } from '../../src-shared/data/image-set.ts';
import { decodeAll, type PictureShape } from './decode-pool.ts';
import {
  folderCacheKey,
  listClassFolder,
  type FolderEntry,
  type SkippedFile,
} from './folder-listing.ts';

export interface LoadedFolder {
  readonly root: string;
  readonly set: ImageSet;
  /** Files that are not pictures or did not decode, and files outside the class folders. */
  readonly skipped: readonly SkippedFile[];
  /** Taken from this session's cache: nothing was decoded. */
  readonly cached: boolean;
}

export type LoadOutcome = ({ ok: true } & LoadedFolder) | { ok: false; message: string };

export interface LoadFolderOptions {
  shape: PictureShape;
  /** Class folders seen without files (only a drop shows them). */
  emptyFolders?: readonly string[];
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Decoded folders by folderCacheKey; a session holds a few at most. */
const cache = new Map<string, LoadedFolder>();
const CACHE_LIMIT = 3;

export async function loadFolder(
  entries: readonly FolderEntry<Blob>[],
  options: LoadFolderOptions,
): Promise<LoadOutcome> {
  const listing = listClassFolder(entries, options.emptyFolders);
  if (!listing.ok) return listing;
  const key = folderCacheKey(entries, options.shape);
  const hit = cache.get(key);
  const total = listing.pictures.length;
  if (hit) {
    options.onProgress?.(total, total);
    return { ok: true, ...hit, cached: true };
  }

  const size = pictureSize(options.shape);
  const pixels = new Uint8Array(total * size);
  const failed: (string | null)[] = new Array<string | null>(total).fill(null);
  let done = 0;
  options.onProgress?.(0, total);
  await decodeAll(
    listing.pictures.map((p) => p.entry.file),
    {
      shape: options.shape,
      ...(options.signal ? { signal: options.signal } : {}),
      onPicture: (i, result) => {
        if (typeof result === 'string') failed[i] = reasonOnly(result, listing.pictures[i]!.name);
        else if (result.length !== size)
          failed[i] = `decoded to ${result.length} bytes, not ${size}`;
        else pixels.set(result, i * size);
        options.onProgress?.(++done, total);
      },
    },
  );

  const kept = listing.pictures.flatMap((p, i) => (failed[i] === null ? [i] : []));
  const skipped = [
    ...listing.skipped,
    ...listing.pictures.flatMap((p, i) =>
      failed[i] === null ? [] : [{ file: p.name, reason: failed[i]! }],
    ),
  ];
  const empty = listing.classNames.filter(
    (_, label) => !kept.some((i) => listing.pictures[i]!.label === label),
  );
  if (empty.length > 0) {
    return {
      ok: false,
      message: `${listing.root}: no picture in class folder ${empty.join(', ')} could be read.`,
    };
  }
  const set: ImageSet = {
    ...options.shape,
    classNames: listing.classNames,
    pixels: squeeze(pixels, kept, size),
    labels: Int32Array.from(kept, (i) => listing.pictures[i]!.label),
    files: kept.map((i) => listing.pictures[i]!.name),
  };
  const loaded: LoadedFolder = { root: listing.root, set, skipped, cached: false };
  remember(key, loaded);
  return { ok: true, ...loaded };
}

function remember(key: string, loaded: LoadedFolder): void {
  cache.delete(key);
  cache.set(key, loaded);
  // Maps iterate oldest first: drop the least recently loaded.
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
}

/** The rows `kept` of `pixels`, in order, without copying when all were kept. */
function squeeze(pixels: Uint8Array, kept: readonly number[], size: number): Uint8Array {
  if (kept.length * size === pixels.length) return pixels;
  const out = new Uint8Array(kept.length * size);
  kept.forEach((row, i) => out.set(pixels.subarray(row * size, (row + 1) * size), i * size));
  return out;
}

/** "12.jpg is not a picture the browser can read" → "not a picture …": the list names the file. */
function reasonOnly(message: string, file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return message.startsWith(`${base} is `) ? message.slice(base.length + 4) : message;
}
