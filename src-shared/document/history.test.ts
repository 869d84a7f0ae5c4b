import { setAutoFreeze } from 'immer';
import { describe, expect, it } from 'vitest';
import { fromNested } from '../tensor/tensor.ts';
import {
  addNode,
  connect,
  moveNodes,
  randomiseWeights,
  setInputValue,
  setWeight,
  setWeights,
} from './commands.ts';
import { History } from './history.ts';
import { chainOf } from './test-support.ts';
import type { DenseNode, EditorDocument } from './types.ts';

const weightsOf = (doc: EditorDocument, id = 'n2') =>
  Array.from((doc.nodes[id] as DenseNode).weights!.data);

describe('History', () => {
  it('undoes and redoes every step back to the exact documents, weights included', () => {
    const history = new History(chainOf('input', 'dense'));
    const docs = [history.document];
    const { id } = history.apply('Add ReLU', (d) =>
      addNode(d, { kind: 'relu', position: { x: 400, y: 0 } }),
    );
    docs.push(history.document);
    history.apply('Connect', (d) => connect(d, { from: 'n2', to: id }));
    docs.push(history.document);
    history.apply('Randomise weights', (d) => randomiseWeights(d, { id: 'n2', seed: 0 }));
    docs.push(history.document);
    history.apply('Set weight', (d) => setWeight(d, { id: 'n2', row: 3, col: 2, value: 0.25 }));
    docs.push(history.document);
    history.apply('Move', (d) => moveNodes(d, { ids: ['n1', id], dx: 5, dy: 6 }));
    docs.push(history.document);
    expect(weightsOf(docs[3]!)[11]).not.toBe(0.25);
    expect(weightsOf(docs[4]!)[11]).toBe(0.25);

    for (let i = docs.length - 2; i >= 0; i--) {
      expect(history.undo()).toBe(true);
      expect(history.document).toEqual(docs[i]);
      expect(weightsOf(history.document)).toEqual(weightsOf(docs[i]!));
    }
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBe(false);
    expect(weightsOf(history.document)).toEqual(new Array(12).fill(0));
    for (let i = 1; i < docs.length; i++) {
      expect(history.redo()).toBe(true);
      expect(history.document).toEqual(docs[i]);
    }
    expect(history.canRedo).toBe(false);
  });

  it('names steps for the Edit menu', () => {
    const history = new History(chainOf('input', 'dense'));
    expect([history.undoLabel, history.redoLabel]).toEqual([null, null]);
    history.apply('Move', (d) => moveNodes(d, { ids: ['n1'], dx: 1, dy: 0 }));
    history.apply('Set weight', (d) => setWeight(d, { id: 'n2', row: 0, col: 0, value: 1 }));
    expect(history.undoLabel).toBe('Undo Set weight');
    history.undo();
    expect([history.undoLabel, history.redoLabel]).toEqual(['Undo Move', 'Redo Set weight']);
  });

  it('records diffs per record, not copies of the document', () => {
    const history = new History(chainOf('input', 'dense'));
    history.apply('Set weight', (d) => setWeight(d, { id: 'n2', row: 0, col: 0, value: 1 }));
    history.apply('Add Dense', (d) => addNode(d, { kind: 'dense', position: { x: 0, y: 0 } }));
    const [setStep, addStep] = history.steps;
    expect(setStep!.patches.map((p) => [p.op, p.path.join('.')])).toEqual([
      ['replace', 'nodes.n2'],
    ]);
    expect(setStep!.inversePatches.map((p) => [p.op, p.path.join('.')])).toEqual([
      ['replace', 'nodes.n2'],
    ]);
    expect(addStep!.patches.map((p) => [p.op, p.path.join('.')]).sort()).toEqual([
      ['add', 'nodes.n4'],
      ['replace', 'nextId'],
    ]);
  });

  it('merges consecutive edits with the same key into one step', () => {
    const start = chainOf('input', 'dense');
    const history = new History(start);
    const type = (value: number) =>
      history.apply('Set input', (d) => setInputValue(d, { row: 0, col: 1, value }), {
        mergeKey: 'input 0 1',
      });
    type(1);
    type(12);
    type(123);
    expect(history.steps).toHaveLength(1);
    expect(history.steps[0]!.patches).toHaveLength(1);
    expect(history.document.inputs.data[1]).toBe(123);
    history.undo();
    expect(history.document).toEqual(start);
    history.redo();
    expect(history.document.inputs.data[1]).toBe(123);

    // Undo, another key, no key and endMerge() each close the merge.
    type(5);
    expect(history.steps).toHaveLength(2);
    history.endMerge();
    type(6);
    history.apply('Move', (d) => moveNodes(d, { ids: ['n1'], dx: 1, dy: 0 }), { mergeKey: 'drag' });
    type(7);
    expect(history.steps.map((s) => s.label)).toEqual([
      'Set input',
      'Set input',
      'Set input',
      'Move',
      'Set input',
    ]);
  });

  it('makes a whole drag one step with one minimal diff', () => {
    const start = chainOf('input', 'dense');
    const history = new History(start);
    for (let i = 0; i < 20; i++) {
      history.apply('Move', (d) => moveNodes(d, { ids: ['n1', 'n2'], dx: 3, dy: -1 }), {
        mergeKey: 'drag 1',
      });
    }
    expect(history.steps).toHaveLength(1);
    expect(history.steps[0]!.patches).toHaveLength(2);
    expect(history.document.nodes.n2!.position).toEqual({ x: 260, y: -20 });
    history.undo();
    expect(history.document).toEqual(start);
  });

  it('clears redo after a new edit, but not after an edit that changes nothing', () => {
    const history = new History(chainOf('input', 'dense'));
    history.apply('Move', (d) => moveNodes(d, { ids: ['n1'], dx: 1, dy: 0 }));
    history.undo();
    history.apply('Move', (d) => moveNodes(d, { ids: ['n1'], dx: 0, dy: 0 }));
    expect(history.canRedo).toBe(true);
    expect(history.steps).toHaveLength(0);
    history.apply('Move', (d) => moveNodes(d, { ids: ['n2'], dx: 0, dy: 9 }));
    expect(history.canRedo).toBe(false);
    expect(history.redo()).toBe(false);
  });

  it('keeps everything as it was when a command refuses', () => {
    const history = new History(chainOf('input', 'dense'));
    history.apply('Move', (d) => moveNodes(d, { ids: ['n1'], dx: 1, dy: 0 }));
    history.undo();
    const before = history.document;
    expect(() =>
      history.apply('Set weight', (d) => setWeight(d, { id: 'n2', row: 0, col: 0, value: NaN })),
    ).toThrow('weight [0][0] of Dense n2 must be a finite number, found NaN');
    expect(history.document).toBe(before);
    expect(history.canRedo).toBe(true);
  });

  it('freezes documents deeply but leaves typed arrays alone, whatever the global setting', () => {
    setAutoFreeze(false);
    try {
      const history = new History(chainOf('input', 'dense'));
      const weights = fromNested([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
        [0, 1, 2],
      ]);
      const result = history.apply('Set weights', (d) => setWeights(d, { id: 'n2', weights }));
      expect(result).toBe(history.document);
      const dense = history.document.nodes.n2 as DenseNode;
      expect(Object.isFrozen(history.document)).toBe(true);
      expect(Object.isFrozen(history.document.nodes)).toBe(true);
      expect(Object.isFrozen(dense)).toBe(true);
      expect(Object.isFrozen(dense.weights)).toBe(true);
      expect(Object.isFrozen(dense.weights!.shape)).toBe(true);
      expect(Object.isFrozen(dense.weights!.data)).toBe(false);
      expect(dense.weights!.data).toBeInstanceOf(Float64Array);
      expect(() => {
        (dense as { units: number }).units = 9;
      }).toThrow(TypeError);
      history.undo();
      expect(Object.isFrozen(history.document.nodes.n2)).toBe(true);
      expect(weightsOf(history.document)).toEqual(new Array(12).fill(0));
    } finally {
      setAutoFreeze(true);
    }
  });

  it('returns what the command returned, with the stored document', () => {
    const history = new History(chainOf('input'));
    const result = history.apply('Add Dense', (d) =>
      addNode(d, { kind: 'dense', position: { x: 0, y: 0 } }),
    );
    expect(result.id).toBe('n2');
    expect(result.doc).toBe(history.document);
  });

  it('drops the oldest steps beyond its limit, and reset empties it', () => {
    const history = new History(chainOf('input'), { limit: 3 });
    for (let i = 1; i <= 5; i++) {
      history.apply(`Move ${i}`, (d) => moveNodes(d, { ids: ['n1'], dx: 1, dy: 0 }));
    }
    expect(history.steps.map((s) => s.label)).toEqual(['Move 3', 'Move 4', 'Move 5']);
    while (history.undo());
    expect(history.document.nodes.n1!.position).toEqual({ x: 2, y: 0 });
    const fresh = chainOf('input', 'relu');
    history.reset(fresh);
    expect([history.canUndo, history.canRedo, history.document]).toEqual([false, false, fresh]);
  });
});
