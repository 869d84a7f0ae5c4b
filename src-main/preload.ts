/**
 * The only bridge between page and Node: a small, named, typed API (never ipcRenderer itself).
 * File operations join it with the desktop file issue; for now the page learns its shell.
 */
import { contextBridge } from 'electron';

const api = {
  shell: 'desktop' as const,
  versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
};

export type DesktopApi = typeof api;

contextBridge.exposeInMainWorld('weightcraft', api);
