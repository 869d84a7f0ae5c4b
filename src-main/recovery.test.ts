import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Recovery } from '../src-shared/bridge.ts';
import { RECOVERY_FILE_NAME, RecoveryStore, REFUSED_RECOVERY_FILE_NAME } from './recovery.ts';

let folder: string;
beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'weightcraft-recovery-'))));
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const sample: Recovery = {
  text: '{"format": "weightcraft", "version": 1}',
  file: { id: '/models/network.wcmodel', name: 'network.wcmodel' },
  saved: '2025-03-01T12:00:00.000Z',
};

describe('recovery file', () => {
  it('reads back what was written, and nothing once cleared', async () => {
    const store = new RecoveryStore(folder);
    expect(await store.read()).toBeNull();
    await store.write(sample);
    expect(await store.read()).toEqual(sample);
    await store.write({ ...sample, file: null });
    expect(await new RecoveryStore(folder).read()).toEqual({ ...sample, file: null });
    await store.clear();
    expect(await store.read()).toBeNull();
    await store.clear(); // clearing twice is fine
  });

  it('writes atomically, leaving only the recovery file', async () => {
    const store = new RecoveryStore(folder);
    await Promise.all([
      store.write(sample),
      store.write(sample),
      store.clear(),
      store.write(sample),
    ]);
    expect(JSON.parse(readFileSync(join(folder, RECOVERY_FILE_NAME), 'utf8'))).toMatchObject({
      version: 1,
      text: sample.text,
    });
    expect(await store.read()).toEqual(sample);
  });

  it('refuses to write something that is not a recovery', async () => {
    const store = new RecoveryStore(folder);
    await expect(store.write({ ...sample, saved: 'now' })).rejects.toThrow();
    await expect(store.write({ text: 42 } as unknown as Recovery)).rejects.toThrow();
    expect(existsSync(store.path)).toBe(false);
  });

  it.each([
    ['not JSON', '{"version": 1, "text": "{'],
    ['another version', JSON.stringify({ ...sample, version: 2 })],
    ['missing its text', JSON.stringify({ version: 1, file: null, saved: sample.saved })],
    [
      'a relative file path',
      JSON.stringify({ version: 1, ...sample, file: { id: 'x', name: 'x' } }),
    ],
    ['a bad date', JSON.stringify({ version: 1, ...sample, saved: 'tuesday' })],
  ])('refuses a recovery file that is %s, and sets it aside', async (_what, text) => {
    writeFileSync(join(folder, RECOVERY_FILE_NAME), text);
    const store = new RecoveryStore(folder);
    expect(await store.read()).toBeNull();
    expect(existsSync(join(folder, RECOVERY_FILE_NAME))).toBe(false);
    expect(readFileSync(join(folder, REFUSED_RECOVERY_FILE_NAME), 'utf8')).toBe(text);
  });
});
