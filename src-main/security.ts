/**
 * The window's security settings and guards, as plain functions so Node tests can check them
 * without an Electron binary. Electron's security checklist: isolate and sandbox every renderer,
 * no Node in the page, the app's own origin only (app://weightcraft, or the dev server), no
 * navigation or redirect away, no new windows, no webviews, no permissions.
 */
import type { WebPreferences } from 'electron';

export { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, SECURITY_HEADERS } from './csp.ts';

/** The packaged renderer is served from app://weightcraft/ (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'weightcraft';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/**
 * `scheme://host:port` of a URL. Not `URL.origin`: for schemes it does not know (app:), the
 * WHATWG parser in Node answers "null", which would make every app: URL look alike.
 */
function originOf(url: string): string | null {
  try {
    const { protocol, host } = new URL(url);
    return host ? `${protocol}//${host}` : null;
  } catch {
    return null;
  }
}

/** True only for the app's own pages: app://weightcraft, or the dev server in development. */
export function isAppUrl(url: string, devServerUrl: string | undefined): boolean {
  const origin = originOf(url);
  return origin !== null && origin === (devServerUrl ? originOf(devServerUrl) : APP_ORIGIN);
}

type Preventable = { preventDefault(): void };

/** The few WebContents events the guards need; Electron's WebContents satisfies it. */
export interface GuardedContents {
  on(event: 'will-navigate', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Keeps one WebContents on the app's pages: no navigation or redirect away, no window, no webview. */
export function guardContents(contents: GuardedContents, devServerUrl: string | undefined): void {
  const stayHome = (event: Preventable, url: string) => {
    if (!isAppUrl(url, devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Electron's `app`, as far as the app-wide guard needs it. */
export interface ContentsSource {
  on(
    event: 'web-contents-created',
    listener: (event: unknown, contents: GuardedContents) => void,
  ): unknown;
}

/** Guards every WebContents the app ever creates, not only the windows we make ourselves. */
export function guardAllContents(app: ContentsSource, devServerUrl: string | undefined): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, devServerUrl));
}

/** Electron's `Session`, as far as the permission guards need it. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (contents: unknown, permission: string) => boolean): void;
}

/**
 * The app needs no permission (camera, notifications, clipboard reads, …) but full screen, which
 * presentation mode asks for with a key press or a click (Electron asks this handler then):
 * every other request is refused, and every check (which the page can make without asking, e.g.
 * for full screen with no gesture) answers no.
 */
export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permission === 'fullscreen'),
  );
  session.setPermissionCheckHandler(() => false);
}
