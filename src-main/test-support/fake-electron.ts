/**
 * Just enough of Electron's main-process API for index.ts to run in Node: windows that emit
 * 'close' and 'closed', ipcMain handlers the test can invoke, dialogs that answer from a
 * script, and a record of what was sent to each page.
 */
import { EventEmitter } from 'node:events';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export const state = {
  paths: {} as Record<string, string>,
  handlers: new Map<string, Handler>(),
  menu: null as unknown,
  /** Answers for showMessageBox (button index), showOpenDialog and showSaveDialog (path). */
  messageAnswers: [] as number[],
  messages: [] as { message: string; buttons?: string[] }[],
  openAnswers: [] as (string | null)[],
  saveAnswers: [] as (string | null)[],
  permissionHandler: null as null | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | ((c: unknown, p: string) => boolean),
  /** protocol.handle's handlers, by scheme; and the schemes registered as privileged. */
  protocols: new Map<string, (request: Request) => Response | Promise<Response>>(),
  privilegedSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
  sandboxEnabled: false,
  quits: 0,
  ready: null as null | (() => void),
};

let nextId = 1;
let isReady = false;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly sent: [string, unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  send(channel: string, value: unknown) {
    this.sent.push([channel, value]);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  reload() {}
}

export class BrowserWindow extends EventEmitter {
  static all: BrowserWindow[] = [];
  static getAllWindows = () => BrowserWindow.all.filter((w) => !w.destroyed);
  static getFocusedWindow = () => BrowserWindow.getAllWindows()[0] ?? null;
  readonly webContents = new FakeWebContents();
  title: string;
  edited = false;
  destroyed = false;
  loaded = '';

  constructor(readonly options: { title: string; webPreferences: object }) {
    super();
    this.title = options.title;
    BrowserWindow.all.push(this);
    // Like Electron: the app hears of every new WebContents.
    appEvents.emit('web-contents-created', {}, this.webContents);
    windowOpened.resolve(this);
  }
  loadFile(path: string) {
    this.loaded = path;
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  setTitle(title: string) {
    this.title = title;
  }
  setDocumentEdited(edited: boolean) {
    this.edited = edited;
  }
  isDestroyed() {
    return this.destroyed;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
  show() {}
  /** Like Electron: 'close' may be prevented; otherwise the window goes and 'closed' follows. */
  close() {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.destroyed = true;
    this.emit('closed');
  }
}

/** Resolves when the first window is made (index.ts makes it once the app is ready). */
const windowOpened = { resolve: (_window: BrowserWindow) => {} };
export const firstWindow = new Promise<BrowserWindow>(
  (resolve) => (windowOpened.resolve = resolve),
);

const appEvents = new EventEmitter();
export const app = Object.assign(appEvents, {
  isPackaged: false,
  getPath: (name: string) => state.paths[name] ?? `/tmp/${name}`,
  getVersion: () => '0.1.0',
  requestSingleInstanceLock: () => true,
  whenReady: () =>
    new Promise<void>((resolve) => {
      state.ready = () => {
        isReady = true;
        resolve();
      };
    }),
  isReady: () => isReady,
  setAboutPanelOptions: () => {},
  enableSandbox: () => {
    if (isReady) throw new Error('app.enableSandbox() must be called before the app is ready');
    state.sandboxEnabled = true;
  },
  quit: () => state.quits++,
});

export const ipcMain = {
  handle: (channel: string, handler: Handler) => state.handlers.set(channel, handler),
};

export const dialog = {
  showMessageBox: async (_window: unknown, options: { message: string; buttons?: string[] }) => {
    state.messages.push(options);
    return { response: state.messageAnswers.shift() ?? 0 };
  },
  showOpenDialog: async () => {
    const path = state.openAnswers.shift() ?? null;
    return { canceled: path === null, filePaths: path === null ? [] : [path] };
  },
  showSaveDialog: async () => {
    const path = state.saveAnswers.shift() ?? null;
    return { canceled: path === null, filePath: path ?? '' };
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown) => template,
  setApplicationMenu: (menu: unknown) => (state.menu = menu),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler: typeof state.permissionHandler) =>
      (state.permissionHandler = handler),
    setPermissionCheckHandler: (handler: typeof state.permissionCheck) =>
      (state.permissionCheck = handler),
    protocol: {
      handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) =>
        state.protocols.set(scheme, handler),
    },
  },
};

export const protocol = {
  registerSchemesAsPrivileged: (schemes: typeof state.privilegedSchemes) => {
    if (isReady) throw new Error('registerSchemesAsPrivileged must be called before ready');
    state.privilegedSchemes.push(...schemes);
  },
};
