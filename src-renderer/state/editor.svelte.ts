/**
 * The editor's state for Svelte: the document with its undo history, and view state
 * (selection, the sample shown) that never enters history. Every edit is a named command
 * from src-shared/document; a refused edit leaves the document as it was and says why.
 */
import {
  createEmptyDocument,
  derive,
  History,
  type EditorDocument,
  type Edited,
  type NodeId,
} from '../../src-shared/document/index.ts';
import type { Layout } from '../panels/paste-fit.ts';

export interface NeuronRef {
  nodeId: NodeId;
  index: number;
}

export class EditorStore {
  #history: History;
  doc: EditorDocument = $state.raw(createEmptyDocument());
  selection: ReadonlySet<NodeId> = $state.raw(new Set());
  selectedNeuron: NeuronRef | null = $state.raw(null);
  /** Which row of the input batch the canvas shows. */
  sample = $state(0);
  /**
   * How this document's pasted weights are written, once the user has said (asked when a
   * square matrix could be either). View state: it changes no number of the network, so it
   * is no undo step and does not mark the document unsaved; a new document asks again.
   */
  pasteLayout: Layout | null = $state(null);
  /** The last refused edit's reason, shown until the next successful edit. */
  problem: string | null = $state(null);
  /** The newest undo step: the document is unchanged since a save while this is the same. */
  marker: object | null = $state.raw(null);
  undoLabel: string | null = $state(null);
  redoLabel: string | null = $state(null);
  derived = $derived(derive(this.doc));

  constructor(doc: EditorDocument = createEmptyDocument()) {
    this.#history = new History(doc);
    this.#sync();
  }

  /** Runs a command as one undoable step; returns its result, or null if it was refused. */
  edit<T extends EditorDocument | Edited>(
    label: string,
    command: (doc: EditorDocument) => T,
    mergeKey?: string,
  ): T | null {
    try {
      const result = this.#history.apply(label, command, { mergeKey });
      this.problem = null;
      this.#sync();
      return result;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return null;
    }
  }

  /**
   * Shows other inputs without an undo step (a photo put on an image network): see
   * `History.show`. Returns the new document, or null if refused.
   */
  show(command: (doc: EditorDocument) => EditorDocument): EditorDocument | null {
    try {
      const doc = this.#history.show(command);
      this.problem = null;
      this.#sync();
      return doc;
    } catch (error) {
      this.problem = error instanceof Error ? error.message : String(error);
      return null;
    }
  }

  /** Starts over with `doc` and an empty history (an opened file). */
  reset(doc: EditorDocument): void {
    this.#history.reset(doc);
    this.problem = null;
    this.#sync();
    this.selection = new Set();
    this.selectedNeuron = null;
    this.sample = 0;
    this.pasteLayout = null;
  }

  /** Replaces the whole document as one undoable step (a lesson, New network). */
  replace(label: string, doc: EditorDocument): void {
    this.edit(label, () => doc);
    this.selection = new Set();
    this.selectedNeuron = null;
    this.sample = 0;
    this.pasteLayout = null;
  }

  /** Ends a merged run of edits: the next edit starts a new undo step. */
  endMerge(): void {
    this.#history.endMerge();
  }

  undo(): void {
    if (this.#history.undo()) this.#sync();
  }

  redo(): void {
    if (this.#history.redo()) this.#sync();
  }

  select(ids: Iterable<NodeId>): void {
    this.selection = new Set(ids);
    this.selectedNeuron = null;
  }

  toggle(id: NodeId): void {
    const next = new Set(this.selection);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selection = next;
  }

  #sync(): void {
    this.doc = this.#history.document;
    this.undoLabel = this.#history.undoLabel;
    this.marker = this.#history.steps.at(-1) ?? null;
    this.redoLabel = this.#history.redoLabel;
    // Selections of deleted nodes go; the sample index stays within the batch.
    const present = [...this.selection].filter((id) => id in this.doc.nodes);
    if (present.length !== this.selection.size) this.selection = new Set(present);
    if (this.selectedNeuron && !(this.selectedNeuron.nodeId in this.doc.nodes))
      this.selectedNeuron = null;
    this.sample = Math.min(this.sample, Math.max(0, (this.doc.inputs.shape[0] ?? 1) - 1));
  }
}
