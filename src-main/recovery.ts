/**
 * The recovery file: the unsaved document, written every few seconds while it is dirty, so a
 * crash or a power cut loses at most those seconds. Written atomically; a file that is not
 * valid JSON of the expected shape is refused (and set aside, not deleted: it may still hold
 * work someone wants to dig out by hand).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Recovery } from '../src-shared/bridge.ts';
import { MAX_FILE_BYTES } from '../src-shared/model-file/index.ts';
import { readTextFile, saveAtomically } from '../src-node/files.ts';
import { recovery as recoverySchema } from './schemas.ts';

export const RECOVERY_FILE_NAME = 'recovery.json';
/** Where a refused recovery file is moved. */
export const REFUSED_RECOVERY_FILE_NAME = 'recovery.refused.json';
const VERSION = 1;

/** JSON escapes at most double the text (quotes, backslashes, newlines), plus the envelope. */
const MAX_RECOVERY_BYTES = 2 * MAX_FILE_BYTES + 2 ** 20;

export class RecoveryStore {
  readonly path: string;
  readonly #refusedPath: string;
  /** Writes and clears run in order: a clear is never overtaken by a write queued before it. */
  #queue: Promise<unknown> = Promise.resolve();

  /** `folder`: the app's data folder, `app.getPath('userData')`. */
  constructor(folder: string) {
    this.path = join(folder, RECOVERY_FILE_NAME);
    this.#refusedPath = join(folder, REFUSED_RECOVERY_FILE_NAME);
  }

  async write(recovery: Recovery): Promise<void> {
    const parsed = recoverySchema.safeParse(recovery);
    if (!parsed.success) {
      throw new Error(`not a recovery record: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const checked = parsed.data;
    const text = JSON.stringify({ version: VERSION, ...checked });
    return this.#inOrder(() => saveAtomically(this.path, text, { backup: false }));
  }

  /** The saved recovery, or null when there is none or it is not a valid recovery file. */
  async read(): Promise<Recovery | null> {
    let text: string;
    try {
      text = await readTextFile(this.path, {
        maxBytes: MAX_RECOVERY_BYTES,
        what: 'recovery files',
      });
    } catch (error) {
      if (!(await exists(this.path))) return null;
      await this.#refuse(error);
      return null;
    }
    try {
      const data = JSON.parse(text) as { version?: unknown };
      if (data?.version !== VERSION) throw new Error(`unknown version ${String(data?.version)}`);
      return recoverySchema.parse(data);
    } catch (error) {
      await this.#refuse(error);
      return null;
    }
  }

  clear(): Promise<void> {
    return this.#inOrder(() => fs.rm(this.path, { force: true }));
  }

  #inOrder(run: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #refuse(reason: unknown): Promise<void> {
    console.warn(
      `Weightcraft: refused the recovery file ${this.path} (${(reason as Error).message?.split('\n')[0]}); moved it to ${this.#refusedPath}`,
    );
    await fs.rename(this.path, this.#refusedPath).catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false,
  );
}
