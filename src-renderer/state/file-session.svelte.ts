/**
 * The document's life as a file: which file it is, whether it has unsaved changes, and the
 * commands that open, save and recover it through the shell's Bridge. A failed open or save
 * never changes the document; unsaved work is written to recovery every few seconds.
 */
import type { Bridge, FileRef, OpenedFile, Recovery } from '../../src-shared/bridge.ts';
import { MODEL_EXTENSION } from '../../src-shared/bridge.ts';
import {
  createEmptyDocument,
  documentFromModel,
  modelFromDocument,
  type EditorDocument,
} from '../../src-shared/document/index.ts';
import { parseModelFile, serializeModel } from '../../src-shared/model-file/index.ts';
import type { Model, TrainingRecord } from '../../src-shared/nn/model.ts';
import type { EditorStore } from './editor.svelte.ts';

export type Choice = 'save' | 'discard' | 'cancel';

/**
 * The Train panel: a run writes its record into the document with the weights; a reopened
 * file's record is shown there.
 */
export interface TrainingStore {
  restore(record: TrainingRecord | undefined): void;
}
export const RECOVERY_INTERVAL_MS = 3000;
const STATUS_MS = 4000;

export class FileSession {
  readonly #store: EditorStore;
  readonly #bridge: Bridge;
  /** Asks whether to save unsaved changes first. */
  readonly #confirm: (message: string) => Promise<Choice>;
  file: FileRef | null = $state.raw(null);
  /** The store's history marker when the document was last opened or saved. */
  #savedMarker: object | null = $state.raw(null);
  /** A short note after an action ("Saved network.wcmodel"), gone after a few seconds; errors go to `error`. */
  status: string | null = $state(null);
  #statusTimer: ReturnType<typeof setTimeout> | undefined;
  error: string | null = $state(null);
  /** Unsaved work found at start-up, offered for restore. */
  recovery: Recovery | null = $state.raw(null);
  /** Called whenever the document is replaced (new, opened, restored), e.g. to fit the view. */
  onreplace: () => void = () => {};
  /** Training settings and curves, saved with the model (none in tests that don't train). */
  training: TrainingStore | null = null;

  constructor(store: EditorStore, bridge: Bridge, confirm: (message: string) => Promise<Choice>) {
    this.#store = store;
    this.#bridge = bridge;
    this.#confirm = confirm;
    this.#savedMarker = store.marker;
  }

  /** Unsaved changes since the last open or save (reactive: it reads state). */
  get dirty(): boolean {
    return this.#store.marker !== this.#savedMarker;
  }

  /** The file's name, else the document's (a lesson's title), else "Untitled". */
  get name(): string {
    const named = this.#store.doc.metadata.name;
    return this.file?.name ?? (typeof named === 'string' && named ? named : 'Untitled');
  }

  /** True when it is fine to replace the document: saved, discarded, or nothing to lose. */
  async #mayReplace(): Promise<boolean> {
    if (!this.dirty) return true;
    const choice = await this.#confirm(`Save the changes to ${this.name} first?`);
    if (choice === 'cancel') return false;
    return choice === 'discard' || (await this.save());
  }

  async newDocument(doc: EditorDocument = createEmptyDocument()): Promise<boolean> {
    if (!(await this.#mayReplace())) return false;
    this.#store.reset(doc);
    this.#bind(null);
    this.training?.restore(undefined);
    this.onreplace();
    return true;
  }

  async open(): Promise<void> {
    if (!(await this.#mayReplace())) return;
    await this.#attempt('open', async () => {
      const opened = await this.#bridge.openFile();
      if (opened) this.#load(opened);
    });
  }

  async openRecent(file: FileRef): Promise<void> {
    if (!(await this.#mayReplace())) return;
    await this.#attempt('open', async () => this.#load(await this.#bridge.openRecent(file)));
  }

  /** A file the shell hands over (dropped, double-clicked, command line). */
  async openGiven(read: () => Promise<OpenedFile>): Promise<void> {
    if (!(await this.#mayReplace())) return;
    await this.#attempt('open', async () => this.#load(await read()));
  }

  /** Saves in place, or asks where for a new document. Returns true when saved. */
  async save(): Promise<boolean> {
    if (!this.file) return this.saveAs();
    const file = this.file;
    return this.#attempt('save', async () => {
      const text = this.#text();
      this.#bind(await this.#bridge.save(file, text));
      this.say(`Saved ${this.name}`);
    });
  }

  async saveAs(): Promise<boolean> {
    return this.#attempt('save', async () => {
      const text = this.#text();
      const saved = await this.#bridge.saveAs(suggestedName(this.name), text);
      if (!saved) throw new Cancelled();
      this.#bind(saved);
      this.say(`Saved ${this.name}`);
    });
  }

  /** Restores the unsaved work found at start-up (it stays unsaved: it is not the file). */
  restore(): void {
    const recovery = this.recovery;
    if (!recovery) return;
    this.recovery = null;
    try {
      const model = parseModelFile(recovery.text);
      this.#store.reset(documentFromModel(model));
      this.training?.restore(model.training);
      this.onreplace();
      this.file = recovery.file;
      this.#savedMarker = {}; // matches no history marker: the restored work is unsaved
      this.say('Restored your unsaved work');
    } catch (error) {
      this.error = `Could not restore the unsaved work: ${(error as Error).message}`;
    }
  }

  async discardRecovery(): Promise<void> {
    this.recovery = null;
    await this.#bridge.clearRecovery();
  }

  async checkRecovery(): Promise<void> {
    try {
      this.recovery = await this.#bridge.readRecovery();
    } catch {
      this.recovery = null; // an unreadable recovery record is not worth a dialog
    }
  }

  /** Called on a timer: keeps the recovery record in step with the document. */
  async writeRecovery(): Promise<void> {
    if (this.recovery) return; // don't overwrite what is being offered
    if (!this.dirty) return this.#bridge.clearRecovery();
    let text: string;
    try {
      text = this.#text();
    } catch {
      return; // not savable right now (a non-finite number): keep the last good recovery
    }
    await this.#bridge.writeRecovery({ text, file: this.file, saved: new Date().toISOString() });
  }

  /** Shows a short note for a few seconds. */
  say(text: string): void {
    this.status = text;
    clearTimeout(this.#statusTimer);
    this.#statusTimer = setTimeout(() => (this.status = null), STATUS_MS);
  }

  #load(opened: OpenedFile): void {
    let doc: EditorDocument;
    let model: Model;
    try {
      model = parseModelFile(opened.text);
      doc = documentFromModel(model);
    } catch (error) {
      throw new Error(`${opened.file.name}: ${(error as Error).message}`, { cause: error });
    }
    this.#store.reset(doc);
    this.#bind(opened.file);
    this.training?.restore(model.training);
    this.onreplace();
    this.say(`Opened ${opened.file.name}`);
  }

  #bind(file: FileRef | null): void {
    this.file = file;
    this.#savedMarker = this.#store.marker;
    this.error = null;
  }

  /** The document as drawn, whatever its shapes, with its one training record (the latest run's). */
  #text(): string {
    const model = modelFromDocument(this.#store.doc);
    return serializeModel({
      ...model,
      metadata: { ...model.metadata, modified: new Date().toISOString() },
    });
  }

  async #attempt(action: 'open' | 'save', run: () => Promise<void>): Promise<boolean> {
    try {
      this.error = null;
      await run();
      return true;
    } catch (error) {
      // A dialog the user closed is no error.
      const cancelled = error instanceof Cancelled || (error as Error).name === 'AbortError';
      if (!cancelled) this.error = `Could not ${action}: ${(error as Error).message}`;
      return false;
    }
  }
}

class Cancelled extends Error {}

/** "network.json" → "network.wcmodel"; "Train: spiral, 2-64-3" → "Train - spiral, 2-64-3.wcmodel". */
export function suggestedName(name: string): string {
  const base = name
    .replace(/\.(wcmodel|json)$/i, '')
    .replace(/\s*[:/\\?*"<>|]+\s*/g, ' - ')
    .trim();
  return `${base || 'Untitled'}.${MODEL_EXTENSION}`;
}
