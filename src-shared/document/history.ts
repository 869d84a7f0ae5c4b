/**
 * Undo and redo for the document, as tldraw and excalidraw do it: each step stores the diff
 * an edit made (immer patches) and the diff that reverses it, never a copy of the document.
 *
 * An edit is a pure command (commands.ts); `apply` turns the old and new document into
 * record-level patches (`nodes.n3` replaced, `edges.e7` removed, `inputs` replaced). Typed
 * arrays are never drafted: a tensor is replaced whole, which is how commands change them.
 * View state (selection, zoom) never comes here, so it can't clear the redo stack.
 */
import { enablePatches, freeze, Immer, type Draft, type Patch } from 'immer';
import type { EditorDocument } from './types.ts';

enablePatches();

/**
 * Our own immer instance, so the app's global immer settings can't turn freezing off: the
 * document is deeply frozen except its typed arrays, which immer leaves alone (it can't
 * freeze them, and it doesn't draft them).
 */
const immer = new Immer({ autoFreeze: true });

export interface HistoryStep {
  /** For menus: "Move", "Set weight". */
  readonly label: string;
  readonly patches: readonly Patch[];
  readonly inversePatches: readonly Patch[];
}

export interface ApplyOptions {
  /**
   * Consecutive edits with the same key become one step (a drag, typing in one cell), until
   * another edit, an undo or redo, or `endMerge()`.
   */
  mergeKey?: string;
}

/** A command's result when it returns more than the document (addNode's new id). */
export interface Edited {
  readonly doc: EditorDocument;
}

export interface HistoryOptions {
  /** Oldest steps are dropped beyond this many. */
  limit?: number;
}

export class History {
  #doc: EditorDocument;
  #undo: HistoryStep[] = [];
  #redo: HistoryStep[] = [];
  /** The open merge: its key and the document before its step began. */
  #merge: { key: string; before: EditorDocument } | null = null;
  readonly #limit: number;

  constructor(doc: EditorDocument, { limit = 500 }: HistoryOptions = {}) {
    this.#doc = freeze(doc, true);
    this.#limit = limit;
  }

  /** The current document (deeply frozen, typed arrays aside). */
  get document(): EditorDocument {
    return this.#doc;
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }

  get canRedo(): boolean {
    return this.#redo.length > 0;
  }

  /** "Undo Move", or null when there is nothing to undo. */
  get undoLabel(): string | null {
    const step = this.#undo.at(-1);
    return step ? `Undo ${step.label}` : null;
  }

  get redoLabel(): string | null {
    const step = this.#redo.at(-1);
    return step ? `Redo ${step.label}` : null;
  }

  /** The steps, oldest first, for a history panel or tests. */
  get steps(): readonly HistoryStep[] {
    return this.#undo;
  }

  /**
   * Runs a command on the current document and records it as one step. Returns what the
   * command returned, with `doc` (or the document itself) being the stored document.
   * An edit that changes nothing records nothing and leaves the redo stack alone; a command
   * that throws leaves everything as it was.
   */
  apply<T extends EditorDocument | Edited>(
    label: string,
    edit: (doc: EditorDocument) => T,
    { mergeKey }: ApplyOptions = {},
  ): T {
    const result: EditorDocument | Edited = edit(this.#doc);
    const next = isEdited(result) ? result.doc : result;
    if (next !== this.#doc) {
      // An open merge always has its step on top of the undo stack; that step is redone
      // from the document before it began, so a whole drag is one minimal diff.
      const open = mergeKey !== undefined && this.#merge?.key === mergeKey ? this.#merge : null;
      const base = open ? open.before : this.#doc;
      const [doc, patches, inversePatches] = immer.produceWithPatches(base, (draft) => {
        reconcile(draft, base, next);
      });
      if (open) this.#undo.pop();
      const changed = patches.length > 0;
      if (changed) {
        this.#push({ label, patches, inversePatches });
        this.#redo = [];
      }
      this.#merge =
        changed && mergeKey !== undefined ? (open ?? { key: mergeKey, before: base }) : null;
      this.#doc = doc;
    }
    return (isEdited(result) ? { ...result, doc: this.#doc } : this.#doc) as T;
  }

  /**
   * Replaces the inputs shown without an undo step: a photo put on an image network to see its
   * prediction is not an edit (an image model's file keeps no inputs), so it neither dirties the
   * document nor clears redo. Steps keep their record-level patches, so undoing an edit that
   * did not touch the inputs keeps the photo. Throws if `edit` changed anything else.
   */
  show(edit: (doc: EditorDocument) => EditorDocument): EditorDocument {
    const next = edit(this.#doc);
    if (next === this.#doc) return next;
    const changed = Object.keys(next).filter(
      (key) => (next as unknown as Records)[key] !== (this.#doc as unknown as Records)[key],
    );
    if (changed.some((key) => key !== 'inputs')) {
      throw new Error(`show() only replaces the inputs; this change touched ${changed.join(', ')}`);
    }
    // The next merged edit must not fold this change into its step.
    this.#merge = null;
    this.#doc = freeze(next, true);
    return this.#doc;
  }

  /** Closes the open merge: the next edit starts a new step even with the same key. */
  endMerge(): void {
    this.#merge = null;
  }

  undo(): boolean {
    const step = this.#undo.pop();
    if (!step) return false;
    this.#doc = immer.applyPatches(this.#doc, step.inversePatches);
    this.#redo.push(step);
    this.#merge = null;
    return true;
  }

  redo(): boolean {
    const step = this.#redo.pop();
    if (!step) return false;
    this.#doc = immer.applyPatches(this.#doc, step.patches);
    this.#undo.push(step);
    this.#merge = null;
    return true;
  }

  /** A new document (a file opened, a lesson loaded) with an empty history. */
  reset(doc: EditorDocument): void {
    this.#doc = freeze(doc, true);
    this.#undo = [];
    this.#redo = [];
    this.#merge = null;
  }

  #push(step: HistoryStep): void {
    this.#undo.push(step);
    if (this.#undo.length > this.#limit) this.#undo.shift();
  }
}

function isEdited(value: EditorDocument | Edited): value is Edited {
  return 'doc' in value;
}

type Records = Record<string, unknown>;

/**
 * Makes the draft of `base` equal to `next`, touching only what differs by reference:
 * per node and per wire in the two records, whole values elsewhere. Commands keep every
 * unchanged object, so the patches name exactly the records an edit replaced.
 */
function reconcile(draft: Draft<EditorDocument>, base: EditorDocument, next: EditorDocument) {
  const target = draft as unknown as Records;
  const from = base as unknown as Records;
  const to = next as unknown as Records;
  for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) {
    if (from[key] === to[key]) continue;
    if (key === 'nodes' || key === 'edges') {
      reconcileRecord(target[key] as Records, from[key] as Records, to[key] as Records);
    } else if (Object.hasOwn(to, key)) {
      target[key] = to[key];
    } else {
      delete target[key];
    }
  }
}

function reconcileRecord(draft: Records, base: Records, next: Records): void {
  for (const id of Object.keys(base)) if (!Object.hasOwn(next, id)) delete draft[id];
  for (const [id, value] of Object.entries(next)) if (base[id] !== value) draft[id] = value;
}
