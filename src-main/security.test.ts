import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY,
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  denyPermissions,
  guardAllContents,
  guardContents,
  isAppUrl,
  secureWebPreferences,
  type GuardedContents,
} from './security.ts';

describe('window security', () => {
  it('isolates and sandboxes the renderer, with no Node integration', () => {
    const prefs = secureWebPreferences('/app/preload.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('the Content-Security-Policy', () => {
  const sources = (directive: string) => CSP_DIRECTIVES[directive] ?? [];

  it("relaxes scripts by 'wasm-unsafe-eval' only: WebAssembly compiles, nothing else evaluates", () => {
    expect(sources('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    // Every directive that governs code, scripts or workers: no other relaxation anywhere.
    const code = ['default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'worker-src'];
    const relaxations = code.flatMap(sources).filter((source) => /unsafe|\*|:$/.test(source));
    expect(relaxations).toEqual(["'wasm-unsafe-eval'"]);
    expect(sources('worker-src')).toEqual(["'self'"]);
    expect(sources('default-src')).toEqual(["'self'"]);
  });

  it('allows nothing from other origins and no plugins, base or forms', () => {
    for (const [name, list] of Object.entries(CSP_DIRECTIVES)) {
      for (const source of list) {
        expect(source, name).toMatch(
          /^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|data:|blob:)$/,
        );
      }
    }
    // Inline code only for styles (Svelte's style="" attributes); data: and blob: only for images.
    expect(
      Object.keys(CSP_DIRECTIVES).filter((name) => sources(name).includes("'unsafe-inline'")),
    ).toEqual(['style-src']);
    expect(
      Object.keys(CSP_DIRECTIVES).filter((name) => /data:|blob:/.test(sources(name).join(' '))),
    ).toEqual(['img-src']);
    expect(sources('object-src')).toEqual(["'none'"]);
    expect(sources('base-uri')).toEqual(["'none'"]);
    expect(sources('form-action')).toEqual(["'none'"]);
  });

  it('is sent as one header value naming each directive once', () => {
    const parts = CONTENT_SECURITY_POLICY.split('; ');
    expect(parts.map((part) => part.split(' ')[0])).toEqual(Object.keys(CSP_DIRECTIVES));
    expect(parts).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });
});

describe("the app's origin", () => {
  it('is app://weightcraft exactly, never any file: page', () => {
    expect(isAppUrl(APP_ENTRY, undefined)).toBe(true);
    expect(isAppUrl('app://weightcraft/assets/engine.worker.js', undefined)).toBe(true);
    expect(isAppUrl('file:///app/out/renderer/index.html', undefined)).toBe(false);
    expect(isAppUrl('file:///home/me/Downloads/evil.html', undefined)).toBe(false);
    expect(isAppUrl('app://other/index.html', undefined)).toBe(false);
    expect(isAppUrl('app://weightcraft.example.com/', undefined)).toBe(false);
    expect(isAppUrl('https://weightcraft/', undefined)).toBe(false);
    expect(isAppUrl('not a url', undefined)).toBe(false);
  });

  it('is the dev server by exact origin in development', () => {
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl(APP_ENTRY, 'http://localhost:5173')).toBe(false);
  });
});

/** A WebContents stand-in: events the guards listen to, and the window-open handler. */
class Contents extends EventEmitter implements GuardedContents {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.openHandler = handler;
  }
  /** Emits `event` as Electron would; true when a guard prevented it. */
  prevented(event: string, ...args: unknown[]): boolean {
    let stopped = false;
    this.emit(event, { preventDefault: () => (stopped = true) }, ...args);
    return stopped;
  }
}

describe('the contents guards', () => {
  it('block navigation and redirects away from the app, webviews and every new window', () => {
    const contents = new Contents();
    guardContents(contents, undefined);
    expect(contents.prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.prevented('will-navigate', 'file:///app/out/renderer/index.html')).toBe(true);
    expect(contents.prevented('will-navigate', APP_ENTRY)).toBe(false);
    expect(contents.prevented('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.prevented('will-redirect', `${APP_ENTRY}?again`)).toBe(false);
    expect(contents.prevented('will-attach-webview')).toBe(true);
    expect(contents.openHandler!({ url: APP_ENTRY })).toEqual({ action: 'deny' });
  });

  it('guard every WebContents the app creates, not only our windows', () => {
    const app = new EventEmitter();
    guardAllContents(app, undefined);
    const stray = new Contents(); // a devtools page, a webview's contents, …
    app.emit('web-contents-created', {}, stray);
    expect(stray.prevented('will-navigate', 'https://example.com/')).toBe(true);
    expect(stray.prevented('will-attach-webview')).toBe(true);
    expect(stray.openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('refuse every permission request but full screen, and answer every check with no', () => {
    let request: ((c: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    let check: ((c: unknown, p: string) => boolean) | undefined;
    denyPermissions({
      setPermissionRequestHandler: (handler) => (request = handler),
      setPermissionCheckHandler: (handler) => (check = handler),
    });
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'clipboard-read']) {
      request!(null, permission, (granted) => answers.push(granted));
    }
    expect(answers).toEqual([false, false, false]);
    // Presentation mode's full screen, asked for with a key press, is the one request granted.
    request!(null, 'fullscreen', (granted) => answers.push(granted));
    expect(answers.at(-1)).toBe(true);
    for (const permission of ['clipboard-read', 'fileSystem', 'geolocation', 'usb', 'fullscreen']) {
      expect(check!(null, permission), permission).toBe(false);
    }
  });
});
