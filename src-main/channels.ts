/**
 * The IPC channels between the preload and the main process, and the envelope every reply comes
 * in. Imported by the preload, so it must stay free of Node and of anything but types.
 */

/** Renderer → main, over `invoke`/`handle`: one channel per Bridge operation, named after it. */
export const INVOKE_CHANNELS = [
  'weightcraft:openFile',
  'weightcraft:openRecent',
  'weightcraft:save',
  'weightcraft:saveAs',
  'weightcraft:exportFile',
  'weightcraft:recentFiles',
  'weightcraft:writeRecovery',
  'weightcraft:readRecovery',
  'weightcraft:clearRecovery',
  'weightcraft:setDocumentState',
  'weightcraft:openDropped',
  /** The page has registered a listener ('menu' or 'openRequest'): queued messages may flow. */
  'weightcraft:listening',
] as const;

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** Main → renderer, over `webContents.send`. */
export const MENU_CHANNEL = 'weightcraft:menu';
export const OPEN_REQUEST_CHANNEL = 'weightcraft:openRequest';

export type ListenerKind = 'menu' | 'openRequest';

/**
 * Every handler answers with this instead of throwing: Electron would prefix a thrown error with
 * "Error invoking remote method …", and the UI shows these messages to the user as they are.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; message: string };
