/**
 * The picture folder the app works with: picked or dropped, decoded at the model's input size,
 * with progress, Cancel, and the files it skipped. View state: it never enters the document.
 */
import type { PictureSize } from './decode.ts';
import type { PickedFolder } from './folder-files.ts';
import { loadFolder, type LoadedFolder } from './load-folder.ts';

export type FolderStatus = 'empty' | 'loading' | 'ready';

export class FolderData {
  status: FolderStatus = $state('empty');
  done = $state(0);
  total = $state(0);
  loaded: LoadedFolder | null = $state.raw(null);
  /** Why the last folder could not be used; the folder before it stays. */
  message: string | null = $state(null);
  #picked: PickedFolder | null = null;
  #abort: AbortController | null = null;

  /** Loads `picked` at `shape`; true when it is ready. A refused folder changes nothing else. */
  async load(picked: PickedFolder, shape: PictureSize): Promise<boolean> {
    this.cancel();
    const abort = new AbortController();
    this.#abort = abort;
    const before = this.status;
    this.status = 'loading';
    this.message = null;
    this.done = 0;
    this.total = 0;
    try {
      const outcome = await loadFolder(picked.entries, {
        shape,
        emptyFolders: picked.emptyFolders,
        signal: abort.signal,
        onProgress: (done, total) => {
          this.done = done;
          this.total = total;
        },
      });
      if (!outcome.ok) {
        this.message = outcome.message;
        return false;
      }
      this.loaded = outcome;
      this.#picked = picked;
      return true;
    } catch (error) {
      if (!abort.signal.aborted)
        this.message = `Could not load the pictures: ${(error as Error).message}`;
      return false;
    } finally {
      if (this.#abort === abort) {
        this.#abort = null;
        this.status = this.loaded ? 'ready' : before === 'loading' ? 'empty' : before;
      }
    }
  }

  /** The loaded folder at `shape`, decoding it again (or taking it from the cache) if needed. */
  async at(shape: PictureSize): Promise<LoadedFolder | null> {
    const set = this.loaded?.set;
    if (!set || !this.#picked) return null;
    if (set.height === shape.height && set.width === shape.width && set.channels === shape.channels)
      return this.loaded;
    return (await this.load(this.#picked, shape)) ? this.loaded : null;
  }

  cancel(): void {
    this.#abort?.abort();
  }
}
