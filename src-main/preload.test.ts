/**
 * The preload, run in Node against a stand-in for Electron's renderer API: what the page gets
 * (one function per operation, never ipcRenderer) and where a dropped file's path comes from.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../src-shared/bridge.ts';

const exposed = new Map<string, unknown>();
const invoked: unknown[][] = [];
/** The paths the OS gave for files really dropped; files the page made have none. */
const osPaths = new WeakMap<File, string>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      return { ok: true, value: { file: { id: args[1], name: 'net.wcmodel' }, text: '{}' } };
    },
    on: () => {},
    removeListener: () => {},
  },
  webUtils: { getPathForFile: (file: File) => osPaths.get(file) ?? '' },
}));

let bridge: Bridge;

beforeAll(async () => {
  await import('./preload.ts');
  bridge = exposed.get('weightcraft') as Bridge;
});

describe('the preload', () => {
  it('exposes the bridge alone, as plain functions', () => {
    expect([...exposed.keys()]).toEqual(['weightcraft']);
    const values = Object.entries(bridge).filter(([key]) => key !== 'shell');
    for (const [key, value] of values) expect(typeof value, key).toBe('function');
    expect(Object.keys(bridge)).not.toContain('ipcRenderer');
    expect(Object.keys(bridge)).not.toContain('invoke');
  });

  it('opens a dropped file by the path the OS gave for it', async () => {
    const dropped = new File(['{}'], 'net.wcmodel');
    osPaths.set(dropped, '/home/me/models/net.wcmodel');
    invoked.length = 0;
    await bridge.openDropped(dropped);
    expect(invoked).toEqual([['weightcraft:openDropped', '/home/me/models/net.wcmodel']]);
  });

  it('refuses a file the page made up, or an object posing as one, without asking the main process', async () => {
    invoked.length = 0;
    const madeUp = new File(['{}'], '/etc/passwd');
    await expect(bridge.openDropped(madeUp)).rejects.toThrow(
      '/etc/passwd: not a file on this computer',
    );
    const posing = {
      name: '/home/me/.bashrc',
      size: 1,
      text: async () => '',
      path: '/home/me/.bashrc',
    };
    await expect(bridge.openDropped(posing)).rejects.toThrow('not a file on this computer');
    expect(invoked).toEqual([]);
  });
});
