import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createWebStore } from './web-store.ts';

// Node has no FileSystemFileHandle; any structured-cloneable value stands in for one here.
const handle = (name: string) => ({ kind: 'file', name }) as unknown as FileSystemFileHandle;
const ref = (n: number) => ({ id: `fs:${n}`, name: `f${n}.wcmodel` });
let db = 0;
const freshStore = () => createWebStore(`weightcraft-test-${db++}`);

describe('web store', () => {
  it('keeps recent files with their handles across store instances (reloads)', async () => {
    const name = `weightcraft-test-${db++}`;
    const store = createWebStore(name);
    await store.remember(ref(1), handle('f1.wcmodel'), new Date('2025-01-01T00:00:00Z'));
    await store.remember(ref(2), handle('f2.wcmodel'), new Date('2025-01-02T00:00:00Z'));
    const reloaded = createWebStore(name);
    expect(await reloaded.recentFiles()).toEqual([
      { file: ref(2), used: '2025-01-02T00:00:00.000Z' },
      { file: ref(1), used: '2025-01-01T00:00:00.000Z' },
    ]);
    expect(await reloaded.handle('fs:1')).toEqual({ kind: 'file', name: 'f1.wcmodel' });
  });

  it('forgets the handles of files that fall off the list, unless recovery needs one', async () => {
    const store = freshStore();
    await store.remember(ref(0), handle('f0'));
    await store.writeRecovery({ text: '{}', file: ref(0), saved: '2025-01-01T00:00:00Z' });
    for (let i = 1; i <= 11; i++) await store.remember(ref(i), handle(`f${i}`));
    const recent = (await store.recentFiles()).map((entry) => entry.file.id);
    expect(recent).toHaveLength(10);
    expect(recent).not.toContain('fs:1');
    expect(await store.handle('fs:1')).toBeUndefined();
    expect(await store.handle('fs:0')).toBeDefined(); // the recovery's file
    await store.forget('fs:11');
    expect((await store.recentFiles())[0]?.file.id).toBe('fs:10');
    expect(await store.handle('fs:11')).toBeUndefined();
  });

  it('leaves the list as it was when a handle cannot be stored', async () => {
    const store = freshStore();
    await store.remember(ref(1), handle('f1'));
    const uncloneable = { name: 'f2', getFile: () => null } as unknown as FileSystemFileHandle;
    await expect(store.remember(ref(2), uncloneable)).rejects.toThrow();
    expect((await store.recentFiles()).map((entry) => entry.file.id)).toEqual(['fs:1']);
    expect(await store.handle('fs:2')).toBeUndefined();
  });

  it('writes, reads and clears the recovery record, keeping its file handle', async () => {
    const store = freshStore();
    expect(await store.readRecovery()).toBeNull();
    const recovery = { text: '{"a":1}', file: ref(3), saved: '2025-03-03T00:00:00.000Z' };
    await store.writeRecovery(recovery, handle('f3.wcmodel'));
    expect(await store.readRecovery()).toEqual(recovery);
    expect(await store.handle('fs:3')).toBeDefined();
    await store.writeRecovery({ ...recovery, text: 'newer', file: null });
    expect(await store.readRecovery()).toEqual({ ...recovery, text: 'newer', file: null });
    await store.clearRecovery();
    expect(await store.readRecovery()).toBeNull();
  });
});
