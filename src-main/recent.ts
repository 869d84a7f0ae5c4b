/**
 * The recent-files list: most recent first, at most ten, one entry per file, kept as JSON in
 * the app's data folder. Files that have since moved stay listed (opening one says it is gone);
 * an unreadable list starts over empty rather than stopping the app.
 */
import { basename, isAbsolute, join } from 'node:path';
import type { RecentFile } from '../src-shared/bridge.ts';
import { readTextFile, saveAtomically } from '../src-node/files.ts';

export const RECENT_FILE_NAME = 'recent-files.json';
export const MAX_RECENT = 10;

interface Entry {
  path: string;
  /** ISO 8601 date-time of the last open or save. */
  used: string;
}

export interface RecentListOptions {
  /** The folder the list lives in: `app.getPath('userData')`. */
  folder: string;
  max?: number;
  /** Case-insensitive file systems (Windows, macOS) treat `A.wcmodel` and `a.wcmodel` as one. */
  platform?: NodeJS.Platform;
  now?: () => Date;
}

export class RecentList {
  readonly #path: string;
  readonly #max: number;
  readonly #foldCase: boolean;
  readonly #now: () => Date;
  #entries: Entry[] | null = null;
  #writes: Promise<void> = Promise.resolve();
  readonly #listeners = new Set<() => void>();

  constructor(options: RecentListOptions) {
    this.#path = join(options.folder, RECENT_FILE_NAME);
    this.#max = options.max ?? MAX_RECENT;
    const platform = options.platform ?? process.platform;
    this.#foldCase = platform === 'win32' || platform === 'darwin';
    this.#now = options.now ?? (() => new Date());
  }

  /** Most recent first. */
  async list(): Promise<RecentFile[]> {
    return (await this.#load()).map(toRecentFile);
  }

  async has(path: string): Promise<boolean> {
    return (await this.#load()).some((entry) => this.#same(entry.path, path));
  }

  /** Puts `path` first (moving it up if listed) and saves the list. */
  async add(path: string): Promise<void> {
    const entries = await this.#load();
    const rest = entries.filter((entry) => !this.#same(entry.path, path));
    this.#entries = [{ path, used: this.#now().toISOString() }, ...rest].slice(0, this.#max);
    await this.#changed();
  }

  async clear(): Promise<void> {
    await this.#load();
    this.#entries = [];
    await this.#changed();
  }

  /** Called after every change (the menu rebuilds its Open Recent list). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #key(path: string): string {
    return this.#foldCase ? path.toLowerCase() : path;
  }

  #same(a: string, b: string): boolean {
    return this.#key(a) === this.#key(b);
  }

  async #load(): Promise<Entry[]> {
    if (!this.#entries) {
      const entries = await readEntries(this.#path, this.#max, (path) => this.#key(path));
      this.#entries ??= entries;
    }
    return this.#entries;
  }

  async #changed(): Promise<void> {
    const text = JSON.stringify({ version: 1, files: this.#entries }, null, 2) + '\n';
    // Writes go one after another, each with the list as it was when it was queued.
    const write = this.#writes.then(() => saveAtomically(this.#path, text, { backup: false }));
    this.#writes = write.catch(() => undefined);
    for (const listener of this.#listeners) listener();
    await write;
  }
}

function toRecentFile(entry: Entry): RecentFile {
  return { file: { id: entry.path, name: basename(entry.path) }, used: entry.used };
}

/** The saved list, keeping every well-formed entry; anything unreadable gives an empty list. */
async function readEntries(
  path: string,
  max: number,
  key: (path: string) => string,
): Promise<Entry[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readTextFile(path, { maxBytes: 2 ** 20, what: 'the recent list' }));
  } catch {
    return [];
  }
  const files = (data as { files?: unknown } | null)?.files;
  if (!Array.isArray(files)) return [];
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const item of files as unknown[]) {
    const { path: file, used } = (item ?? {}) as Partial<Record<keyof Entry, unknown>>;
    if (typeof file !== 'string' || !isAbsolute(file) || file.includes('\0')) continue;
    if (typeof used !== 'string' || Number.isNaN(Date.parse(used)) || seen.has(key(file))) continue;
    seen.add(key(file));
    entries.push({ path: file, used });
  }
  return entries.slice(0, max);
}
