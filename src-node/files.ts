/**
 * Node file I/O that both shells use, the desktop's main process and the CLI (neither owns it).
 * Reading and writing model files without ever losing one. A save writes a temporary file in
 * the same folder, flushes it to disk and renames it over the old file, so the file on disk is
 * always one whole version (a rename within a folder is atomic); the previous version is kept
 * beside it as `<name>.bak`, written the same way. Errors come out as one-line messages.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs, rmSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MAX_FILE_BYTES } from '../src-shared/model-file/index.ts';
import {
  invalidUtf8Offset,
  notUtf8Message,
  tooLargeMessage,
} from '../src-shared/text/file-text.ts';

export const BACKUP_SUFFIX = '.bak';

/** Our temporary files: `.<name>.wc-<pid>-<random>.tmp`, hidden, and named for their writer. */
const TEMP_PATTERN = /^\.(.+)\.wc-(\d+)-[0-9a-f]+\.tmp$/;

export function tempPathFor(path: string): string {
  const name = `.${basename(path)}.wc-${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  return join(dirname(path), name);
}

/** Temporary files being written now, so that a process stopped by a signal can remove them. */
const writing = new Set<string>();

/**
 * Removes the temporary files of saves in progress, synchronously: for a signal handler that
 * exits next (the file being replaced stays whole; only the unfinished new version goes).
 */
export function removeTempFilesNow(): void {
  for (const temp of writing) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Best effort: the next save of that file removes what is left (removeStaleTemps).
    }
  }
  writing.clear();
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * The one mapping from a failed file operation's errno to a few words a user can act on:
 * `no such file`, `permission denied`, `the disk is full`; the error's own first line otherwise.
 * `writing`: the operation wrote, so a missing path is a missing folder.
 */
export function errnoReason(error: unknown, writing = false): string {
  switch (codeOf(error)) {
    case 'ENOENT':
      return writing ? 'no such folder' : 'no such file';
    case 'ENOTDIR':
      return writing ? 'not a folder' : 'no such file';
    case 'EISDIR':
      return 'is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk is full (your quota is used up)';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    default:
      return firstLine(error);
  }
}

/** An error whose message is already fit to show: mapped once, passed through unchanged. */
export class FileError extends Error {
  override name = 'FileError';
}

/** A file that could not be read: `${file}: ${reason}`, the two kept apart for lists of files. */
export class ReadError extends FileError {
  override name = 'ReadError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${reason}`, options);
  }
}

/** The message for a failed save to `path`: `the disk is full`. */
export function saveErrorMessage(error: unknown, path: string): string {
  if (error instanceof FileError) return error.message;
  const folder = dirname(path);
  // The app names the folder (its message has no path in front); the rest as everywhere.
  switch (codeOf(error)) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied: you cannot write to ${folder}`;
    case 'ENOENT':
      return `the folder ${folder} does not exist`;
    case 'ENOTDIR':
      return `${folder} is not a folder`;
    case 'EISDIR':
      return `${basename(path)}: is a folder`;
    default:
      return errnoReason(error, true);
  }
}

export interface ReadOptions {
  /** Largest file accepted, in bytes (default: the model-file limit). */
  maxBytes?: number;
  /** The kind of file, for the size message: `model files`, `data files`. */
  what?: string;
  /** What messages call the file (default: its base name; the CLI passes the path as given). */
  name?: string;
}

/**
 * Why `info` cannot be read as a file, by what it is (`is a named pipe (FIFO), not a file`), or
 * null for a regular file. A FIFO would block the read until a writer came, a device (such as
 * /dev/zero) would never end, and both stat as 0 bytes, so they are refused before opening.
 */
export function notAFileReason(info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'is a folder';
  if (info.isFIFO()) return 'is a named pipe (FIFO), not a file';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'is a device, not a file';
  if (info.isSocket()) return 'is a socket, not a file';
  return 'not a regular file';
}

/**
 * Opening never blocks: if a FIFO takes the path's place between the stat and the open, the
 * open returns at once and the handle's own stat refuses it. Windows has no such flag.
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The one way the desktop and the CLI read a file: a regular file only (refused by what it is
 * otherwise, before it is opened), at most `maxBytes` counted on the bytes actually read (a file
 * that stats as 0 bytes or grows meanwhile cannot get around it). Errors are FileErrors with
 * one-line messages naming the file (ReadErrors).
 */
export async function readFileBytes(path: string, options: ReadOptions = {}): Promise<Buffer> {
  const { maxBytes = MAX_FILE_BYTES, what = 'model files', name = basename(path) } = options;
  const refuse = (reason: string) => new ReadError(name, reason);
  const tooBig = (bytes: number | null) =>
    refuse(tooLargeMessage({ bytes, limit: maxBytes, what }));
  try {
    const info = await fs.stat(path);
    const before = notAFileReason(info);
    if (before !== null) throw refuse(before);
    if (info.size > maxBytes) throw tooBig(info.size);
    const handle = await fs.open(path, READ_FLAGS);
    try {
      const after = notAFileReason(await handle.stat());
      if (after !== null) throw refuse(after);
      // Read at most one byte past the limit, in case the file grew after the stat.
      const chunks: Buffer[] = [];
      let total = 0;
      let want = info.size + 1;
      while (total <= maxBytes) {
        const chunk = Buffer.allocUnsafe(Math.min(want, maxBytes + 1 - total));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        total += bytesRead;
        want = 2 ** 20;
      }
      if (total > maxBytes) {
        const size = (await handle.stat()).size;
        throw tooBig(size > maxBytes ? size : null);
      }
      return Buffer.concat(chunks, total);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new ReadError(name, errnoReason(error), { cause: error });
  }
}

/** readFileBytes as strict UTF-8 text: bytes that are not are refused naming the first bad one. */
export async function readTextFile(path: string, options: ReadOptions = {}): Promise<string> {
  const bytes = await readFileBytes(path, options);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ReadError(options.name ?? basename(path), notUtf8Message(invalidUtf8Offset(bytes)));
  }
}

/** Saves to one path run one after another, so a backup never races the write it precedes. */
const queues = new Map<string, Promise<unknown>>();

function serialized<T>(key: string, run: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(run, run);
  const settled = next.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

export interface SaveOptions {
  /** Keep the previous version as `<name>.bak` (default true). */
  backup?: boolean;
}

/**
 * Replaces the file at `path` with `text`, atomically: afterwards the file is either the old
 * version or the new one, never a mix, never missing, even if the process is killed midway.
 * A failure leaves the old file untouched, removes the temporary file and throws a one-line
 * message.
 */
export function saveAtomically(
  path: string,
  text: string,
  options: SaveOptions = {},
): Promise<void> {
  return serialized(path, () => save(path, text, options.backup ?? true));
}

/** A save refused for what is at the path: `file` as messages name it, and why. */
export class SaveRefusedError extends FileError {
  override name = 'SaveRefusedError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/**
 * The file a save to `path` replaces: the path itself, or the file a symbolic link there points
 * to (saving through a link replaces its file, not the link). A link to nothing is refused: the
 * rename would replace the link with a file, which is not what whoever made it meant.
 */
async function saveTarget(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (error) {
    if (codeOf(error) !== 'ENOENT') throw error;
    const link = await fs.lstat(path).catch(() => null);
    if (!link?.isSymbolicLink()) return path;
    const to = await fs.readlink(path).catch(() => '?');
    throw new SaveRefusedError(
      basename(path),
      `a symbolic link to ${to}, which does not exist; remove the link or save under another name`,
    );
  }
}

/**
 * Before a long job that will save to `path` (such as training): refuses a path that cannot be
 * saved to by what it is (a dangling link), and removes temporary files a killed run left there.
 */
export async function prepareSave(path: string): Promise<void> {
  try {
    await removeStaleTemps(await saveTarget(path));
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(saveErrorMessage(error, path), { cause: error });
  }
}

async function save(path: string, text: string, backup: boolean): Promise<void> {
  let target = path;
  try {
    target = await saveTarget(path);
    const old = await fs.stat(target).catch((error: unknown) => {
      if (codeOf(error) === 'ENOENT') return null;
      throw error;
    });
    const notAFile = old && notAFileReason(old);
    if (notAFile) throw new SaveRefusedError(basename(path), notAFile);
    if (old) {
      // A folder we cannot write to is the reason, whatever the file's own permissions.
      if (process.platform !== 'win32') await fs.access(dirname(target), constants.W_OK);
      // The replacing rename would succeed, but the user marked the file read-only.
      await fs.access(target, constants.W_OK).catch((error: unknown) => {
        if (codeOf(error) !== 'EACCES' && codeOf(error) !== 'EPERM') throw error;
        throw new FileError(`permission denied: ${basename(path)} is read-only`);
      });
    }
    await removeStaleTemps(target);
    if (old && backup) await keepBackup(target);
    await writeReplacing(target, text, old ? old.mode & 0o7777 : undefined);
  } catch (error) {
    throw new FileError(saveErrorMessage(error, target), { cause: error });
  }
}

/** Copies the current version to `<name>.bak`, itself through a temporary file and a rename. */
async function keepBackup(target: string): Promise<void> {
  const backup = target + BACKUP_SUFFIX;
  const temp = tempPathFor(backup);
  writing.add(temp);
  try {
    await fs.copyFile(target, temp, constants.COPYFILE_EXCL);
    await flushFile(temp);
    await renameWithRetry(temp, backup);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    writing.delete(temp);
  }
}

async function writeReplacing(target: string, text: string, mode: number | undefined) {
  const temp = tempPathFor(target);
  writing.add(temp);
  try {
    const handle = await fs.open(temp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(text, 'utf8');
      // open() applies the umask; a replaced file keeps its own permissions.
      if (mode !== undefined && process.platform !== 'win32') await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    writing.delete(temp);
  }
  await flushFolder(dirname(target));
}

async function flushFile(path: string): Promise<void> {
  const handle = await fs.open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself durable (POSIX). Some file systems refuse: the data is safe anyway. */
async function flushFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // EINVAL/EISDIR/EPERM on file systems without directory fsync.
  }
}

/** Windows refuses a rename for a moment while a virus scanner or indexer holds the file. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.rename(from, to);
    } catch (error) {
      const transient = ['EPERM', 'EACCES', 'EBUSY'].includes(codeOf(error) ?? '');
      if (process.platform !== 'win32' || !transient || attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    }
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM'; // alive, but another user's
  }
}

/**
 * A temporary file untouched for this long is left over even if its writer's process id is in
 * use: a save writes its temporary file in one go, so the id now belongs to another process.
 */
const ABANDONED_MS = 24 * 60 * 60 * 1000;

/**
 * Removes temporary files of `target` (and of its backup) left by a writer that was killed:
 * ours, since saves to one path run one at a time; those of processes no longer running; and
 * any untouched for a day. A running process's recent one is a save under way and stays.
 */
export async function removeStaleTemps(target: string): Promise<number> {
  const folder = dirname(target);
  const names = new Set([basename(target), basename(target) + BACKUP_SUFFIX]);
  let removed = 0;
  for (const entry of await fs.readdir(folder).catch(() => [])) {
    const match = TEMP_PATTERN.exec(entry);
    if (!match || !names.has(match[1]!)) continue;
    const path = join(folder, entry);
    const pid = Number(match[2]);
    if (pid !== process.pid && processIsAlive(pid)) {
      const info = await fs.lstat(path).catch(() => null);
      if (!info || Date.now() - info.mtimeMs < ABANDONED_MS) continue;
    }
    await fs.rm(path, { force: true }).catch(() => undefined);
    removed++;
  }
  return removed;
}

export function isTempFile(name: string): boolean {
  return TEMP_PATTERN.test(name);
}
