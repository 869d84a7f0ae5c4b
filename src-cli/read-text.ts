/** Reads and writes text files, with the path in front of any message: `X.csv: no such file`. */
import { stat } from 'node:fs/promises';
import { MAX_FILE_BYTES } from '../src-shared/model-file/index.ts';
import {
  errnoReason,
  FileError,
  prepareSave,
  readTextFile,
  saveAtomically,
  SaveRefusedError,
} from '../src-node/files.ts';

/** What the CLI reads, each with its size limit and the words its message uses. */
export const TEXT_KINDS = {
  model: { maxBytes: MAX_FILE_BYTES, what: 'model files' },
  /** CSV data sets: large, but each value stays a short decimal and V8's strings hold 512 MiB. */
  data: { maxBytes: 256 * 2 ** 20, what: 'data files' },
  /** Inputs to `forward` and `predict`: a batch, no larger than a model file. */
  input: { maxBytes: MAX_FILE_BYTES, what: 'input files' },
} as const;

/**
 * The shared reader (src-node/files.ts) with the path as given in front of any message:
 * regular files only, the size counted on the bytes read, strict UTF-8.
 */
export function readText(path: string, kind: keyof typeof TEXT_KINDS): Promise<string> {
  return readTextFile(path, { ...TEXT_KINDS[kind], name: path });
}

/**
 * Writes through a temporary file and a rename (the app's own save), so that a run stopped
 * mid-write, or a full disk, leaves the previous file whole rather than half a model.
 */
export async function writeText(path: string, text: string): Promise<void> {
  try {
    await saveAtomically(path, text, { backup: false });
  } catch (error) {
    throw saveFailure(path, error);
  }
}

/**
 * Before a long run that writes `path`: a path that cannot be written by what it is (a link to
 * nothing) is refused now, not after the run; temporary files a killed run left there go.
 */
export async function prepareOutput(path: string): Promise<void> {
  try {
    await prepareSave(path);
  } catch (error) {
    throw saveFailure(path, error);
  }
}

/** `run.json: the disk is full`: the path as given, then the reason. */
function saveFailure(path: string, error: unknown): Error {
  const cause = error instanceof FileError && error.cause !== undefined ? error.cause : error;
  const reason = cause instanceof SaveRefusedError ? cause.reason : errnoReason(cause, true);
  return new Error(`${path}: ${reason}`, { cause: error });
}

/** Whether `path` names an existing folder (data sets of pictures are folders). */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
