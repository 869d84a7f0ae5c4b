/**
 * A folder of class subfolders (`Cat/*.jpg`, `Dog/*.jpg`) → an ImageSet, decoded in parallel
 * and cached on disk, so the second load of 23,000 pictures reads one file instead of decoding.
 *
 * The folder is read by the rules the app uses too (src-shared/data/class-folders.ts): files
 * whose names start with a dot (and Windows' Thumbs.db, desktop.ini) are ignored; every other
 * entry is tried, and each one not used is reported in `skipped` with the reason (a name that is
 * not UTF-8, a dangling link, a loop of links, not a regular file, unreadable, not a picture).
 * Class subfolders may hold folders of their own: `Cat/kittens/1.jpg` is a Cat. Names are kept
 * as they are; whoever prints them escapes them (src-cli/printable.ts).
 *
 * The cache: one file per (folder, picture shape, decoder) in the cache folder, named by a hash
 * of those, so a changed folder replaces its old cache instead of adding one, and pixels from
 * another libvips or other decoding options are never mixed with new ones. Inside, a header lists
 * every file with its size and modification time, then the pixels, then a SHA-256 of all of it:
 * a truncated or damaged cache fails the check and is rebuilt, never trusted. On a change,
 * pictures whose file, size and time are unchanged are taken from the old cache and only the rest
 * decoded. A file that could not be read (EMFILE, EACCES, EBUSY: it may pass) is not remembered
 * and is tried again next time; only files whose content does not decode are remembered as such.
 */
import { createHash, randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { availableParallelism, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  isIgnoredName,
  keepDecoded,
  sortIntoClasses,
  type SkippedFile,
} from '../../src-shared/data/class-folders.ts';
import { byCodePoint, pictureSize, type ImageSet } from '../../src-shared/data/image-set.ts';
import { invalidUtf8Offset } from '../../src-shared/text/file-text.ts';
import { errnoReason, notAFileReason, readFileBytes, ReadError } from '../../src-node/files.ts';
import {
  decodeImage,
  decoderIdentity,
  PICTURE_LIMIT,
  PictureError,
  type PictureShape,
} from './decode.ts';

export type { SkippedFile };

export interface LoadFolderOptions extends PictureShape {
  /** Called as pictures are decoded (or taken from the cache), with the count done so far. */
  onProgress?: (done: number, total: number) => void;
  /** The cache folder, or false for none; defaultCacheDir() when not given. */
  cacheDir?: string | false;
  /** Pictures decoded at a time; 4 per core when not given. */
  concurrency?: number;
  /**
   * Called with the count of pictures once the folder is listed, before any is read: throwing
   * refuses the set before its bytes are held (the compute budget).
   */
  onListed?: (count: number) => void;
}

export interface LoadedFolder {
  set: ImageSet;
  skipped: SkippedFile[];
  /** Pictures decoded by this load: 0 when all came from the cache. */
  decoded: number;
  cache: {
    /** The cache file, or null without a cache. */
    file: string | null;
    /** Everything came from the cache. */
    hit: boolean;
    /** Why the cache could not be written; the load itself succeeded. */
    error: string | null;
  };
}

/** A folder that cannot be loaded as a data set; the message names the folder. */
export class ImageFolderError extends Error {
  override name = 'ImageFolderError';
}

/** Bump when the cache layout or the decoding changes, so old caches are not read. */
const FORMAT_VERSION = 3;
const MAGIC = 'WCIMAGES';
const PREFIX_BYTES = 16;
const DIGEST_BYTES = 32;
/** Read and write the cache in pieces: one call is limited to 2 GiB. */
const CHUNK = 64 * 1024 * 1024;

interface Entry {
  file: string;
  label: number;
  size: number;
  mtimeMs: number;
}

/** $WEIGHTCRAFT_CACHE (`off`: no cache), else $XDG_CACHE_HOME/weightcraft, else ~/.cache/weightcraft. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | false {
  const chosen = env.WEIGHTCRAFT_CACHE;
  if (chosen) return chosen === 'off' ? false : resolve(chosen);
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'weightcraft');
}

export async function loadImageFolder(
  root: string,
  options: LoadFolderOptions,
): Promise<LoadedFolder> {
  const absolute = resolve(root);
  const listed = listFolder(absolute, root);
  const sorted = sortIntoClasses(listed.files, listed.classFolders);
  if (sorted.errors.length > 0) throw new ImageFolderError(`${root}: ${sorted.errors.join('; ')}`);
  const { classNames } = sorted;
  const loose = [...listed.skipped, ...sorted.skipped];
  const entries: Entry[] = sorted.pictures.map((p) => ({
    ...p.file,
    file: p.name,
    label: p.label,
  }));
  const shape = {
    height: options.height,
    width: options.width,
    channels: options.channels,
    resize: options.resize ?? 'cover',
    background: options.background ?? 'white',
  } as const;
  options.onListed?.(entries.length);
  const config = { format: FORMAT_VERSION, root: absolute, ...shape, decoder: decoderIdentity() };
  const key = sha256(JSON.stringify([config, entries.map((e) => [e.file, e.size, e.mtimeMs])]));
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cacheFile =
    cacheDir === false
      ? null
      : join(cacheDir, `${sha256(JSON.stringify(config)).slice(0, 32)}.wcimages`);
  const old = cacheFile ? await readCache(cacheFile, config) : null;
  const total = entries.length;

  // A file that could not be read last time is tried again, so the cache is not a full hit.
  if (old && old.header.key === key && !old.header.entries.some((e) => e[4] === null)) {
    options.onProgress?.(total, total);
    const { height, width, channels } = shape;
    return {
      set: {
        height,
        width,
        channels,
        classNames,
        pixels: old.pixels,
        labels: old.labels,
        files: old.files,
      },
      skipped: [...loose, ...old.skipped],
      decoded: 0,
      cache: { file: cacheFile, hit: true, error: null },
    };
  }

  // Row i of `pixels` is entry i; rows of skipped files are squeezed out at the end.
  const size = pictureSize(shape);
  const pixels = new Uint8Array(total * size);
  const outcome: (string | null)[] = new Array<string | null>(total).fill(null);
  /** Entries that could not be read this time: skipped now, not remembered in the cache. */
  const unread = new Set<number>();
  const reused = old ? reusable(old) : new Map<string, number | string>();
  const toDecode: number[] = [];
  entries.forEach((entry, i) => {
    const before = reused.get(fingerprint(entry));
    if (before === undefined) toDecode.push(i);
    else if (typeof before === 'string') outcome[i] = before;
    else pixels.set(old!.pixels.subarray(before * size, (before + 1) * size), i * size);
  });
  let done = total - toDecode.length;
  options.onProgress?.(done, total);
  await forEachLimit(toDecode, options.concurrency ?? 4 * availableParallelism(), async (i) => {
    const entry = entries[i]!;
    // Read first, then decode the bytes: a failure to read is the file system's (and may pass),
    // a failure to decode is the content's (and stays until the file changes).
    const bytes = await readBytes(join(absolute, entry.file), entry.file);
    if (typeof bytes === 'string') {
      outcome[i] = bytes;
      unread.add(i);
    } else {
      try {
        pixels.set(await decodeImage(bytes, shape, entry.file), i * size);
      } catch (error) {
        if (!(error instanceof PictureError)) throw error;
        outcome[i] = error.reason;
      }
    }
    options.onProgress?.(++done, total);
  });

  const kept = keepDecoded({
    shape,
    classNames,
    pictures: entries.map((e) => ({ name: e.file, label: e.label })),
    pixels,
    failed: outcome,
  });
  if (!kept.ok) {
    const examples = kept.skipped.slice(0, 3).map((s) => `${s.file}: ${s.reason}`);
    throw new ImageFolderError(
      `${root}: no picture in class folder ${kept.emptyClasses.join(', ')} could be read` +
        (examples.length > 0 ? ` (${examples.join('; ')})` : ''),
    );
  }
  const { set, skipped } = kept;
  let error: string | null = null;
  if (cacheFile) {
    const rows = new Map(
      entries.flatMap((e, i) => (outcome[i] === null ? [i] : [])).map((entry, row) => [entry, row]),
    );
    const header: CacheHeader = {
      config,
      key,
      classNames,
      entries: entries.map((e, i) => [
        e.file,
        e.label,
        e.size,
        e.mtimeMs,
        rows.get(i) ?? (unread.has(i) ? null : outcome[i]!),
      ]),
    };
    try {
      await writeCache(cacheFile, header, set.pixels);
    } catch (cause) {
      error = `could not write the picture cache ${cacheFile}: ${(cause as Error).message}`;
    }
  }
  return {
    set,
    skipped: [...loose, ...skipped],
    decoded: toDecode.length,
    cache: { file: cacheFile, hit: false, error },
  };
}

/** A file as listed: its path relative to the folder, and the size and time the cache checks. */
interface ListedFile {
  name: string;
  file: { size: number; mtimeMs: number };
}

/** What listing found: the files to read, the class folders, and the entries left out. */
interface Listing {
  files: ListedFile[];
  classFolders: string[];
  skipped: SkippedFile[];
  /** Folders listed so far by identity (device and inode), so a link back is seen as a loop. */
  visited: Map<string, string>;
}

/**
 * Every file of the folder, and its class folders (the subfolders, even empty ones); every
 * entry that cannot be used (a name that is not UTF-8, a dangling link, a loop, a FIFO or a
 * device, a folder that cannot be read) goes in `skipped` with its reason. Ignored names are
 * left out as it goes, so a .git folder is not walked. Synchronous on purpose: 23,000 statSync
 * calls take a third of the time of as many promises, and the loader has nothing else to do.
 */
function listFolder(absolute: string, root: string): Listing {
  let kind;
  try {
    kind = statSync(absolute);
  } catch (error) {
    const reason = codeOf(error) === 'ENOENT' ? 'no such folder' : errnoReason(error);
    throw new ImageFolderError(`${root}: ${reason}`);
  }
  if (!kind.isDirectory()) {
    throw new ImageFolderError(`${root}: not a folder (give a folder of class subfolders)`);
  }
  const listing: Listing = { files: [], classFolders: [], skipped: [], visited: new Map() };
  listing.visited.set(identity(kind), '');
  for (const name of entriesOf(absolute, '', listing)) {
    const info = examine(absolute, name, listing);
    if (info?.isDirectory()) {
      // Entered before any is walked, so a link inside one to another class folder is the
      // duplicate, never the class folder itself.
      if (enter(info, name, listing)) listing.classFolders.push(name);
    } else if (info) {
      // Beside the class folders: sortIntoClasses reports it, nothing reads it.
      listing.files.push({ name, file: { size: 0, mtimeMs: 0 } });
    }
  }
  for (const name of listing.classFolders) listFiles(absolute, name, listing);
  // In the same order on every machine, whatever order the file system lists in.
  listing.skipped.sort((a, b) => byCodePoint(a.file, b.file));
  return listing;
}

/** Every file under `root/relative`, recursively, into the listing. */
function listFiles(root: string, relative: string, listing: Listing): void {
  for (const name of entriesOf(join(root, relative), relative, listing)) {
    const file = `${relative}/${name}`;
    const info = examine(root, file, listing);
    if (info?.isDirectory()) {
      if (enter(info, file, listing)) listFiles(root, file, listing);
    } else if (info) {
      listing.files.push({ name: file, file: { size: info.size, mtimeMs: info.mtimeMs } });
    }
  }
}

/**
 * The visible names in a folder. Names are read as bytes: one that is not UTF-8 cannot be
 * written back as the same path, so it is skipped, shown with its bad bytes as \xNN.
 */
function entriesOf(folder: string, relative: string, listing: Listing): string[] {
  let names: Buffer[];
  try {
    names = readdirSync(folder, { encoding: 'buffer' });
  } catch (error) {
    listing.skipped.push({
      file: relative || '.',
      reason: `cannot list the folder: ${errnoReason(error)}`,
    });
    return [];
  }
  const valid: string[] = [];
  for (const bytes of names) {
    if (invalidUtf8Offset(bytes) < 0) {
      const name = bytes.toString('utf8');
      if (!isIgnoredName(name)) valid.push(name);
    } else if (bytes[0] !== 0x2e) {
      const file = relative ? `${relative}/${bytesShown(bytes)}` : bytesShown(bytes);
      listing.skipped.push({ file, reason: 'the name is not valid UTF-8 (rename the file)' });
    }
  }
  return valid;
}

/** Bytes of a name as text: the UTF-8 parts as they are, every other byte as \xNN. */
function bytesShown(bytes: Uint8Array): string {
  let shown = '';
  let rest = bytes;
  for (let bad = invalidUtf8Offset(rest); bad >= 0; bad = invalidUtf8Offset(rest)) {
    shown += Buffer.from(rest.subarray(0, bad)).toString('utf8');
    shown += `\\x${rest[bad]!.toString(16).padStart(2, '0')}`;
    rest = rest.subarray(bad + 1);
  }
  return shown + Buffer.from(rest).toString('utf8');
}

/**
 * What `root/relative` is, following links: a folder or a regular file; anything else is
 * skipped with its reason (a link to nothing, a loop of links, a FIFO, a device, no access).
 */
function examine(root: string, relative: string, listing: Listing): Stats | null {
  const path = join(root, relative);
  let reason: string;
  try {
    const info = statSync(path);
    const notAFile = info.isDirectory() ? null : notAFileReason(info);
    if (notAFile === null) return info;
    reason = notAFile;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOENT') {
      const link = lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink();
      // A file that vanished since the listing is left out without a word, as before.
      if (!link) return null;
      reason = 'a symbolic link to nothing (dangling)';
    } else if (code === 'ELOOP') reason = 'a loop of symbolic links';
    else reason = errnoReason(error);
  }
  listing.skipped.push({ file: relative, reason });
  return null;
}

/**
 * Marks a folder as listed; false (with the reason in `skipped`) when it was already, through a
 * link: a link back to a folder that holds it would be walked forever, and one to another
 * listed folder would count its pictures twice.
 */
function enter(info: Stats, relative: string, listing: Listing): boolean {
  const key = identity(info);
  const before = listing.visited.get(key);
  if (before === undefined) {
    listing.visited.set(key, relative);
    return true;
  }
  const loop = before === '' || relative.startsWith(`${before}/`);
  listing.skipped.push({
    file: relative,
    reason: loop
      ? `a loop: a link back to ${before === '' ? 'the data set folder' : before}, which holds it`
      : `the same folder as ${before}, already read`,
  });
  return false;
}

const identity = (info: Stats) => `${info.dev}:${info.ino}`;

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code;

/** The file's bytes, or why they could not be read: the file system's reason, which may pass. */
async function readBytes(path: string, name: string): Promise<Uint8Array | string> {
  try {
    return await readFileBytes(path, { ...PICTURE_LIMIT, name });
  } catch (error) {
    if (error instanceof ReadError) return error.reason;
    throw error;
  }
}

// ---- The cache file: MAGIC, u32 version, u32 header length, header JSON, pixels, SHA-256. ----

interface CacheHeader {
  config: object;
  /** The hash of the config and every file's path, size and time. */
  key: string;
  classNames: string[];
  /**
   * [file, label, size, mtimeMs, pixel row, or why the file does not decode, or null when it
   * could not be read and is to be tried again].
   */
  entries: [string, number, number, number, number | string | null][];
}

interface CacheContents {
  header: CacheHeader;
  pixels: Uint8Array;
  labels: Int32Array;
  files: string[];
  skipped: SkippedFile[];
}

async function readCache(path: string, config: object): Promise<CacheContents | null> {
  try {
    const file = await open(path, 'r');
    let whole: Uint8Array;
    try {
      const { size } = await file.stat();
      if (size < PREFIX_BYTES + DIGEST_BYTES) return null;
      whole = new Uint8Array(size);
      for (let at = 0; at < size;) {
        const { bytesRead } = await file.read(whole, at, Math.min(CHUNK, size - at), at);
        if (bytesRead === 0) return null;
        at += bytesRead;
      }
    } finally {
      await file.close();
    }
    const body = whole.subarray(0, whole.length - DIGEST_BYTES);
    const digest = createHash('sha256').update(body).digest();
    if (!digest.equals(whole.subarray(body.length))) return null;
    const view = new DataView(whole.buffer);
    if (new TextDecoder().decode(whole.subarray(0, 8)) !== MAGIC) return null;
    if (view.getUint32(8, true) !== FORMAT_VERSION) return null;
    const headerBytes = view.getUint32(12, true);
    if (PREFIX_BYTES + headerBytes > body.length) return null;
    const header = JSON.parse(
      new TextDecoder().decode(whole.subarray(PREFIX_BYTES, PREFIX_BYTES + headerBytes)),
    ) as CacheHeader;
    if (JSON.stringify(header.config) !== JSON.stringify(config)) return null;
    const pixels = body.subarray(PREFIX_BYTES + headerBytes);
    const rows = header.entries.filter((e) => typeof e[4] === 'number');
    const size = pictureSize(config as PictureShape);
    if (pixels.length !== rows.length * size) return null;
    return {
      header,
      pixels,
      labels: Int32Array.from(rows, (e) => e[1]),
      files: rows.map((e) => e[0]),
      skipped: header.entries.flatMap((e) =>
        typeof e[4] === 'string' ? [{ file: e[0], reason: e[4] }] : [],
      ),
    };
  } catch {
    // Missing, unreadable or malformed: a cache is only ever an optimisation.
    return null;
  }
}

/** Writes a temporary file beside the cache and renames it over, so readers never see half. */
async function writeCache(path: string, header: CacheHeader, pixels: Uint8Array): Promise<void> {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const prefix = new Uint8Array(PREFIX_BYTES + json.length);
  prefix.set(new TextEncoder().encode(MAGIC));
  const view = new DataView(prefix.buffer);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  prefix.set(json, PREFIX_BYTES);
  const digest = createHash('sha256').update(prefix).update(pixels).digest();

  await mkdir(join(path, '..'), { recursive: true });
  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const file = await open(temporary, 'w');
    try {
      await file.write(prefix);
      for (let at = 0; at < pixels.length; at += CHUNK) {
        await file.write(pixels.subarray(at, Math.min(pixels.length, at + CHUNK)));
      }
      await file.write(digest);
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** The old cache's rows and skip reasons by file, size and time; unread files are not in it. */
function reusable(old: CacheContents): Map<string, number | string> {
  return new Map(
    old.header.entries.flatMap(([file, , size, mtimeMs, row]) =>
      row === null ? [] : [[fingerprint({ file, size, mtimeMs }), row]],
    ),
  );
}

const fingerprint = (e: { file: string; size: number; mtimeMs: number }) =>
  `${e.file}\0${e.size}\0${e.mtimeMs}`;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Runs `work` on every item, at most `limit` at a time; the first failure rejects. */
async function forEachLimit<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
