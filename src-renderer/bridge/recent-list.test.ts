import { describe, expect, it } from 'vitest';
import type { RecentFile } from '../../src-shared/bridge.ts';
import { addRecent, MAX_RECENT, readRecentList, removeRecent } from './recent-list.ts';

const entry = (id: string, used = '2025-01-01T00:00:00.000Z', name = `${id}.wcmodel`) => ({
  file: { id, name },
  used,
});
const ids = (list: RecentFile[]) => list.map((recent) => recent.file.id);

describe('recent list', () => {
  it('puts the newest first', () => {
    expect(ids(addRecent([entry('a'), entry('b')], entry('c')))).toEqual(['c', 'a', 'b']);
  });

  it('keeps one entry per id, moved to the front with its new name and date', () => {
    const list = addRecent(
      [entry('a'), entry('b'), entry('c')],
      entry('b', '2025-02-02', 'x.json'),
    );
    expect(list).toEqual([entry('b', '2025-02-02', 'x.json'), entry('a'), entry('c')]);
  });

  it('holds at most ten, dropping the oldest', () => {
    let list: RecentFile[] = [];
    for (let i = 0; i < 12; i++) list = addRecent(list, entry(`f${i}`));
    expect(list).toHaveLength(MAX_RECENT);
    expect(ids(list)[0]).toBe('f11');
    expect(ids(list)).not.toContain('f1');
    expect(ids(list).at(-1)).toBe('f2');
  });

  it('removes by id and leaves the input alone', () => {
    const list = [entry('a'), entry('b')];
    expect(ids(removeRecent(list, 'a'))).toEqual(['b']);
    expect(ids(list)).toEqual(['a', 'b']);
  });

  it('reads back only well-formed entries from storage', () => {
    expect(readRecentList(undefined)).toEqual([]);
    expect(readRecentList({ not: 'a list' })).toEqual([]);
    const stored = [entry('a'), { file: { id: 1, name: 'x' }, used: 'y' }, null, entry('b')];
    expect(ids(readRecentList(stored))).toEqual(['a', 'b']);
    // Extra fields don't come along.
    expect(readRecentList([{ ...entry('a'), extra: 1 }])).toEqual([entry('a')]);
  });
});
