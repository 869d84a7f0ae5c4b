/**
 * index.ts wired to a fake Electron: the window, the menu, the IPC loop with its sender check,
 * a file from the command line, and the close handshake from prompt to closed window.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, MENU_CHANNEL, OPEN_REQUEST_CHANNEL } from './channels.ts';
import type { IpcResult } from './channels.ts';
import { flattenMenu, type MenuSpecItem } from './menu.ts';
import { SECURITY_HEADERS } from './csp.ts';
import { APP_ENTRY } from './security.ts';
import { BrowserWindow, firstWindow, state } from './test-support/fake-electron.ts';

vi.mock('electron', () => import('./test-support/fake-electron.ts'));

let root: string;
let model: string;
const argv = process.argv;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'weightcraft-main-'));
  model = join(root, 'net.wcmodel');
  writeFileSync(model, '{"format": "weightcraft"}');
  state.paths = { userData: join(root, 'data'), documents: root };
  process.argv = ['/opt/Weightcraft/weightcraft', model]; // opened from the command line
  await import('./index.ts');
  process.argv = argv;
  state.ready!();
  await firstWindow;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const page = () => BrowserWindow.all[0]!;

/** An invoke from the page (or from `url`), through the handler index.ts registered. */
async function invoke(channel: string, args: unknown[], url?: string) {
  const window = page();
  const event = {
    sender: window.webContents,
    senderFrame: { url: url ?? window.loaded, parent: null },
  };
  return (await state.handlers.get(channel)!(event, ...args)) as IpcResult<unknown>;
}

describe('the main process, wired', () => {
  it('opens one secure window showing the renderer from app://weightcraft', () => {
    expect(BrowserWindow.all).toHaveLength(1);
    expect(page().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(page().loaded).toBe(APP_ENTRY);
    expect(state.sandboxEnabled).toBe(true);
    expect(state.privilegedSchemes.map((s) => s.scheme)).toEqual(['app']);
  });

  it('refuses every permission, asked for or only checked', () => {
    let granted: boolean | undefined;
    state.permissionHandler!(null, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
    expect(state.permissionCheck!(null, 'clipboard-read')).toBe(false);
  });

  it('serves app:// with the security headers and refuses paths out of the renderer', async () => {
    const serve = state.protocols.get('app')!;
    const escape = await serve(new Request('app://weightcraft/..%2f..%2fpackage.json'));
    expect(escape.status).toBe(403);
    expect(escape.headers.get('Content-Security-Policy')).toBe(
      SECURITY_HEADERS['Content-Security-Policy'],
    );
  });

  it('guards the window it made: no navigation away, no new window, no webview', () => {
    const contents = page().webContents;
    const prevented = (event: string, ...args: unknown[]) => {
      let stopped = false;
      contents.emit(event, { preventDefault: () => (stopped = true) }, ...args);
      return stopped;
    };
    expect(prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', `${APP_ENTRY}#again`)).toBe(false);
    expect(prevented('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler!({ url: APP_ENTRY })).toEqual({ action: 'deny' });
  });

  it('handles every channel, refusing other pages', async () => {
    expect([...state.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(await invoke('weightcraft:recentFiles', [], 'https://evil.example/')).toEqual({
      ok: false,
      message: "refused: the request did not come from Weightcraft's own page",
    });
  });

  it('sends the command-line file once the page listens, and lists it in Open Recent', async () => {
    expect(page().webContents.sent).toEqual([]);
    expect(await invoke('weightcraft:listening', ['openRequest'])).toEqual({ ok: true });
    // Reading the file is asynchronous: wait for the send rather than for a fixed time.
    await expect
      .poll(() => page().webContents.sent)
      .toEqual([
        [
          OPEN_REQUEST_CHANNEL,
          { file: { id: model, name: 'net.wcmodel' }, text: '{"format": "weightcraft"}' },
        ],
      ]);
    const items = flattenMenu(state.menu as MenuSpecItem[]);
    expect(items.some((item) => item.label === 'net.wcmodel')).toBe(true);
  });

  it('titles the window from the document state', async () => {
    await invoke('weightcraft:setDocumentState', [{ title: 'net.wcmodel', dirty: true }]);
    expect(page().title).toBe(
      process.platform === 'darwin' ? 'net.wcmodel — Weightcraft' : '• net.wcmodel — Weightcraft',
    );
  });

  it('asks before closing unsaved work; Save saves through the page, then closes', async () => {
    const window = page();
    state.messageAnswers.push(0); // Save
    window.close();
    await expect.poll(() => state.messages.length).toBeGreaterThan(0);
    expect(window.isDestroyed()).toBe(false);
    expect(state.messages.at(-1)).toMatchObject({
      message: 'Do you want to save the changes you made to net.wcmodel?',
      buttons: ['Save', "Don't Save", 'Cancel'],
    });
    // The page starts listening to the menu only now: the queued 'save' reaches it.
    await invoke('weightcraft:listening', ['menu']);
    expect(window.webContents.sent.at(-1)).toEqual([MENU_CHANNEL, 'save']);
    const saved = await invoke('weightcraft:save', [
      { id: model, name: 'net.wcmodel' },
      '{"saved": true}',
    ]);
    expect(saved).toEqual({ ok: true, value: { id: model, name: 'net.wcmodel' } });
    expect(readFileSync(model, 'utf8')).toBe('{"saved": true}');
    expect(window.isDestroyed()).toBe(false);
    await invoke('weightcraft:setDocumentState', [{ title: 'net.wcmodel', dirty: false }]);
    expect(window.isDestroyed()).toBe(true);
  });
});
