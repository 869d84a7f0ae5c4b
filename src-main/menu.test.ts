import { describe, expect, it } from 'vitest';
import type { RecentFile } from '../src-shared/bridge.ts';
import { MENU_ACTIONS } from './schemas.ts';
import {
  buildMenu,
  flattenMenu,
  recentItems,
  toElectronTemplate,
  type MenuCommand,
  type MenuSpecItem,
} from './menu.ts';

const recent = (...paths: string[]): RecentFile[] =>
  paths.map((id) => ({ file: { id, name: id.split('/').pop()! }, used: '2025-01-01T00:00:00Z' }));

const menu = (overrides: Partial<Parameters<typeof buildMenu>[0]> = {}) =>
  buildMenu({ platform: 'linux', isDev: false, appName: 'Weightcraft', recent: [], ...overrides });

const submenu = (items: MenuSpecItem[], label: string) =>
  items.find((item) => item.label === label)?.submenu ?? [];

/** label → [accelerator, action] for the items that send a MenuAction. */
function actions(items: MenuSpecItem[]): Record<string, [string | null, string]> {
  return Object.fromEntries(
    flattenMenu(items)
      .filter((item) => item.command?.kind === 'action')
      .map((item) => [
        item.label,
        [item.accelerator ?? null, (item.command as { action: string }).action],
      ]),
  );
}

describe('application menu', () => {
  it('has File, Edit, View and Help, each item sending its action with the usual keys', () => {
    const items = menu();
    expect(items.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
    expect(actions(items)).toEqual({
      New: ['CmdOrCtrl+N', 'new'],
      'Open…': ['CmdOrCtrl+O', 'open'],
      Save: ['CmdOrCtrl+S', 'save'],
      'Save As…': ['CmdOrCtrl+Shift+S', 'saveAs'],
      'Export…': ['CmdOrCtrl+E', 'export'],
      Close: ['CmdOrCtrl+W', 'close'],
      Undo: ['CmdOrCtrl+Z', 'undo'],
      Redo: ['CmdOrCtrl+Shift+Z', 'redo'],
      Delete: [null, 'delete'],
      Duplicate: ['CmdOrCtrl+D', 'duplicate'],
      'Select All': ['CmdOrCtrl+A', 'selectAll'],
      'Fit to Window': ['CmdOrCtrl+0', 'fit'],
      'Zoom In': ['CmdOrCtrl+=', 'zoomIn'],
      'Zoom Out': ['CmdOrCtrl+-', 'zoomOut'],
      'Arrange Layers': [null, 'arrange'],
      'Keyboard Shortcuts': ['CmdOrCtrl+/', 'help'],
    });
  });

  it('reaches every MenuAction', () => {
    const sent = new Set(Object.values(actions(menu())).map(([, action]) => action));
    expect([...sent].sort()).toEqual([...MENU_ACTIONS].sort());
  });

  it('takes no plain keys, which would be taken from text fields', () => {
    for (const item of flattenMenu(menu({ platform: 'darwin', isDev: true }))) {
      if (item.accelerator) expect(item.accelerator).toMatch(/^CmdOrCtrl\+/);
    }
  });

  it('gives the page copy and paste through roles, and full screen', () => {
    const roles = flattenMenu(menu()).map((item) => item.role);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'togglefullscreen']));
  });

  it('shows Toggle Developer Tools only in development', () => {
    const roles = (isDev: boolean) => flattenMenu(menu({ isDev })).map((item) => item.role);
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });

  it('has the app menu and a Window menu on macOS, Exit in File elsewhere', () => {
    const mac = menu({ platform: 'darwin' });
    expect(mac.map((item) => item.label ?? item.role)).toEqual([
      'Weightcraft',
      '&File',
      '&Edit',
      '&View',
      'windowMenu',
      '&Help',
    ]);
    expect(mac[0]!.submenu!.map((item) => item.role ?? item.type)).toEqual([
      'about',
      'separator',
      'services',
      'separator',
      'hide',
      'hideOthers',
      'unhide',
      'separator',
      'quit',
    ]);
    expect(flattenMenu(submenu(mac, '&File')).some((item) => item.role === 'quit')).toBe(false);
    const linuxFile = submenu(menu(), '&File');
    expect(linuxFile.at(-1)).toEqual({ role: 'quit', label: 'E&xit' });
  });

  it('lists recent files in Open Recent, with Clear Recent', () => {
    const items = recentItems(recent('/a/net.wcmodel', '/b/other.json'));
    expect(items).toEqual([
      { label: 'net.wcmodel', command: { kind: 'openRecent', path: '/a/net.wcmodel' } },
      { label: 'other.json', command: { kind: 'openRecent', path: '/b/other.json' } },
      { type: 'separator' },
      { label: 'Clear Recent', enabled: true, command: { kind: 'clearRecent' } },
    ]);
    const fileMenu = submenu(menu({ recent: recent('/a/net.wcmodel') }), '&File');
    expect(submenu(fileMenu, 'Open Recent')[0]!.label).toBe('net.wcmodel');
  });

  it('tells same-named recent files apart by folder, and escapes ampersands', () => {
    const labels = recentItems(recent('/a/net.wcmodel', '/b/net.wcmodel', '/c/R&D.wcmodel')).map(
      (item) => item.label,
    );
    expect(labels.slice(0, 3)).toEqual(['net.wcmodel — a', 'net.wcmodel — b', 'R&&D.wcmodel']);
  });

  it('says so when there are no recent files', () => {
    expect(recentItems([])).toEqual([
      { label: 'No Recent Files', enabled: false },
      { type: 'separator' },
      { label: 'Clear Recent', enabled: false, command: { kind: 'clearRecent' } },
    ]);
  });

  it('turns commands into clicks for Electron', () => {
    const ran: MenuCommand[] = [];
    const template = toElectronTemplate(menu({ recent: recent('/a/net.wcmodel') }), (command) =>
      ran.push(command),
    );
    const file = template[0]!.submenu as {
      label?: string;
      click?: () => void;
      submenu?: unknown;
    }[];
    file.find((item) => item.label === 'Save')!.click!();
    const openRecent = file.find((item) => item.label === 'Open Recent')!.submenu as {
      click?: () => void;
    }[];
    openRecent[0]!.click!();
    expect(ran).toEqual([
      { kind: 'action', action: 'save' },
      { kind: 'openRecent', path: '/a/net.wcmodel' },
    ]);
    expect(JSON.stringify(template)).not.toContain('"command"');
  });
});
