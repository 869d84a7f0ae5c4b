/** The recent-files list as plain data: most recent first, one entry per file, at most ten. */
import type { FileRef, RecentFile } from '../../src-shared/bridge.ts';

export const MAX_RECENT = 10;

/** Puts `entry` first, dropping any older entry with the same id and anything past `max`. */
export function addRecent(
  list: readonly RecentFile[],
  entry: RecentFile,
  max = MAX_RECENT,
): RecentFile[] {
  return [entry, ...list.filter((recent) => recent.file.id !== entry.file.id)].slice(0, max);
}

export function removeRecent(list: readonly RecentFile[], id: string): RecentFile[] {
  return list.filter((recent) => recent.file.id !== id);
}

/** What IndexedDB held, kept only where it has the shape of a list entry (storage outlives code). */
export function readRecentList(value: unknown): RecentFile[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter(
      (entry): entry is RecentFile =>
        isRecord(entry) && isFileRef(entry['file']) && typeof entry['used'] === 'string',
    )
    .map(({ file, used }) => ({ file: { id: file.id, name: file.name }, used }))
    .slice(0, MAX_RECENT);
}

export function isFileRef(value: unknown): value is FileRef {
  return isRecord(value) && typeof value['id'] === 'string' && typeof value['name'] === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
