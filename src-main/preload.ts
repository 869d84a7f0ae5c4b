/**
 * The only bridge between page and Node: the desktop `Bridge`, one named function per
 * operation over invoke/handle, exposed as `window.weightcraft`. Never ipcRenderer itself; the
 * listeners get their data without the IPC event. Sandboxed: this file is bundled with nothing
 * but `electron` left to require.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { Bridge, MenuAction, OpenedFile } from '../src-shared/bridge.ts';
import type { InvokeChannel, IpcResult, ListenerKind } from './channels.ts';
import { MENU_CHANNEL, OPEN_REQUEST_CHANNEL } from './channels.ts';

async function call<T>(channel: InvokeChannel, ...args: unknown[]): Promise<T> {
  const result = (await ipcRenderer.invoke(channel, ...args)) as IpcResult<T>;
  if (result.ok) return result.value;
  throw new Error(result.message);
}

/** One listener per channel: registering again (a hot reload) replaces the previous one. */
type Listener = (event: IpcRendererEvent, ...args: unknown[]) => void;
const listeners = new Map<string, Listener>();

function listen<T>(channel: string, kind: ListenerKind, handler: (value: T) => void): void {
  const previous = listeners.get(channel);
  if (previous) ipcRenderer.removeListener(channel, previous);
  const listener: Listener = (_event, value) => handler(value as T);
  listeners.set(channel, listener);
  ipcRenderer.on(channel, listener);
  // Tell the main process it may now send what it kept for us (a file from the command line).
  void call('weightcraft:listening', kind).catch(report);
}

function report(error: unknown): void {
  console.error('Weightcraft:', (error as Error).message);
}

const api: Bridge = {
  shell: 'desktop',
  openFile: () => call('weightcraft:openFile'),
  openRecent: (file) => call('weightcraft:openRecent', { id: file.id, name: file.name }),
  save: (file, text) => call('weightcraft:save', { id: file.id, name: file.name }, text),
  saveAs: (suggestedName, text) => call('weightcraft:saveAs', suggestedName, text),
  exportFile: (suggestedName, text, mimeType) =>
    call('weightcraft:exportFile', suggestedName, text, mimeType),
  recentFiles: () => call('weightcraft:recentFiles'),
  writeRecovery: async (recovery) => {
    const { text, file, saved } = recovery;
    await call('weightcraft:writeRecovery', {
      text,
      file: file && { id: file.id, name: file.name },
      saved,
    });
  },
  readRecovery: () => call('weightcraft:readRecovery'),
  clearRecovery: async () => {
    await call('weightcraft:clearRecovery');
  },
  setDocumentState: (state) => {
    void call('weightcraft:setDocumentState', { title: state.title, dirty: state.dirty }).catch(
      report,
    );
  },
  onMenu: (handler) => listen<MenuAction>(MENU_CHANNEL, 'menu', handler),
  onOpenRequest: (handler) => listen<OpenedFile>(OPEN_REQUEST_CHANNEL, 'openRequest', handler),
  openDropped: async (file) => {
    // The path comes from the OS, through Electron, for a File from a real drop: never a string
    // the page could make up. A File the page built itself has no path.
    // Electron checks the argument itself (it throws for anything but a File).
    let path: string;
    try {
      path = webUtils.getPathForFile(file as File);
    } catch {
      path = '';
    }
    if (!path) throw new Error(`${String(file?.name)}: not a file on this computer`);
    return call('weightcraft:openDropped', path);
  },
};

contextBridge.exposeInMainWorld('weightcraft', api);
