/** Reads and writes text files, with the path in front of any message: `X.csv: no such file`. */
import { readFile, stat } from 'node:fs/promises';
import { errnoReason, FileError, saveAtomically } from '../src-node/files.ts';

export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: ${errnoReason(error)}`, { cause: error });
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
    throw new Error(`${path}: ${errnoReason(cause, true)}`, { cause: error });
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
