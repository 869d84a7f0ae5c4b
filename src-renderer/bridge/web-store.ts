/**
 * What the web build keeps between visits, in one IndexedDB object store: the recent list, the
 * recovery record, and the FileSystemFileHandle of each file in them (handles are structured-
 * cloneable, so a file can be reopened after a reload once the user grants permission again).
 */
import { createStore, del, get, getMany, promisifyRequest, setMany } from 'idb-keyval';
import type { FileRef, RecentFile, Recovery } from '../../src-shared/bridge.ts';
import { addRecent, isFileRef, readRecentList, removeRecent } from './recent-list.ts';

const RECENT_KEY = 'recent';
const RECOVERY_KEY = 'recovery';
/** FileRef ids of files the store holds a handle for; ids without it never have one. */
export const HANDLE_PREFIX = 'fs:';

export interface WebStore {
  recentFiles(): Promise<RecentFile[]>;
  /** Puts the file first in the recent list with its handle; drops handles nothing refers to. */
  remember(file: FileRef, handle: FileSystemFileHandle, used?: Date): Promise<void>;
  /** Takes a file off the recent list (it was moved or deleted). */
  forget(id: string): Promise<void>;
  handle(id: string): Promise<FileSystemFileHandle | undefined>;
  /** The id of a remembered handle to the same file as `handle`, so each file is listed once. */
  idOf(handle: FileSystemFileHandle): Promise<string | undefined>;
  readRecovery(): Promise<Recovery | null>;
  /** Also stores `handle` for the recovery's file, so Save still writes in place after a crash. */
  writeRecovery(recovery: Recovery, handle?: FileSystemFileHandle): Promise<void>;
  clearRecovery(): Promise<void>;
}

export function createWebStore(dbName = 'weightcraft'): WebStore {
  const store = createStore(dbName, 'bridge');
  const recent = async () => readRecentList(await get(RECENT_KEY, store));

  /**
   * Rewrites the recent list and drops orphaned handles in one transaction, so two tabs can't
   * lose each other's files, and a handle that can't be stored leaves no entry behind.
   */
  const edit = (change: (objects: IDBObjectStore, list: RecentFile[]) => RecentFile[]) =>
    store('readwrite', (objects) => {
      const request = objects.get(RECENT_KEY);
      request.onsuccess = () => {
        objects.put(change(objects, readRecentList(request.result)), RECENT_KEY);
        prune(objects);
      };
      return promisifyRequest(objects.transaction);
    });

  return {
    recentFiles: recent,

    remember: (file, handle, used = new Date()) =>
      edit((objects, list) => {
        objects.put(handle, file.id);
        return addRecent(list, { file, used: used.toISOString() });
      }),

    forget: (id) => edit((_objects, list) => removeRecent(list, id)),

    handle: (id) => get<FileSystemFileHandle>(id, store),

    async idOf(handle) {
      const ids = (await recent()).map((entry) => entry.file.id);
      const handles = await getMany<FileSystemFileHandle | undefined>(ids, store);
      for (const [i, other] of handles.entries()) {
        if (other && (await other.isSameEntry(handle))) return ids[i];
      }
      return undefined;
    },

    readRecovery: async () => readRecovery(await get(RECOVERY_KEY, store)),

    async writeRecovery(recovery, handle) {
      const value: Recovery = {
        text: recovery.text,
        file: recovery.file && { id: recovery.file.id, name: recovery.file.name },
        saved: recovery.saved,
      };
      const entries: [IDBValidKey, unknown][] = [[RECOVERY_KEY, value]];
      if (handle && recovery.file) entries.push([recovery.file.id, handle]);
      await setMany(entries, store);
    },

    clearRecovery: () => del(RECOVERY_KEY, store),
  };
}

/** Deletes the handles that neither the recent list nor the recovery record refers to. */
function prune(objects: IDBObjectStore): void {
  // Requests in a transaction complete in order: by the last one's success all three are done.
  const list = objects.get(RECENT_KEY);
  const recovery = objects.get(RECOVERY_KEY);
  const all = objects.getAllKeys();
  all.onsuccess = () => {
    const keep = new Set(readRecentList(list.result).map((entry) => entry.file.id));
    const file = readRecovery(recovery.result)?.file;
    if (file) keep.add(file.id);
    for (const key of all.result) {
      if (typeof key === 'string' && key.startsWith(HANDLE_PREFIX) && !keep.has(key)) {
        objects.delete(key);
      }
    }
  };
}

/** The stored recovery record, or null when there is none or it isn't one. */
function readRecovery(value: unknown): Recovery | null {
  if (typeof value !== 'object' || value === null) return null;
  const { text, file, saved } = value as Record<string, unknown>;
  if (typeof text !== 'string' || typeof saved !== 'string') return null;
  if (file !== null && !isFileRef(file)) return null;
  return { text, file: file && { id: file.id, name: file.name }, saved };
}
