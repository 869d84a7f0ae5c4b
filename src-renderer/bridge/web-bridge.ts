/**
 * The Bridge in a browser. Files go through the File System Access API where the browser has it
 * (Chromium): pickers return handles, Save writes through the handle in place, and the handles
 * live in IndexedDB so recent files reopen after a reload. Elsewhere files are read through an
 * <input type=file> and saved as downloads, so Save there is always Save As.
 *
 * FileRef ids: "fs:<uuid>" names a file with a handle (kept in memory and in IndexedDB);
 * "nohandle:<uuid>" names one read without a handle (upload, drop) or saved as a download,
 * which Save cannot write back to: it asks where (or downloads) instead.
 */
import { fileOpen, fileSave, supported, type FileWithHandle } from 'browser-fs-access';
import {
  MODEL_EXTENSIONS,
  type Bridge,
  type FileRef,
  type OpenedFile,
  type RecentFile,
  type Recovery,
} from '../../src-shared/bridge.ts';
import { documentTitle } from './document-title.ts';
import { cancelled, fileError, isAbort } from './file-errors.ts';
import { exportFileName, extensionOf, modelFileName } from './file-names.ts';
import { readFileText } from './read-file-text.ts';
import { createWebStore, HANDLE_PREFIX, type WebStore } from './web-store.ts';

export const NO_HANDLE_PREFIX = 'nohandle:';

export interface WebBridge extends Bridge {
  readonly shell: 'web';
  /** True where Save writes in place (File System Access API); false where it downloads. */
  readonly canSaveInPlace: boolean;
  /**
   * Opens a dropped item, keeping its handle where the browser gives one, so Save writes back
   * to it. Call it synchronously in the drop handler: the item is unreadable once that returns.
   */
  openDroppedItem(item: DataTransferItem): Promise<OpenedFile>;
}

/** Parts of the File System Access API that TypeScript's DOM types don't have yet. */
type PermissionMode = 'read' | 'readwrite';
interface PermissionHandle {
  queryPermission?(descriptor: { mode: PermissionMode }): Promise<PermissionState>;
  requestPermission?(descriptor: { mode: PermissionMode }): Promise<PermissionState>;
}
interface HandleItem {
  getAsFileSystemHandle?(): Promise<FileSystemHandle | null>;
}
interface LaunchQueue {
  setConsumer(consumer: (params: { files: readonly FileSystemHandle[] }) => void): void;
}

const JSON_TYPE = 'application/json';

/** A fresh object per call: browser-fs-access adds the blob's type to `mimeTypes` in place. */
const modelFileOptions = () => ({
  description: 'Weightcraft model',
  mimeTypes: [JSON_TYPE],
  extensions: MODEL_EXTENSIONS.map((extension) => `.${extension}`),
  // The pickers remember the last folder per id: models open and save in the same one.
  id: 'weightcraft-models',
});

export function createWebBridge(store: WebStore = createWebStore()): WebBridge {
  /** This tab's handles by id, so Save works even when IndexedDB is unavailable. */
  const handles = new Map<string, FileSystemFileHandle>();
  const openHandlers: ((opened: OpenedFile) => void)[] = [];
  let dirty = false;
  let guardingUnload = false;

  async function lookup(id: string): Promise<FileSystemFileHandle | undefined> {
    const known = handles.get(id);
    if (known || !id.startsWith(HANDLE_PREFIX)) return known;
    const stored = await quietly(() => store.handle(id));
    if (stored) handles.set(id, stored);
    return stored;
  }

  /** A ref for `handle`, reusing the id of a recent file that is the same file. */
  async function refFor(handle: FileSystemFileHandle): Promise<FileRef> {
    const id = (await quietly(() => store.idOf(handle))) ?? newId(HANDLE_PREFIX);
    return { id, name: handle.name };
  }

  async function remember(file: FileRef, handle: FileSystemFileHandle): Promise<void> {
    handles.set(file.id, handle);
    // Best effort: a file that opened or saved fine shouldn't fail over its recent-list entry.
    await quietly(() => store.remember(file, handle));
  }

  async function forget(id: string): Promise<void> {
    handles.delete(id);
    await quietly(() => store.forget(id));
  }

  async function openHandle(handle: FileSystemFileHandle, known?: FileRef): Promise<OpenedFile> {
    const name = known?.name ?? handle.name;
    let file: File;
    try {
      await ensurePermission(handle, 'read');
      file = await handle.getFile();
    } catch (error) {
      if (known && isGone(error)) await forget(known.id);
      throw fileError(error, { name, action: 'read' });
    }
    const text = await readFileText(file);
    const ref = known ? { id: known.id, name: handle.name } : await refFor(handle);
    await remember(ref, handle);
    return { file: ref, text };
  }

  async function openLoose(file: File): Promise<OpenedFile> {
    const text = await readFileText(file);
    return { file: { id: newId(NO_HANDLE_PREFIX), name: file.name }, text };
  }

  const bridge: WebBridge = {
    shell: 'web',
    canSaveInPlace: supported,

    async openFile() {
      let file: FileWithHandle;
      try {
        file = await fileOpen(modelFileOptions());
      } catch (error) {
        if (isAbort(error)) return null;
        throw fileError(error, { name: null, action: 'read' });
      }
      return file.handle ? openHandle(file.handle) : openLoose(file);
    },

    async openRecent(file) {
      const handle = await lookup(file.id);
      if (!handle) {
        await forget(file.id);
        throw new Error(`${file.name} can no longer be reopened from here; open it with Open`);
      }
      return openHandle(handle, file);
    },

    async save(file, text) {
      const handle = await lookup(file.id);
      if (!handle) {
        // No handle to write through: ask where (File System Access) or download again.
        const saved = await bridge.saveAs(file.name, text);
        if (!saved) throw cancelled(file.name);
        return saved;
      }
      try {
        await ensurePermission(handle, 'readwrite');
        // Report a moved or deleted file rather than writing a new one where it used to be.
        await handle.getFile();
        await writeText(handle, text);
      } catch (error) {
        if (isGone(error)) await forget(file.id);
        throw fileError(error, { name: file.name, action: 'write' });
      }
      const saved = { id: file.id, name: handle.name };
      await remember(saved, handle);
      return saved;
    },

    async saveAs(suggestedName, text) {
      const name = modelFileName(suggestedName);
      let chosen = null as FileSystemFileHandle | null;
      let handle: FileSystemFileHandle | null;
      try {
        handle = await fileSave(
          new Blob([text], { type: JSON_TYPE }),
          { ...modelFileOptions(), fileName: name },
          null,
          false,
          (picked) => {
            chosen = picked;
          },
        );
      } catch (error) {
        if (isAbort(error)) return null;
        throw fileError(error, { name: chosen?.name ?? name, action: 'write' });
      }
      // Without the API the file went out as a download: there's nothing to write back to.
      if (!handle) return { id: newId(NO_HANDLE_PREFIX), name };
      const ref = await refFor(handle);
      await remember(ref, handle);
      return ref;
    },

    async exportFile(suggestedName, text, mimeType) {
      const name = exportFileName(suggestedName);
      const extension = extensionOf(name);
      // The picker's accept list takes a bare MIME type; the text is UTF-8 either way.
      const type = mimeType.split(';')[0]?.trim() || 'text/plain';
      try {
        await fileSave(new Blob([text], { type }), {
          fileName: name,
          description: 'Export',
          extensions: extension ? [extension] : [],
          id: 'weightcraft-exports',
        });
        return true;
      } catch (error) {
        if (isAbort(error)) return false;
        throw fileError(error, { name, action: 'write' });
      }
    },

    async recentFiles(): Promise<RecentFile[]> {
      return (await quietly(() => store.recentFiles())) ?? [];
    },

    async writeRecovery(recovery: Recovery) {
      const handle = recovery.file ? handles.get(recovery.file.id) : undefined;
      await storage('keep unsaved work', () => store.writeRecovery(recovery, handle));
    },

    async readRecovery() {
      return (await quietly(() => store.readRecovery())) ?? null;
    },

    async clearRecovery() {
      await storage('clear unsaved work', () => store.clearRecovery());
    },

    setDocumentState(state) {
      document.title = documentTitle(state);
      dirty = state.dirty;
      if (guardingUnload) return;
      guardingUnload = true;
      window.addEventListener('beforeunload', (event) => {
        // The browser shows its own "Leave site?" prompt; pages can't word it.
        if (dirty) event.preventDefault();
      });
    },

    onMenu() {
      // The web build has no native menus: its toolbar calls the UI directly.
    },

    onOpenRequest(handler) {
      // Files the installed app is asked to open (PWA file handling); none without it.
      const queue = (window as { launchQueue?: LaunchQueue }).launchQueue;
      if (!queue) return;
      openHandlers.push(handler);
      if (openHandlers.length > 1) return;
      queue.setConsumer(async ({ files }) => {
        for (const handle of files) {
          if (!isFileHandle(handle)) continue;
          try {
            const opened = await openHandle(handle);
            for (const open of openHandlers) open(opened);
          } catch (error) {
            // The contract has no error channel for launches: report it where it can be seen.
            console.error(error instanceof Error ? error.message : error);
          }
        }
      });
    },

    openDropped: openLoose,

    async openDroppedItem(item) {
      // Both before the first await: the drop's items go dead once its handler returns.
      const pending = (item as DataTransferItem & HandleItem).getAsFileSystemHandle?.();
      const file = item.getAsFile();
      const handle = await pending?.catch(() => null);
      if (handle && !isFileHandle(handle))
        throw new Error(`${handle.name} is a folder, not a file`);
      if (handle) return openHandle(handle);
      if (!file) throw new Error('the dropped item is not a file');
      return openLoose(file);
    },
  };
  return bridge;
}

/** Asks for `mode` access when the handle doesn't have it; throws NotAllowedError if refused. */
async function ensurePermission(handle: FileSystemFileHandle, mode: PermissionMode) {
  const permissions = handle as FileSystemFileHandle & PermissionHandle;
  // Handles without a permission model (origin-private files) are always accessible.
  if (!permissions.queryPermission) return;
  if ((await permissions.queryPermission({ mode })) === 'granted') return;
  if ((await permissions.requestPermission?.({ mode })) === 'granted') return;
  throw new DOMException(`${mode} access was not granted`, 'NotAllowedError');
}

/** Chromium writes to a swap file and moves it over the original on close(): atomic. */
async function writeText(handle: FileSystemFileHandle, text: string): Promise<void> {
  const writable = await handle.createWritable();
  try {
    await writable.write(text);
    await writable.close();
  } catch (error) {
    await writable.abort().catch(() => undefined);
    throw error;
  }
}

function isFileHandle(handle: FileSystemHandle): handle is FileSystemFileHandle {
  return handle.kind === 'file';
}

function isGone(error: unknown): boolean {
  return error instanceof Error && error.name === 'NotFoundError';
}

function newId(prefix: string): string {
  // randomUUID exists only in secure contexts; the web build may be served over plain http.
  const random =
    typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return prefix + random;
}

/** Browser storage that fails (blocked, full, private mode) shouldn't break files. */
async function quietly<T>(run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    console.warn('Weightcraft: browser storage failed:', error);
    return undefined;
  }
}

async function storage(what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`could not ${what} in browser storage: ${reason}`, { cause: error });
  }
}
