/**
 * The main side of the Bridge: one handler per IPC channel, as plain functions over injected
 * dialogs and windows, so Node tests drive them with a fake sender. Every call is checked in
 * the same order: the sender must be the app's own page (top frame), the arguments must match
 * the channel's schema, then the handler runs; the reply is an `IpcResult`, never a throw.
 *
 * The page names files by path (FileRef.id), so a compromised page could ask to overwrite any
 * file. Saving in place is therefore allowed only to paths the user chose through the shell:
 * a dialog, the recent list, a dropped model file, the command line. Any other path gets a
 * save dialog instead.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import type { FileRef, OpenedFile, RecentFile, Recovery } from '../src-shared/bridge.ts';
import { MODEL_EXTENSION, MODEL_EXTENSIONS } from '../src-shared/bridge.ts';
import type { InvokeChannel, IpcResult, ListenerKind } from './channels.ts';
import { INVOKE_CHANNELS } from './channels.ts';
import { FileError, readTextFile, saveAtomically } from '../src-node/files.ts';
import type { RecentList } from './recent.ts';
import type { RecoveryStore } from './recovery.ts';
import * as schema from './schemas.ts';
import { isAppUrl } from './security.ts';

/** Who sent a message: from Electron's `event.senderFrame` and the window it belongs to. */
export interface Caller {
  /** The sending frame's URL ('' when the frame is gone). */
  url: string;
  /** False for an iframe: only the page itself may use the bridge. */
  topFrame: boolean;
  windowId: number;
}

export interface DialogFilter {
  name: string;
  extensions: string[];
}

export interface DialogOptions {
  title: string;
  defaultPath: string;
  filters: DialogFilter[];
}

export interface IpcDeps {
  /** The dev server's URL in development (the page's only trusted origin then). */
  devServerUrl: string | undefined;
  dialogs: {
    /** The chosen path, or null when cancelled. */
    open(windowId: number, options: DialogOptions): Promise<string | null>;
    save(windowId: number, options: DialogOptions): Promise<string | null>;
    /** Asks before replacing `path` (when the shell added an extension the dialog never saw). */
    confirmReplace(windowId: number, path: string): Promise<boolean>;
  };
  recent: RecentList;
  recovery: RecoveryStore;
  windows: {
    setDocumentState(windowId: number, state: { title: string; dirty: boolean }): void;
    /** A save (or Save As) from this window began / ended (the close handshake listens). */
    saveStarted(windowId: number): void;
    saveFinished(windowId: number, saved: boolean): void;
    listening(windowId: number, kind: ListenerKind): void;
  };
  /** Where dialogs start when there is no recent file: `app.getPath('documents')`. */
  defaultFolder(): string;
  /** Errors that are not the user's to fix are logged here as well. */
  log?(message: string): void;
}

export const MODEL_FILTERS: DialogFilter[] = [
  { name: 'Weightcraft model', extensions: [...MODEL_EXTENSIONS] },
];

const NOT_OUR_PAGE = "refused: the request did not come from Weightcraft's own page";

export function fileRefFor(path: string): FileRef {
  return { id: path, name: basename(path) };
}

function isModelPath(path: string): boolean {
  const extension = extname(path).slice(1).toLowerCase();
  return (MODEL_EXTENSIONS as readonly string[]).includes(extension);
}

/** An export's filters, from its suggested name and MIME type: "CSV file (*.csv)". */
export function exportFilters(suggestedName: string, mimeType: string): DialogFilter[] {
  const extension = extname(suggestedName).slice(1).toLowerCase();
  const known: Record<string, string> = {
    'text/csv': 'CSV file',
    'application/json': 'JSON file',
    'text/plain': 'Text file',
  };
  const name = known[mimeType.split(';')[0]!.trim()] ?? `${extension.toUpperCase()} file`;
  return extension
    ? [{ name, extensions: [extension] }]
    : [{ name: 'All files', extensions: ['*'] }];
}

interface Handler {
  args: z.ZodType<unknown[]>;
  names: readonly string[];
  run(caller: Caller, args: unknown[]): Promise<unknown>;
}

function handler<T extends unknown[]>(
  args: z.ZodType<T>,
  names: readonly string[],
  run: (caller: Caller, ...args: T) => unknown,
): Handler {
  return { args, names, run: async (caller, values) => run(caller, ...(values as T)) };
}

export function createIpc(deps: IpcDeps) {
  /** Paths the user chose through the shell, which the page may save to in place. */
  const granted = new Set<string>();
  const log = deps.log ?? ((message: string) => console.warn(message));

  async function remember(path: string): Promise<void> {
    granted.add(path);
    // The file itself is open or saved: a recent list that cannot be written is no reason to fail.
    await deps.recent.add(path).catch((error: unknown) => {
      log(`Weightcraft: could not update the recent files: ${(error as Error).message}`);
    });
  }

  /** Reads a model file the user chose, and lets the page save back to it. */
  async function openPath(path: string): Promise<OpenedFile> {
    const text = await readTextFile(path);
    await remember(path);
    return { file: fileRefFor(path), text };
  }

  async function startFolder(): Promise<string> {
    const [last] = await deps.recent.list();
    return last ? dirname(last.file.id) : deps.defaultFolder();
  }

  /**
   * A save dialog's answer, with `extension` added when the name typed has none (Linux dialogs
   * do not add it); then the dialog never asked about replacing that file, so we do.
   */
  async function askSavePath(caller: Caller, options: DialogOptions, extension: string) {
    const chosen = await deps.dialogs.save(caller.windowId, options);
    if (chosen === null || extname(chosen) !== '' || !extension) return chosen;
    const path = `${chosen}.${extension}`;
    const exists = await fs.lstat(path).then(
      () => true,
      () => false,
    );
    if (exists && !(await deps.dialogs.confirmReplace(caller.windowId, path))) return null;
    return path;
  }

  async function saveAsDialog(caller: Caller, defaultPath: string, text: string) {
    const path = await askSavePath(
      caller,
      { title: 'Save the model', defaultPath, filters: MODEL_FILTERS },
      MODEL_EXTENSION,
    );
    if (path === null) return null;
    await saveAtomically(path, text);
    await remember(path);
    return fileRefFor(path);
  }

  /** Runs a save for the close handshake: it hears when the save starts and how it ends. */
  async function tracked<T>(caller: Caller, run: () => Promise<T>): Promise<T> {
    deps.windows.saveStarted(caller.windowId);
    let saved = false;
    try {
      const result = await run();
      saved = result !== null;
      return result;
    } finally {
      deps.windows.saveFinished(caller.windowId, saved);
    }
  }

  const none = z.tuple([]);

  const handlers: Record<InvokeChannel, Handler> = {
    'weightcraft:openFile': handler(none, [], async (caller): Promise<OpenedFile | null> => {
      const path = await deps.dialogs.open(caller.windowId, {
        title: 'Open a model',
        defaultPath: await startFolder(),
        filters: MODEL_FILTERS,
      });
      return path === null ? null : openPath(path);
    }),

    'weightcraft:openRecent': handler(
      z.tuple([schema.fileRef]),
      ['file'],
      async (_caller, file): Promise<OpenedFile> => {
        if (!(await deps.recent.has(file.id))) {
          throw new FileError(`${basename(file.id)}: not in the recent files list`);
        }
        try {
          return await openPath(file.id);
        } catch (error) {
          const message = (error as Error).message;
          if (!message.endsWith(': no such file')) throw error;
          throw new FileError(`${message} (it was moved or deleted since it was last used)`);
        }
      },
    ),

    'weightcraft:save': handler(
      z.tuple([schema.fileRef, schema.modelText]),
      ['file', 'text'],
      (caller, file, text): Promise<FileRef> =>
        tracked(caller, async () => {
          if (granted.has(file.id) || (await deps.recent.has(file.id))) {
            await saveAtomically(file.id, text);
            await remember(file.id);
            return fileRefFor(file.id);
          }
          // A path the user never chose here (an old recovery, or a forged one): ask.
          const saved = await saveAsDialog(caller, file.id, text);
          if (!saved) throw new FileError('the save was cancelled');
          return saved;
        }),
    ),

    'weightcraft:saveAs': handler(
      z.tuple([schema.fileName, schema.modelText]),
      ['suggestedName', 'text'],
      async (caller, suggestedName, text): Promise<FileRef | null> =>
        tracked(caller, async () =>
          saveAsDialog(caller, join(await startFolder(), suggestedName), text),
        ),
    ),

    'weightcraft:exportFile': handler(
      z.tuple([schema.fileName, schema.exportText, schema.mimeType]),
      ['suggestedName', 'text', 'mimeType'],
      async (caller, suggestedName, text, mimeType): Promise<boolean> => {
        const path = await askSavePath(
          caller,
          {
            title: 'Export',
            defaultPath: join(await startFolder(), suggestedName),
            filters: exportFilters(suggestedName, mimeType),
          },
          extname(suggestedName).slice(1),
        );
        if (path === null) return false;
        await saveAtomically(path, text, { backup: false });
        return true;
      },
    ),

    'weightcraft:recentFiles': handler(none, [], (): Promise<RecentFile[]> => deps.recent.list()),

    'weightcraft:writeRecovery': handler(
      z.tuple([schema.recovery]),
      ['recovery'],
      async (_caller, recovery): Promise<void> => deps.recovery.write(recovery),
    ),

    'weightcraft:readRecovery': handler(none, [], (): Promise<Recovery | null> => {
      return deps.recovery.read();
    }),

    'weightcraft:clearRecovery': handler(none, [], (): Promise<void> => deps.recovery.clear()),

    'weightcraft:setDocumentState': handler(
      z.tuple([schema.documentState]),
      ['state'],
      (caller, state): void => {
        deps.windows.setDocumentState(caller.windowId, state);
      },
    ),

    'weightcraft:openDropped': handler(
      z.tuple([schema.absolutePath]),
      ['path'],
      async (_caller, path): Promise<OpenedFile> => {
        if (!isModelPath(path)) {
          throw new FileError(
            `${basename(path)}: not a model file (expected .${MODEL_EXTENSIONS.join(' or .')})`,
          );
        }
        return openPath(path);
      },
    ),

    'weightcraft:listening': handler(
      z.tuple([schema.listenerKind]),
      ['kind'],
      (caller, kind): void => {
        deps.windows.listening(caller.windowId, kind);
      },
    ),
  };

  /** Checks the sender, then the arguments, then runs the handler: the reply is plain data. */
  async function dispatch(
    channel: string,
    caller: Caller,
    args: readonly unknown[],
  ): Promise<IpcResult<unknown>> {
    const entry = (INVOKE_CHANNELS as readonly string[]).includes(channel)
      ? handlers[channel as InvokeChannel]
      : undefined;
    if (!entry) return { ok: false, message: `unknown channel ${channel}` };
    if (!caller.topFrame || !isAppUrl(caller.url, deps.devServerUrl)) {
      log(`Weightcraft: refused ${channel} from ${caller.url || 'a closed frame'}`);
      return { ok: false, message: NOT_OUR_PAGE };
    }
    if (args.length !== entry.names.length) {
      const expected = entry.names.length === 0 ? 'none' : entry.names.join(', ');
      return {
        ok: false,
        message: `${channel}: expected ${entry.names.length} argument(s) (${expected}), got ${args.length}`,
      };
    }
    const parsed = entry.args.safeParse(args);
    if (!parsed.success) {
      return {
        ok: false,
        message: `${channel}: ${schema.describeIssues(parsed.error, entry.names)}`,
      };
    }
    try {
      return { ok: true, value: await entry.run(caller, parsed.data) };
    } catch (error) {
      if (!(error instanceof FileError)) log(`Weightcraft: ${channel} failed: ${String(error)}`);
      return { ok: false, message: oneLine(error) };
    }
  }

  return { dispatch, openPath, handlers, granted: granted as ReadonlySet<string> };
}

export type Ipc = ReturnType<typeof createIpc>;

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim() || 'unexpected error';
}
