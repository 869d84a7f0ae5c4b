/**
 * The application menu as plain data: labels, accelerators and the command each item runs, so
 * Node tests can read it without Electron. `toElectronTemplate` attaches the clicks.
 *
 * Only modified keys (Ctrl/⌘+…) are accelerators: a plain key such as F or Delete would be taken
 * from every text field. The page handles those itself, and it handles Ctrl/⌘+Z, D, A first
 * (a handled keydown never reaches the menu), so typing in a field keeps its own undo.
 */
import { basename, dirname } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction, RecentFile } from '../src-shared/bridge.ts';

/** What a menu item does when chosen; everything else is an Electron role. */
export type MenuCommand =
  | { kind: 'action'; action: MenuAction }
  | { kind: 'openRecent'; path: string }
  | { kind: 'clearRecent' };

type Role = NonNullable<MenuItemConstructorOptions['role']>;

export interface MenuSpecItem {
  label?: string;
  accelerator?: string;
  role?: Role;
  type?: 'separator';
  enabled?: boolean;
  command?: MenuCommand;
  submenu?: MenuSpecItem[];
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Development build: adds Toggle Developer Tools. */
  isDev: boolean;
  appName: string;
  recent: readonly RecentFile[];
}

const separator: MenuSpecItem = { type: 'separator' };

function action(label: string, name: MenuAction, accelerator?: string): MenuSpecItem {
  return { label, command: { kind: 'action', action: name }, ...(accelerator && { accelerator }) };
}

/** Recent files by name; two files with one name also show their folders. */
export function recentItems(recent: readonly RecentFile[]): MenuSpecItem[] {
  const counts = new Map<string, number>();
  for (const { file } of recent) counts.set(file.name, (counts.get(file.name) ?? 0) + 1);
  const items: MenuSpecItem[] = recent.map(({ file }) => ({
    // "&" marks a mnemonic on Windows and Linux; "&&" shows one ampersand.
    label: escapeMnemonic(
      (counts.get(file.name) ?? 0) > 1
        ? `${file.name} — ${basename(dirname(file.id)) || dirname(file.id)}`
        : file.name,
    ),
    command: { kind: 'openRecent', path: file.id },
  }));
  if (items.length === 0) items.push({ label: 'No Recent Files', enabled: false });
  return [
    ...items,
    separator,
    { label: 'Clear Recent', enabled: recent.length > 0, command: { kind: 'clearRecent' } },
  ];
}

function escapeMnemonic(label: string): string {
  return label.replaceAll('&', '&&');
}

export function buildMenu(options: MenuOptions): MenuSpecItem[] {
  const mac = options.platform === 'darwin';
  const appMenu: MenuSpecItem = {
    label: options.appName,
    submenu: [
      { role: 'about' },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
  const file: MenuSpecItem = {
    label: '&File',
    submenu: [
      action('New', 'new', 'CmdOrCtrl+N'),
      action('Open…', 'open', 'CmdOrCtrl+O'),
      { label: 'Open Recent', submenu: recentItems(options.recent) },
      separator,
      action('Save', 'save', 'CmdOrCtrl+S'),
      action('Save As…', 'saveAs', 'CmdOrCtrl+Shift+S'),
      action('Export…', 'export', 'CmdOrCtrl+E'),
      separator,
      action('Close', 'close', 'CmdOrCtrl+W'),
      ...(mac ? [] : [separator, { role: 'quit' as const, label: 'E&xit' }]),
    ],
  };
  const edit: MenuSpecItem = {
    label: '&Edit',
    submenu: [
      action('Undo', 'undo', 'CmdOrCtrl+Z'),
      action('Redo', 'redo', 'CmdOrCtrl+Shift+Z'),
      separator,
      // Roles, so copy and paste work in text fields (on macOS only a menu item enables them).
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      separator,
      action('Delete', 'delete'),
      action('Duplicate', 'duplicate', 'CmdOrCtrl+D'),
      action('Select All', 'selectAll', 'CmdOrCtrl+A'),
    ],
  };
  const view: MenuSpecItem = {
    label: '&View',
    submenu: [
      action('Fit to Window', 'fit', 'CmdOrCtrl+0'),
      action('Zoom In', 'zoomIn', 'CmdOrCtrl+='),
      action('Zoom Out', 'zoomOut', 'CmdOrCtrl+-'),
      // Its key, L, is the page's: a plain key is no accelerator.
      action('Arrange Layers', 'arrange'),
      separator,
      ...(options.isDev ? [{ role: 'toggleDevTools' as const }] : []),
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuSpecItem = {
    label: '&Help',
    role: 'help',
    submenu: [
      action('Keyboard Shortcuts', 'help', 'CmdOrCtrl+/'),
      ...(mac ? [] : [separator, { role: 'about' as const, label: `About ${options.appName}` }]),
    ],
  };
  return [
    ...(mac ? [appMenu] : []),
    file,
    edit,
    view,
    ...(mac ? [{ role: 'windowMenu' as const }] : []),
    help,
  ];
}

/** Electron's template: each command becomes a click that hands it to `run`. */
export function toElectronTemplate(
  items: readonly MenuSpecItem[],
  run: (command: MenuCommand) => void,
): MenuItemConstructorOptions[] {
  return items.map(({ command, submenu, ...item }) => ({
    ...item,
    ...(submenu && { submenu: toElectronTemplate(submenu, run) }),
    ...(command && { click: () => run(command) }),
  }));
}

/** Every item, depth first: for tests and for finding an item by its command. */
export function flattenMenu(items: readonly MenuSpecItem[]): MenuSpecItem[] {
  return items.flatMap((item) => [item, ...flattenMenu(item.submenu ?? [])]);
}
