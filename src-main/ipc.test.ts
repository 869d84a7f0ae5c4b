import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Recovery } from '../src-shared/bridge.ts';
import { MAX_FILE_BYTES } from '../src-shared/model-file/index.ts';
import { INVOKE_CHANNELS, type IpcResult } from './channels.ts';
import { createIpc, exportFilters, type Caller, type DialogOptions } from './ipc.ts';
import { RecentList } from './recent.ts';
import { RecoveryStore } from './recovery.ts';

let root: string;
let docs: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'weightcraft-ipc-'));
  docs = join(root, 'Documents');
  mkdirSync(docs);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const page: Caller = {
  url: 'app://weightcraft/index.html',
  topFrame: true,
  windowId: 1,
};

/** The handlers over a real data folder, with dialogs that answer from a script. */
function setup(devServerUrl?: string) {
  const answers: (string | null | boolean)[] = [];
  const shown: { kind: string; options?: DialogOptions; path?: string }[] = [];
  const events: string[] = [];
  const next = () => {
    if (answers.length === 0) throw new Error('no scripted dialog answer');
    return answers.shift()!;
  };
  const recent = new RecentList({ folder: join(root, 'data'), platform: 'linux' });
  mkdirSync(join(root, 'data'), { recursive: true });
  const ipc = createIpc({
    devServerUrl,
    recent,
    recovery: new RecoveryStore(join(root, 'data')),
    defaultFolder: () => docs,
    log: (message) => events.push(`log ${message}`),
    dialogs: {
      open: async (_id, options) => {
        shown.push({ kind: 'open', options });
        return next() as string | null;
      },
      save: async (_id, options) => {
        shown.push({ kind: 'save', options });
        return next() as string | null;
      },
      confirmReplace: async (_id, path) => {
        shown.push({ kind: 'confirmReplace', path });
        return next() as boolean;
      },
    },
    windows: {
      setDocumentState: (id, state) => events.push(`state ${id} ${state.title} ${state.dirty}`),
      saveStarted: (id) => events.push(`saveStarted ${id}`),
      saveFinished: (id, saved) => events.push(`saveFinished ${id} ${saved}`),
      listening: (id, kind) => events.push(`listening ${id} ${kind}`),
    },
  });
  const call = (channel: string, ...args: unknown[]) => ipc.dispatch(channel, page, args);
  const value = async (channel: string, ...args: unknown[]) => {
    const result = await call(channel, ...args);
    if (!result.ok) throw new Error(`${channel} failed: ${result.message}`);
    return result.value;
  };
  return { ipc, call, value, answers, shown, events, recent };
}

const failure = (message: string | RegExp): IpcResult<unknown> =>
  typeof message === 'string'
    ? { ok: false, message }
    : ({ ok: false, message: expect.stringMatching(message) } as IpcResult<unknown>);

function model(path: string, text = '{"format": "weightcraft"}') {
  writeFileSync(path, text);
  return path;
}

describe('IPC sender checks', () => {
  const strangers: [string, Caller][] = [
    ['a web page', { ...page, url: 'https://evil.example/' }],
    ['an iframe of the app', { ...page, topFrame: false }],
    ['a closed frame', { ...page, url: '' }],
    ['a data: URL', { ...page, url: 'data:text/html,<script>1</script>' }],
    // Before app://, any local HTML file passed as the app's own page.
    ['a local HTML file', { ...page, url: 'file:///home/me/Downloads/page.html' }],
    [
      'the packaged page by file:',
      { ...page, url: 'file:///opt/weightcraft/out/renderer/index.html' },
    ],
    ['another app: host', { ...page, url: 'app://elsewhere/index.html' }],
  ];

  it.each(strangers)(
    'refuses every channel from %s, before looking at the arguments',
    async (_who, caller) => {
      const { ipc, shown, events } = setup();
      for (const channel of INVOKE_CHANNELS) {
        expect(await ipc.dispatch(channel, caller, [])).toEqual(
          failure("refused: the request did not come from Weightcraft's own page"),
        );
      }
      expect(shown).toEqual([]);
      expect(events.filter((e) => !e.startsWith('log'))).toEqual([]);
    },
  );

  it('trusts only the dev server origin in development', async () => {
    const { ipc } = setup('http://localhost:5173');
    const from = (url: string) => ipc.dispatch('weightcraft:recentFiles', { ...page, url }, []);
    expect(await from('http://localhost:5173/index.html')).toEqual({ ok: true, value: [] });
    expect((await from('file:///etc/index.html')).ok).toBe(false);
    expect((await from('http://localhost:5174/')).ok).toBe(false);
  });

  it('refuses channels it does not know', async () => {
    const { call } = setup();
    expect(await call('weightcraft:deleteEverything')).toEqual(
      failure('unknown channel weightcraft:deleteEverything'),
    );
  });
});

describe('IPC argument checks', () => {
  const ref = { id: '/m/net.wcmodel', name: 'net.wcmodel' };

  it.each([
    [
      'a path that is not a string',
      'weightcraft:save',
      [{ id: 42, name: 'x' }, '{}'],
      /^weightcraft:save: argument 1 \(file\), id: .*expected string/i,
    ],
    ['a missing file', 'weightcraft:save', [null, '{}'], /argument 1 \(file\)/],
    [
      'a relative path',
      'weightcraft:save',
      [{ id: 'net.wcmodel', name: 'x' }, '{}'],
      /expected an absolute path/,
    ],
    ['a path with NUL', 'weightcraft:openDropped', ['/m/a\0.wcmodel'], /NUL/],
    ['text that is not a string', 'weightcraft:save', [ref, { text: '{}' }], /argument 2 \(text\)/],
    [
      'too many arguments',
      'weightcraft:recentFiles',
      ['extra'],
      'weightcraft:recentFiles: expected 0 argument(s) (none), got 1',
    ],
    [
      'too few arguments',
      'weightcraft:saveAs',
      ['net.wcmodel'],
      'weightcraft:saveAs: expected 2 argument(s) (suggestedName, text), got 1',
    ],
    [
      'a suggested name that is a path',
      'weightcraft:saveAs',
      ['../../.bashrc', '{}'],
      /a file name, not a path/,
    ],
    ['a bad MIME type', 'weightcraft:exportFile', ['o.csv', 'a', 'csv please'], /MIME type/],
    [
      'a document state with a string for dirty',
      'weightcraft:setDocumentState',
      [{ title: 'a', dirty: 'yes' }],
      /argument 1 \(state\), dirty/,
    ],
    ['an unknown listener', 'weightcraft:listening', ['everything'], /argument 1 \(kind\)/],
    [
      'a recovery without a date',
      'weightcraft:writeRecovery',
      [{ text: '{}', file: null }],
      /argument 1 \(recovery\), saved/,
    ],
  ])('refuses %s', async (_what, channel, args, message) => {
    const { call, shown, events } = setup();
    const result = await call(channel, ...args);
    expect(result).toEqual(failure(message));
    expect((result as { message: string }).message).not.toContain('\n');
    expect(shown).toEqual([]);
    expect(events).toEqual([]);
  });

  it('refuses a model over the size limit, counting UTF-8 bytes', async () => {
    const { call } = setup();
    expect(await call('weightcraft:save', ref, 'x'.repeat(MAX_FILE_BYTES + 1))).toEqual(
      failure('weightcraft:save: argument 2 (text): the model is 64.0 MiB, over the 64 MiB limit'),
    );
    // Fewer characters than the limit, but 3 bytes each in UTF-8.
    expect(await call('weightcraft:save', ref, '€'.repeat(MAX_FILE_BYTES / 2))).toEqual(
      failure(/the model is 96 MiB, over the 64 MiB limit$/),
    );
  });
});

describe('IPC file handlers', () => {
  it('opens a file chosen in the dialog, remembering it', async () => {
    const { value, answers, shown, recent } = setup();
    const path = model(join(docs, 'net.wcmodel'));
    answers.push(path);
    expect(await value('weightcraft:openFile')).toEqual({
      file: { id: path, name: 'net.wcmodel' },
      text: '{"format": "weightcraft"}',
    });
    expect(shown[0]!.options).toEqual({
      title: 'Open a model',
      defaultPath: docs,
      filters: [{ name: 'Weightcraft model', extensions: ['wcmodel', 'json'] }],
    });
    expect(await recent.has(path)).toBe(true);
    answers.push(null);
    expect(await value('weightcraft:openFile')).toBeNull();
    expect(shown[1]!.options!.defaultPath).toBe(docs); // starts where the last file was
  });

  it('passes read errors on as one line', async () => {
    const { call, answers } = setup();
    mkdirSync(join(docs, 'folder.wcmodel'));
    answers.push(join(docs, 'folder.wcmodel'));
    expect(await call('weightcraft:openFile')).toEqual(failure('folder.wcmodel: is a folder'));
  });

  it('saves in place to a file the user chose, keeping a backup', async () => {
    const { value, answers, events } = setup();
    const path = model(join(docs, 'net.wcmodel'), 'old');
    answers.push(path);
    await value('weightcraft:openFile');
    const ref = { id: path, name: 'net.wcmodel' };
    expect(await value('weightcraft:save', ref, 'new')).toEqual(ref);
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe('old');
    expect(events).toEqual(['saveStarted 1', 'saveFinished 1 true']);
  });

  it('asks where to save a path the user never chose here, instead of writing to it', async () => {
    const { call, value, answers, shown } = setup();
    const target = model(join(root, 'victim.txt'), 'precious');
    const ref = { id: target, name: 'victim.txt' };
    answers.push(null);
    expect(await call('weightcraft:save', ref, 'evil')).toEqual(failure('the save was cancelled'));
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(shown[0]).toMatchObject({ kind: 'save', options: { defaultPath: target } });
    const chosen = join(docs, 'mine.wcmodel');
    answers.push(chosen);
    expect(await value('weightcraft:save', ref, 'model')).toEqual({
      id: chosen,
      name: 'mine.wcmodel',
    });
    expect(readFileSync(chosen, 'utf8')).toBe('model');
  });

  it('Save As adds the extension a Linux dialog leaves off, asking before replacing', async () => {
    const { value, answers, shown, events } = setup();
    answers.push(join(docs, 'net'));
    expect(await value('weightcraft:saveAs', 'net.wcmodel', 'v1')).toEqual({
      id: join(docs, 'net.wcmodel'),
      name: 'net.wcmodel',
    });
    expect(shown[0]!.options!.defaultPath).toBe(join(docs, 'net.wcmodel'));
    answers.push(join(docs, 'net'), false);
    expect(await value('weightcraft:saveAs', 'net.wcmodel', 'v2')).toBeNull();
    expect(shown[2]).toEqual({ kind: 'confirmReplace', path: join(docs, 'net.wcmodel') });
    expect(readFileSync(join(docs, 'net.wcmodel'), 'utf8')).toBe('v1');
    expect(events).toEqual([
      'saveStarted 1',
      'saveFinished 1 true',
      'saveStarted 1',
      'saveFinished 1 false',
    ]);
  });

  it('Save As reports failures as one line, and as a failed save to the close handshake', async () => {
    const { call, answers, events } = setup();
    answers.push(join(docs, 'missing', 'net.wcmodel'));
    expect(await call('weightcraft:saveAs', 'net.wcmodel', 'x')).toEqual(
      failure(`the folder ${join(docs, 'missing')} does not exist`),
    );
    expect(events).toEqual(['saveStarted 1', 'saveFinished 1 false']);
  });

  it('exports through a dialog with filters from the MIME type, without a backup', async () => {
    const { value, answers, shown } = setup();
    const path = join(docs, 'outputs.csv');
    writeFileSync(path, 'old');
    answers.push(path);
    expect(await value('weightcraft:exportFile', 'outputs.csv', 'a,b\n1,2\n', 'text/csv')).toBe(
      true,
    );
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n');
    expect(existsSync(`${path}.bak`)).toBe(false);
    expect(shown[0]!.options).toMatchObject({
      title: 'Export',
      filters: [{ name: 'CSV file', extensions: ['csv'] }],
    });
    answers.push(null);
    expect(await value('weightcraft:exportFile', 'outputs.csv', 'x', 'text/csv')).toBe(false);
    expect(exportFilters('notes', 'text/plain')).toEqual([
      { name: 'All files', extensions: ['*'] },
    ]);
  });

  it('reopens recent files, saying clearly when one is gone', async () => {
    const { call, value, recent } = setup();
    const path = model(join(docs, 'net.wcmodel'));
    await recent.add(path);
    const ref = { id: path, name: 'net.wcmodel' };
    expect(await value('weightcraft:openRecent', ref)).toMatchObject({ file: ref });
    rmSync(path);
    expect(await call('weightcraft:openRecent', ref)).toEqual(
      failure('net.wcmodel: no such file (it was moved or deleted since it was last used)'),
    );
    expect(await recent.has(path)).toBe(true); // kept in the list
    const elsewhere = model(join(root, 'other.wcmodel'));
    expect(await call('weightcraft:openRecent', { id: elsewhere, name: 'o' })).toEqual(
      failure('other.wcmodel: not in the recent files list'),
    );
  });

  it('lists recent files', async () => {
    const { value, recent } = setup();
    await recent.add('/m/a.wcmodel');
    expect(await value('weightcraft:recentFiles')).toMatchObject([
      { file: { id: '/m/a.wcmodel', name: 'a.wcmodel' } },
    ]);
  });

  it('opens dropped model files and lets them be saved back; refuses other files', async () => {
    const { call, value, ipc } = setup();
    const path = model(join(docs, 'dropped.json'));
    expect(await value('weightcraft:openDropped', path)).toMatchObject({
      file: { id: path, name: 'dropped.json' },
    });
    expect(ipc.granted.has(path)).toBe(true);
    const other = model(join(docs, 'notes.txt'));
    expect(await call('weightcraft:openDropped', other)).toEqual(
      failure('notes.txt: not a model file (expected .wcmodel or .json)'),
    );
    expect(ipc.granted.has(other)).toBe(false);
  });

  it('writes, reads and clears the recovery record', async () => {
    const { value } = setup();
    const recovery: Recovery = { text: '{}', file: null, saved: '2025-01-01T00:00:00.000Z' };
    expect(await value('weightcraft:readRecovery')).toBeNull();
    await value('weightcraft:writeRecovery', recovery);
    expect(await value('weightcraft:readRecovery')).toEqual(recovery);
    await value('weightcraft:clearRecovery');
    expect(await value('weightcraft:readRecovery')).toBeNull();
  });

  it('passes the document state and listeners on to the window', async () => {
    const { value, events } = setup();
    expect(
      await value('weightcraft:setDocumentState', { title: 'net.wcmodel', dirty: true }),
    ).toBeUndefined();
    await value('weightcraft:listening', 'openRequest');
    expect(events).toEqual(['state 1 net.wcmodel true', 'listening 1 openRequest']);
  });
});
