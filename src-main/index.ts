/**
 * The Electron main process: wiring only. Windows with their security, the menu, files from the
 * command line and the OS, and the IPC handlers; every decision lives in a module tested in
 * Node (security, app-protocol, ipc, files, recent, recovery, menu, close-guard, launch).
 */
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  type IpcMainInvokeEvent,
} from 'electron';
import type { MenuAction } from '../src-shared/bridge.ts';
import { INVOKE_CHANNELS, MENU_CHANNEL, OPEN_REQUEST_CHANNEL } from './channels.ts';
import { CloseGuard, windowTitle, type CloseChoice } from './close-guard.ts';
import { createIpc, type Caller, type DialogOptions } from './ipc.ts';
import { fileFromArgv, Outbox } from './launch.ts';
import { buildMenu, toElectronTemplate, type MenuCommand } from './menu.ts';
import { RecentList } from './recent.ts';
import { RecoveryStore } from './recovery.ts';
import { APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol.ts';
import {
  APP_ENTRY,
  APP_SCHEME,
  denyPermissions,
  guardAllContents,
  secureWebPreferences,
} from './security.ts';

const APP_NAME = 'Weightcraft';
const devServerUrl = process.env['ELECTRON_RENDERER_URL'];
const isDev = !app.isPackaged;
const rendererDir = join(import.meta.dirname, '../renderer');

// Before 'ready': every renderer sandboxed, whatever its webPreferences; app:// a standard,
// secure scheme; and every WebContents guarded from its creation, not only our windows.
app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
guardAllContents(app, devServerUrl);

/** One window and what it waits to tell its page. Keyed by its webContents id. */
interface WindowSession {
  window: BrowserWindow;
  guard: CloseGuard;
  menu: Outbox<MenuAction>;
  opens: Outbox<string>;
  discarded: boolean;
  /** Closed by the guard after its prompt: a quit that the prompt paused goes on. */
  closedAfterPrompt: boolean;
}

const sessions = new Map<number, WindowSession>();
/** Files asked for before any window exists (command line, macOS open-file at launch). */
const launchFiles: string[] = [];
let quitting = false;

const recent = new RecentList({ folder: app.getPath('userData') });
const recovery = new RecoveryStore(app.getPath('userData'));

const ipc = createIpc({
  devServerUrl,
  recent,
  recovery,
  defaultFolder: () => app.getPath('documents'),
  dialogs: {
    async open(windowId, options) {
      const result = await withParent(windowId, (parent) =>
        dialog.showOpenDialog(parent, { ...dialogOptions(options), properties: ['openFile'] }),
      );
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async save(windowId, options) {
      const result = await withParent(windowId, (parent) =>
        dialog.showSaveDialog(parent, {
          ...dialogOptions(options),
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        }),
      );
      return result.canceled ? null : (result.filePath ?? null);
    },
    async confirmReplace(windowId, path) {
      const { response } = await withParent(windowId, (parent) =>
        dialog.showMessageBox(parent, {
          type: 'warning',
          buttons: ['Replace', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          noLink: true,
          message: `${path} already exists. Do you want to replace it?`,
        }),
      );
      return response === 0;
    },
  },
  windows: {
    setDocumentState(windowId, state) {
      const target = sessions.get(windowId);
      if (!target) return;
      target.window.setTitle(windowTitle(state, process.platform, APP_NAME));
      if (process.platform === 'darwin') target.window.setDocumentEdited(state.dirty);
      target.guard.onDocumentState(state);
    },
    saveStarted: (windowId) => sessions.get(windowId)?.guard.onSaveStarted(),
    saveFinished: (windowId, saved) => sessions.get(windowId)?.guard.onSaveFinished(saved),
    listening(windowId, kind) {
      const target = sessions.get(windowId);
      if (!target) return;
      const contents = target.window.webContents;
      if (kind === 'menu') target.menu.listen((action) => contents.send(MENU_CHANNEL, action));
      else target.opens.listen((path) => void sendOpened(target, path));
    },
  },
});

function withParent<T>(windowId: number, show: (parent: BrowserWindow) => Promise<T>) {
  const parent = sessions.get(windowId)?.window;
  if (!parent || parent.isDestroyed()) throw new Error('the window is gone');
  return show(parent);
}

function dialogOptions(options: DialogOptions) {
  return {
    title: options.title,
    defaultPath: options.defaultPath,
    filters: [...options.filters, { name: 'All files', extensions: ['*'] }],
  };
}

/** Reads a file the shell was asked to open and hands it to the page; errors get a box. */
async function sendOpened(target: WindowSession, path: string): Promise<void> {
  try {
    const opened = await ipc.openPath(path);
    if (!target.window.isDestroyed()) target.window.webContents.send(OPEN_REQUEST_CHANNEL, opened);
  } catch (error) {
    await showError(target.window, 'Could not open the file', error);
  }
}

async function showError(window: BrowserWindow, message: string, error: unknown) {
  if (window.isDestroyed()) return;
  await dialog.showMessageBox(window, {
    type: 'error',
    message,
    detail: (error as Error).message,
  });
}

function callerOf(event: IpcMainInvokeEvent): Caller {
  const frame = event.senderFrame;
  return { url: frame?.url ?? '', topFrame: frame?.parent === null, windowId: event.sender.id };
}

function askToSave(window: BrowserWindow, title: string): Promise<CloseChoice> {
  return dialog
    .showMessageBox(window, {
      type: 'warning',
      buttons: ['Save', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
      message: `Do you want to save the changes you made to ${title}?`,
      detail: "Your changes will be lost if you don't save them.",
    })
    .then(({ response }) => (['save', 'discard', 'cancel'] as const)[response] ?? 'cancel');
}

function createWindow(): WindowSession {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    title: APP_NAME,
    show: false,
    webPreferences: secureWebPreferences(join(import.meta.dirname, '../preload/index.cjs')),
  });
  const contents = window.webContents;
  const id = contents.id;

  const target: WindowSession = {
    window,
    menu: new Outbox(),
    opens: new Outbox(),
    discarded: false,
    closedAfterPrompt: false,
    guard: new CloseGuard({
      ask: (title) => askToSave(window, title),
      requestSave: () => target.menu.push('save'),
      close: () => {
        target.closedAfterPrompt = true;
        window.close();
      },
      discarded: () => (target.discarded = true),
      cancelled: () => (quitting = false),
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
    }),
  };
  sessions.set(id, target);
  for (const path of launchFiles.splice(0)) target.opens.push(path);

  // The title is ours (document name and unsaved mark), not the page's <title>.
  window.on('page-title-updated', (event) => event.preventDefault());
  window.on('close', (event) => {
    if (target.guard.onCloseRequested()) event.preventDefault();
  });
  window.on('closed', () => {
    sessions.delete(id);
    // Don't Save: the unsaved work is not to be offered back at the next start.
    if (target.discarded) void recovery.clear().catch(() => undefined);
    if (quitting && target.closedAfterPrompt) app.quit();
  });
  contents.on('did-start-navigation', (details) => {
    if (!details.isMainFrame || details.isSameDocument) return;
    // A new page (a reload): it has no document yet and listens again when ready.
    target.menu.stopListening();
    target.opens.stopListening();
    target.guard.onPageGone();
  });
  contents.on('render-process-gone', (_event, details) => {
    target.menu.stopListening();
    target.opens.stopListening();
    target.guard.onPageGone();
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    void dialog
      .showMessageBox(window, {
        type: 'error',
        buttons: ['Reload', 'Close'],
        defaultId: 0,
        message: 'Weightcraft stopped unexpectedly',
        detail: `The page ended (${details.reason}). Your unsaved work is offered again after a reload.`,
      })
      .then(({ response }) => (response === 0 ? contents.reload() : window.close()));
  });

  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadURL(APP_ENTRY);
  return target;
}

/** The focused window, or any, or a new one (macOS keeps running with no window). */
function targetWindow(): WindowSession {
  const focused = BrowserWindow.getFocusedWindow();
  const found = (focused && sessions.get(focused.webContents.id)) ?? [...sessions.values()][0];
  return found ?? createWindow();
}

function openFromOutside(path: string): void {
  if (!app.isReady()) {
    launchFiles.push(path);
    return;
  }
  const target = targetWindow();
  if (target.window.isMinimized()) target.window.restore();
  target.window.focus();
  target.opens.push(path);
}

function runMenuCommand(command: MenuCommand): void {
  switch (command.kind) {
    case 'action': {
      const hadWindow = sessions.size > 0;
      const target = targetWindow();
      // With no window open (macOS), New is the new window itself.
      if (command.action !== 'new' || hadWindow) target.menu.push(command.action);
      return;
    }
    case 'openRecent':
      return openFromOutside(command.path);
    case 'clearRecent':
      void recent.clear().catch((error: unknown) => console.warn(error));
      return;
    default:
      throw new Error(`unknown menu command ${command satisfies never}`);
  }
}

async function updateMenu(): Promise<void> {
  const spec = buildMenu({
    platform: process.platform,
    isDev,
    appName: APP_NAME,
    recent: await recent.list(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(toElectronTemplate(spec, runMenuCommand)));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const first = fileFromArgv(process.argv, {
    defaultApp: Boolean(process.defaultApp),
    cwd: process.cwd(),
  });
  if (first) launchFiles.push(first);

  // macOS: double-clicked files, also at launch before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFromOutside(path);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const path = fileFromArgv(argv, {
      defaultApp: Boolean(process.defaultApp),
      cwd: workingDirectory,
    });
    if (path) return openFromOutside(path);
    const target = targetWindow();
    if (target.window.isMinimized()) target.window.restore();
    target.window.focus();
  });
  app.on('before-quit', () => (quitting = true));

  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) =>
      ipc.dispatch(channel, callerOf(event), args),
    );
  }

  void app.whenReady().then(async () => {
    app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion() });
    denyPermissions(session.defaultSession);
    session.defaultSession.protocol.handle(APP_SCHEME, (request) =>
      serveAppRequest(request, { rendererDir }),
    );
    recent.onChange(() => void updateMenu().catch((error: unknown) => console.warn(error)));
    await updateMenu().catch((error: unknown) => console.warn(error));
    createWindow();
    app.on('activate', () => {
      if (sessions.size === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
