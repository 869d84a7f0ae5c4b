/**
 * The one contract between the UI and the shell it runs in: the desktop app (Electron main
 * process over IPC) and the web build (browser APIs) both implement `Bridge`. The UI only ever
 * talks to files, dialogs, menus and recovery through it.
 */

/** A file the user opened or saved: opaque to the UI, except for its name. */
export interface FileRef {
  /** The shell's own reference: an absolute path on the desktop, a key in the web build. */
  readonly id: string;
  /** What the title bar and recent list show: "network.wcmodel". */
  readonly name: string;
}

export interface OpenedFile {
  readonly file: FileRef;
  readonly text: string;
}

export interface RecentFile {
  readonly file: FileRef;
  /** ISO 8601 date-time of the last open or save. */
  readonly used: string;
}

export interface Recovery {
  /** The unsaved document as model-file text. */
  readonly text: string;
  /** The file it was opened from, if any. */
  readonly file: FileRef | null;
  readonly saved: string;
}

/** Menu commands the desktop shell sends to the UI (the web build has its own toolbar). */
export type MenuAction =
  | 'new'
  | 'open'
  | 'save'
  | 'saveAs'
  | 'export'
  | 'close'
  | 'undo'
  | 'redo'
  | 'delete'
  | 'duplicate'
  | 'selectAll'
  | 'fit'
  | 'zoomIn'
  | 'zoomOut'
  | 'arrange'
  | 'help';

/** A file dropped on the window: the browser's File, described without DOM types. */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
  text(): Promise<string>;
}

/** Model files: the app's own extension, and plain .json for files made elsewhere. */
export const MODEL_EXTENSION = 'wcmodel';
export const MODEL_EXTENSIONS = [MODEL_EXTENSION, 'json'] as const;

export interface Bridge {
  readonly shell: 'desktop' | 'web';
  /** Shows an open dialog; null when the user cancels. Refuses files over the model-file size limit. */
  openFile(): Promise<OpenedFile | null>;
  /** Re-opens a file from the recent list (throws with a clear message if it is gone). */
  openRecent(file: FileRef): Promise<OpenedFile>;
  /** Writes in place, atomically; throws with a clear message (permission denied, disk full...). */
  save(file: FileRef, text: string): Promise<FileRef>;
  /** Shows a save dialog; null when the user cancels. */
  saveAs(suggestedName: string, text: string): Promise<FileRef | null>;
  /** Saves a derived file (e.g. outputs as CSV) through a save dialog; false when cancelled. */
  exportFile(suggestedName: string, text: string, mimeType: string): Promise<boolean>;
  recentFiles(): Promise<RecentFile[]>;
  /** Unsaved work, written every few seconds while the document is dirty. */
  writeRecovery(recovery: Recovery): Promise<void>;
  readRecovery(): Promise<Recovery | null>;
  clearRecovery(): Promise<void>;
  /** The window title and the unsaved mark (the desktop's close prompt reads the mark). */
  setDocumentState(state: { title: string; dirty: boolean }): void;
  /** Menu commands (desktop only; the web build never calls the handler). */
  onMenu(handler: (action: MenuAction) => void): void;
  /** Files the shell asks the UI to open: command line, double-click, second instance. */
  onOpenRequest(handler: (opened: OpenedFile) => void): void;
  /** A file dropped on the window, read by the shell (keeps its path on the desktop). */
  openDropped(file: DroppedFile): Promise<OpenedFile>;
}
