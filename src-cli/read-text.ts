/** Reads and writes text files, with the path in front of any message: `X.csv: no such file`. */
import { readFile, stat } from 'node:fs/promises';
import { FileError, saveAtomically } from '../src-main/files.ts';

/** One short reason for a file error a user can act on. */
function reason(error: unknown, writing: boolean): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return writing ? 'no such folder' : 'no such file';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the disk is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return (error as Error).message;
  }
}

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: ${reason(error, false)}`, { cause: error });
  }
}

/**
 * Writes through a temporary file and a rename (the app's own save), so that a run stopped
 * mid-write, or a full disk, leaves the previous file whole rather than half a model.
 */
export async function writeText(path: string, text: string): Promise<void> {
  try {
    await saveAtomically(path, text, { backup: false });
  } catch (error) {
    const cause = error instanceof FileError && error.cause !== undefined ? error.cause : error;
    throw new Error(`${path}: ${reason(cause, true)}`, { cause: error });
  }
}

/** Whether `path` names an existing folder (data sets of pictures are folders). */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
