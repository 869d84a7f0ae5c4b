/** The UI's one way to its shell: the desktop preload's bridge, or the browser's. */
import type { Bridge, OpenedFile } from '../../src-shared/bridge.ts';
import { createWebBridge, type WebBridge } from './web-bridge.ts';

let web: WebBridge | undefined;

const webBridge = () => (web ??= createWebBridge());

/** `window.weightcraft` in the desktop app, else one browser bridge for the page. */
export function getBridge(): Bridge {
  return window.weightcraft ?? webBridge();
}

/**
 * Opens a dropped item in either shell: the desktop reads the File (and knows its path), the
 * browser asks for a handle first so Save can write back. Call it synchronously in the drop
 * handler; the item is unreadable once that returns.
 */
export function openDroppedItem(item: DataTransferItem): Promise<OpenedFile> {
  const desktop = window.weightcraft;
  if (!desktop) return webBridge().openDroppedItem(item);
  const file = item.getAsFile();
  return file
    ? desktop.openDropped(file)
    : Promise.reject(new Error('the dropped item is not a file'));
}
