import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_RECENT, RECENT_FILE_NAME, RecentList } from './recent.ts';

let folder: string;
let clock: number;
const now = () => new Date(Date.UTC(2025, 0, 1) + clock++ * 1000);

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'weightcraft-recent-'));
  clock = 0;
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const list = (platform: NodeJS.Platform = 'linux') => new RecentList({ folder, now, platform });
const paths = async (recent: RecentList) => (await recent.list()).map((r) => r.file.id);

describe('recent files', () => {
  it('lists the most recent first, with names and dates', async () => {
    const recent = list();
    await recent.add('/models/a.wcmodel');
    await recent.add('/models/b.wcmodel');
    expect(await recent.list()).toEqual([
      { file: { id: '/models/b.wcmodel', name: 'b.wcmodel' }, used: '2025-01-01T00:00:01.000Z' },
      { file: { id: '/models/a.wcmodel', name: 'a.wcmodel' }, used: '2025-01-01T00:00:00.000Z' },
    ]);
  });

  it('moves a file used again to the top instead of listing it twice', async () => {
    const recent = list();
    for (const name of ['a', 'b', 'c', 'a']) await recent.add(`/m/${name}.wcmodel`);
    expect(await paths(recent)).toEqual(['/m/a.wcmodel', '/m/c.wcmodel', '/m/b.wcmodel']);
  });

  it('treats paths differing only in case as one file on Windows and macOS', async () => {
    const recent = list('win32');
    await recent.add('C:\\Models\\Net.wcmodel');
    await recent.add('c:\\models\\net.wcmodel');
    expect(await paths(recent)).toEqual(['c:\\models\\net.wcmodel']);
    const linux = new RecentList({ folder: mkdtempSync(join(tmpdir(), 'wc-')), platform: 'linux' });
    await linux.add('/m/Net.wcmodel');
    await linux.add('/m/net.wcmodel');
    expect(await paths(linux)).toHaveLength(2);
  });

  it(`keeps at most ${MAX_RECENT}`, async () => {
    const recent = list();
    for (let i = 0; i < 15; i++) await recent.add(`/m/${i}.wcmodel`);
    const listed = await paths(recent);
    expect(listed).toHaveLength(MAX_RECENT);
    expect(listed[0]).toBe('/m/14.wcmodel');
    expect(listed.at(-1)).toBe('/m/5.wcmodel');
  });

  it('persists across restarts', async () => {
    await list().add('/m/a.wcmodel');
    await list().add('/m/b.wcmodel');
    expect(await paths(list())).toEqual(['/m/b.wcmodel', '/m/a.wcmodel']);
  });

  it('keeps files that no longer exist (opening one says so)', async () => {
    const recent = list();
    await recent.add(join(folder, 'gone.wcmodel'));
    expect(await recent.has(join(folder, 'gone.wcmodel'))).toBe(true);
  });

  it('clears, and tells its listeners about every change', async () => {
    const recent = list();
    let changes = 0;
    recent.onChange(() => changes++);
    await recent.add('/m/a.wcmodel');
    await recent.clear();
    expect(await recent.list()).toEqual([]);
    expect(changes).toBe(2);
    expect(JSON.parse(readFileSync(join(folder, RECENT_FILE_NAME), 'utf8'))).toEqual({
      version: 1,
      files: [],
    });
  });

  it.each([
    ['not JSON', '{"files": [ {"path": '],
    ['the wrong shape', '{"files": "many"}'],
    ['null', 'null'],
    ['binary', '\u0000\u0001'],
  ])('starts empty when the saved list is %s', async (_what, text) => {
    writeFileSync(join(folder, RECENT_FILE_NAME), text);
    const recent = list();
    expect(await recent.list()).toEqual([]);
    await recent.add('/m/a.wcmodel'); // and recovers on the next change
    expect(await paths(list())).toEqual(['/m/a.wcmodel']);
  });

  it('drops malformed entries but keeps the good ones', async () => {
    writeFileSync(
      join(folder, RECENT_FILE_NAME),
      JSON.stringify({
        version: 1,
        files: [
          { path: '/m/good.wcmodel', used: '2024-05-01T10:00:00.000Z' },
          { path: 'relative.wcmodel', used: '2024-05-01T10:00:00.000Z' },
          { path: 42, used: '2024-05-01T10:00:00.000Z' },
          { path: '/m/bad-date.wcmodel', used: 'yesterday' },
          null,
          { path: '/m/good.wcmodel', used: '2024-04-01T10:00:00.000Z' },
        ],
      }),
    );
    expect(await paths(list())).toEqual(['/m/good.wcmodel']);
  });
});
