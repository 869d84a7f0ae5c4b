import { describe, expect, it } from 'vitest';
import type { Bridge, FileRef, OpenedFile, Recovery } from '../../src-shared/bridge.ts';
import { readFileSync } from 'node:fs';
import {
  addNode,
  derive,
  documentFromLesson,
  documentFromModel,
  setInputValue,
  setPicture,
  setWeights,
} from '../../src-shared/document/index.ts';
import { zeros } from '../../src-shared/tensor/tensor.ts';
import { cnnModel } from '../../src-shared/nn/cnn-test-support.ts';
import { lessonById } from '../../src-shared/lessons/index.ts';
import { parseModelFile } from '../../src-shared/model-file/index.ts';
import { EditorStore } from './editor.svelte.ts';
import { FileSession, suggestedName, type Choice } from './file-session.svelte.ts';

/** An in-memory shell: files by id, a scripted dialog answer, and a log of what was asked. */
function fakeBridge(files: Record<string, string> = {}) {
  let recovery: Recovery | null = null;
  const bridge: Bridge & { answer: string | null; failSave: string | null } = {
    shell: 'web',
    answer: null,
    failSave: null,
    openFile: async () =>
      bridge.answer ? { file: ref(bridge.answer), text: files[bridge.answer]! } : null,
    openRecent: async (file) => ({ file, text: files[file.id]! }),
    save: async (file, text) => {
      if (bridge.failSave) throw new Error(bridge.failSave);
      files[file.id] = text;
      return file;
    },
    saveAs: async (name, text) => {
      if (!bridge.answer) return null;
      files[bridge.answer] = text;
      return ref(bridge.answer ?? name);
    },
    exportFile: async () => true,
    recentFiles: async () => [],
    writeRecovery: async (r) => void (recovery = r),
    readRecovery: async () => recovery,
    clearRecovery: async () => void (recovery = null),
    setDocumentState: () => {},
    onMenu: () => {},
    onOpenRequest: () => {},
    openDropped: async (): Promise<OpenedFile> => {
      throw new Error('not used');
    },
  };
  return { bridge, files, recovery: () => recovery };
}

const ref = (id: string): FileRef => ({ id, name: id });

function setup(choice: Choice = 'discard', files: Record<string, string> = {}) {
  const store = new EditorStore(documentFromLesson(lessonById('four-inputs-three-neurons')));
  const shell = fakeBridge(files);
  const asked: string[] = [];
  const session = new FileSession(store, shell.bridge, async (message) => {
    asked.push(message);
    return choice;
  });
  const edit = () =>
    store.edit('Set input', (d) => setInputValue(d, { row: 0, col: 0, value: 10 }));
  return { store, session, shell, asked, edit };
}

describe('FileSession', () => {
  it('is clean until an edit, and clean again after undoing back to the saved state', () => {
    const { store, session, edit } = setup();
    expect(session.dirty).toBe(false);
    edit();
    expect(session.dirty).toBe(true);
    store.undo();
    expect(session.dirty).toBe(false);
  });

  it('stays clean when a photo is shown on an image network, and asks nothing on replace', async () => {
    const { store, session, asked } = setup();
    store.reset(documentFromModel(cnnModel())); // image-input 4×4×1
    const shown = store.show((d) =>
      setPicture(d, { pixels: new Uint8Array(16).fill(7), shape: [4, 4, 1] }),
    );
    expect(shown?.inputs.data[0]).toBe(7);
    expect(session.dirty).toBe(false);
    expect(store.undoLabel).toBeNull();
    expect(await session.newDocument()).toBe(true);
    expect(asked).toEqual([]);
  });

  it('saves a new document through Save As, then in place', async () => {
    const { session, shell, edit } = setup();
    edit();
    shell.bridge.answer = 'net.wcmodel';
    expect(await session.save()).toBe(true);
    expect(session.name).toBe('net.wcmodel');
    expect(session.dirty).toBe(false);
    const model = parseModelFile(shell.files['net.wcmodel']!);
    expect(model.examples[0]!.inputs.data[0]).toBe(10);
    edit();
    shell.bridge.answer = null; // no dialog should be needed now
    expect(await session.save()).toBe(true);
  });

  it('keeps the document dirty and says why when a save fails', async () => {
    const { session, shell, edit } = setup();
    shell.bridge.answer = 'net.wcmodel';
    await session.save();
    edit();
    shell.bridge.failSave = 'the disk is full';
    expect(await session.save()).toBe(false);
    expect(session.dirty).toBe(true);
    expect(session.error).toBe('Could not save: the disk is full');
  });

  it('never changes the current document when an open fails', async () => {
    const { store, session, shell } = setup('discard', {
      'bad.wcmodel': '{"format": "weightcraft-model", "version": 1, "layers": [',
    });
    const before = store.doc;
    shell.bridge.answer = 'bad.wcmodel';
    await session.open();
    expect(store.doc).toBe(before);
    expect(session.error).toMatch(/^Could not open: bad\.wcmodel: line 1, column \d+: /);
    expect(session.file).toBeNull();
  });

  it('asks before replacing unsaved work, and Cancel keeps it', async () => {
    const { store, session, asked, edit } = setup('cancel');
    edit();
    const before = store.doc;
    expect(await session.newDocument()).toBe(false);
    expect(asked).toEqual(['Save the changes to 4 inputs → 3 neurons first?']);
    expect(store.doc).toBe(before);
  });

  it('opens a file with an empty history and binds to it', async () => {
    const { store, session, shell } = setup();
    shell.bridge.answer = 'net.wcmodel';
    await session.saveAs();
    await session.newDocument();
    await session.open();
    expect(session.name).toBe('net.wcmodel');
    expect(store.undoLabel).toBeNull();
    expect(session.dirty).toBe(false);
  });

  it('writes recovery while dirty, clears it when clean, and restores it as unsaved work', async () => {
    const { store, session, shell, edit } = setup();
    edit();
    await session.writeRecovery();
    expect(shell.recovery()?.text).toContain('"format": "weightcraft-model"');
    const restarted = setup();
    restarted.shell.bridge.writeRecovery(shell.recovery()!);
    await restarted.session.checkRecovery();
    restarted.session.restore();
    expect(restarted.store.doc.inputs.data[0]).toBe(10);
    expect(restarted.session.dirty).toBe(true);
    store.undo();
    await session.writeRecovery();
    expect(shell.recovery()).toBeNull();
  });

  it('saves work in progress, an unwired layer and a red wire, and reopens it as drawn', async () => {
    const { store, session, shell } = setup();
    // The lesson's Dense layer takes 4 inputs; give it weights for 3: its wire turns red.
    store.edit('Set weights', (d) => setWeights(d, { id: 'n2', weights: zeros([3, 3]) }));
    store.edit(
      'Add',
      (d) => addNode(d, { kind: 'dense', units: 2, position: { x: 50, y: 400 } }).doc,
    );
    expect(derive(store.doc).wires).toHaveLength(1);
    const before = store.doc;
    shell.bridge.answer = 'draft.wcmodel';
    expect(await session.save()).toBe(true);
    expect(session.error).toBeNull();
    await session.newDocument();
    await session.open();
    // As drawn: the same nodes, ids, positions, tensors, wires, inputs; wires are saved by the
    // layers they join, so the editor numbers them afresh.
    const { metadata, edges, nextId, ...reopened } = store.doc;
    const { metadata: saved, edges: savedEdges, nextId: savedNextId, ...drawn } = before;
    expect(reopened).toEqual(drawn);
    const wires = (e: typeof edges) => Object.values(e).map(({ from, to }) => `${from}→${to}`);
    expect(wires(edges)).toEqual(wires(savedEdges));
    expect(nextId).toBeGreaterThanOrEqual(savedNextId);
    expect({ ...metadata, modified: undefined }).toEqual({ ...saved, modified: undefined });
    expect(derive(store.doc).wires.map((w) => w.message)).toEqual(
      derive(before).wires.map((w) => w.message),
    );
  });

  it("saves the document's training record, the one the last run wrote", async () => {
    const { store, session, shell } = setup();
    const trained = parseModelFile(
      readFileSync(new URL('../../resources/models/cats-vs-dogs.json', import.meta.url), 'utf8'),
    ).training!;
    store.edit('Train', (d) => ({ ...d, training: trained }));
    shell.bridge.answer = 'kept.wcmodel';
    await session.save();
    expect(parseModelFile(shell.files['kept.wcmodel']!).training).toEqual(trained);
    const latest = { ...trained, classNames: ['a', 'b'] };
    store.edit('Train', (d) => ({ ...d, training: latest }));
    await session.save();
    expect(parseModelFile(shell.files['kept.wcmodel']!).training).toEqual(latest);
  });

  it('suggests the app extension', () => {
    expect(suggestedName('net.json')).toBe('net.wcmodel');
    expect(suggestedName('Untitled')).toBe('Untitled.wcmodel');
    expect(suggestedName('Train: spiral, 2-64-3')).toBe('Train - spiral, 2-64-3.wcmodel');
  });
});
