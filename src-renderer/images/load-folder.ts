/**
 * A folder of class subfolders → an ImageSet at the model's input size, decoded in workers, as
 * the CLI's loader does it on Node. Decoded sets are kept for the session, so evaluating the same
 * folder again (or training on it) does not decode again.
 */
import { keepDecoded } from '../../src-shared/data/class-folders.ts';
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

  const outcome = keepDecoded({
    shape: options.shape,
    classNames: listing.classNames,
    pictures: listing.pictures,
    pixels,
    failed,
  });
  if (!outcome.ok) {
    return {
      ok: false,
      message: `${listing.root}: no picture in class folder ${outcome.emptyClasses.join(', ')} could be read.`,
    };
  }
  const { set } = outcome;
  const skipped = [...listing.skipped, ...outcome.skipped];
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

/** "12.jpg is not a picture the browser can read" → "not a picture …": the list names the file. */
function reasonOnly(message: string, file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return message.startsWith(`${base} is `) ? message.slice(base.length + 4) : message;
}
