import { describe, expect, it } from 'vitest';
import { fromNested } from '../tensor/tensor.ts';
import {
  addNode,
  connect,
  createEmptyDocument,
  deleteNodes,
  disconnect,
  duplicateNodes,
  moveNodes,
  setDenseUnits,
  setInputs,
  setWeights,
} from './commands.ts';
import { incomingEdges, outgoingEdges } from './graph.ts';
import { DocumentError } from './checks.ts';
import { chainOf, edgeList } from './test-support.ts';
import type { DenseNode, NodeKind } from './types.ts';

describe('addNode', () => {
  it('gives sensible defaults and fresh ids, and sizes the batch with the first Input', () => {
    const empty = createEmptyDocument({ name: 'x' });
    expect(empty.inputs.shape).toEqual([1, 0]);
    const a = addNode(empty, { kind: 'input', position: { x: 1, y: 2 } });
    expect(a.id).toBe('n1');
    expect(a.doc.nodes.n1).toEqual({ id: 'n1', kind: 'input', position: { x: 1, y: 2 }, units: 4 });
    expect(a.doc.inputs.shape).toEqual([1, 4]);
    const b = addNode(a.doc, { kind: 'dense', position: { x: 0, y: 0 } });
    expect(b.id).toBe('n2');
    const dense = b.doc.nodes.n2 as DenseNode;
    expect(dense.units).toBe(3);
    expect(dense.weights).toBeNull();
    expect(Array.from(dense.biases.data)).toEqual([0, 0, 0]);
    const c = addNode(b.doc, { kind: 'relu', position: { x: 0, y: 0 } });
    expect(c.doc.nodes.n3).toEqual({ id: 'n3', kind: 'relu', position: { x: 0, y: 0 } });
    expect(c.doc.nextId).toBe(4);
    // A second Input does not resize the batch: the oldest Input is fed.
    const d = addNode(c.doc, { kind: 'input', position: { x: 0, y: 0 }, units: 7 });
    expect(d.doc.inputs.shape).toEqual([1, 4]);
  });

  it('refuses bad sizes, kinds and positions', () => {
    const doc = createEmptyDocument();
    expect(() => addNode(doc, { kind: 'dense', position: { x: 0, y: 0 }, units: 0 })).toThrow(
      'units must be a whole number from 1 to 1048576, found 0',
    );
    expect(() => addNode(doc, { kind: 'conv' as NodeKind, position: { x: 0, y: 0 } })).toThrow(
      'unknown layer kind "conv"',
    );
    expect(() => addNode(doc, { kind: 'relu', position: { x: NaN, y: 0 } })).toThrow(
      'the position of a new layer (x) must be a finite number, found NaN',
    );
  });
});

describe('moveNodes', () => {
  it('moves only the given nodes and keeps the others as they were', () => {
    const doc = chainOf('input', 'dense', 'relu');
    const moved = moveNodes(doc, { ids: ['n1', 'n3'], dx: 10, dy: -5 });
    expect(moved.nodes.n1!.position).toEqual({ x: 10, y: -5 });
    expect(moved.nodes.n3!.position).toEqual({ x: 410, y: -5 });
    expect(moved.nodes.n2).toBe(doc.nodes.n2);
    expect(moveNodes(doc, { ids: ['n1'], dx: 0, dy: 0 })).toBe(doc);
    expect(() => moveNodes(doc, { ids: ['n1'], dx: Infinity, dy: 0 })).toThrow(
      'dx must be a finite number, found Infinity',
    );
    expect(() => moveNodes(doc, { ids: ['n9'], dx: 1, dy: 0 })).toThrow(
      'there is no layer n9 in the document',
    );
  });
});

describe('connect', () => {
  it('gives a weightless Dense zeros (k, units) from the layer before', () => {
    const doc = chainOf('input', 'dense');
    const dense = doc.nodes.n2 as DenseNode;
    expect(dense.weights!.shape).toEqual([4, 3]);
    expect(Array.from(dense.weights!.data)).toEqual(new Array(12).fill(0));
  });

  it('fills weights further down once a chain gets its input', () => {
    // relu → dense first (units unknown), then input → relu.
    let doc = createEmptyDocument();
    for (const kind of ['input', 'relu', 'dense'] as const) {
      doc = addNode(doc, { kind, position: { x: 0, y: 0 }, units: kind === 'input' ? 6 : 2 }).doc;
    }
    doc = connect(doc, { from: 'n2', to: 'n3' });
    expect((doc.nodes.n3 as DenseNode).weights).toBeNull();
    doc = connect(doc, { from: 'n1', to: 'n2' });
    expect((doc.nodes.n3 as DenseNode).weights!.shape).toEqual([6, 2]);
  });

  it('keeps weights a Dense already has', () => {
    let doc = chainOf('input', 'dense');
    doc = setWeights(doc, { id: 'n2', weights: fromNested([[1], [2], [3], [4]]) });
    doc = disconnect(doc, Object.keys(doc.edges)[0]!);
    doc = connect(doc, { from: 'n1', to: 'n2' });
    expect(Array.from((doc.nodes.n2 as DenseNode).weights!.data)).toEqual([1, 2, 3, 4]);
  });

  it('keeps the wires out of `from` and replaces the wire into an ordinary `to`', () => {
    const added = addNode(chainOf('input', 'dense', 'relu'), {
      kind: 'sigmoid',
      position: { x: 0, y: 0 },
    });
    let doc = added.doc;
    expect(added.id).toBe('n6'); // n1…n3, then wires e4 and e5
    expect(edgeList(doc)).toEqual(['n1→n2', 'n2→n3']);
    doc = connect(doc, { from: 'n1', to: 'n6' });
    expect(edgeList(doc)).toEqual(['n1→n2', 'n1→n6', 'n2→n3']);
    doc = connect(doc, { from: 'n2', to: 'n6' });
    expect(edgeList(doc)).toEqual(['n1→n2', 'n2→n3', 'n2→n6']);
    expect(Object.keys(doc.edges)).toEqual(['e4', 'e5', 'e8']);
    expect(connect(doc, { from: 'n2', to: 'n6' })).toBe(doc);
  });

  it('gives a merge layer one more wire in, in the order they are wired', () => {
    // Input → Dense(4) → Add ← Input: a residual connection around the Dense.
    let doc = chainOf('input', 'dense');
    doc = setDenseUnits(doc, { id: 'n2', units: 4 });
    doc = addNode(doc, { kind: 'add', position: { x: 0, y: 0 } }).doc;
    doc = connect(doc, { from: 'n2', to: 'n4' });
    doc = connect(doc, { from: 'n1', to: 'n4' });
    expect(incomingEdges(doc, 'n4').map((e) => e.from)).toEqual(['n2', 'n1']);
    expect(connect(doc, { from: 'n1', to: 'n4' })).toBe(doc);
    expect(outgoingEdges(doc, 'n1').map((e) => e.to)).toEqual(['n2', 'n4']);
  });

  it('refuses loops, self-wires and wires into an Input, with reasons', () => {
    const doc = chainOf('input', 'dense', 'relu', 'dense');
    expect(() => connect(doc, { from: 'n4', to: 'n2' })).toThrow(
      'wiring Dense n4 → Dense n2 would make a loop (n2 → n3 → n4 → n2): values flow one way',
    );
    // Through a branch and a merge: n2 → ReLU n8 → Add n9 ← n4; then Add n9 → back.
    let branched = addNode(doc, { kind: 'relu', position: { x: 0, y: 0 } }).doc;
    branched = addNode(branched, { kind: 'add', position: { x: 0, y: 0 } }).doc;
    branched = connect(branched, { from: 'n2', to: 'n8' });
    branched = connect(connect(branched, { from: 'n4', to: 'n9' }), { from: 'n8', to: 'n9' });
    expect(() => connect(branched, { from: 'n9', to: 'n8' })).toThrow(
      'wiring Add n9 → ReLU n8 would make a loop (n8 → n9 → n8): values flow one way',
    );
    expect(() => connect(branched, { from: 'n9', to: 'n3' })).toThrow(
      'wiring Add n9 → ReLU n3 would make a loop (n3 → n4 → n9 → n3): values flow one way',
    );
    expect(() => connect(doc, { from: 'n3', to: 'n3' })).toThrow('ReLU n3 cannot feed itself');
    expect(() => connect(doc, { from: 'n4', to: 'n1' })).toThrow(
      'Input n1 takes no wire in: an Input layer is fed the input batch',
    );
    expect(() => connect(doc, { from: 'n1', to: 'n8' })).toThrow(DocumentError);
  });
});

describe('disconnect and deleteNodes', () => {
  it('removes a wire and keeps the layers', () => {
    const doc = chainOf('input', 'dense');
    const [edge] = Object.keys(doc.edges);
    const cut = disconnect(doc, edge!);
    expect(cut.edges).toEqual({});
    expect(cut.nodes).toBe(doc.nodes);
    expect(() => disconnect(cut, edge!)).toThrow(`there is no wire ${edge}`);
  });

  it('removes nodes with every wire touching them', () => {
    const doc = chainOf('input', 'dense', 'relu', 'dense');
    const after = deleteNodes(doc, ['n3']);
    expect(Object.keys(after.nodes)).toEqual(['n1', 'n2', 'n4']);
    expect(edgeList(after)).toEqual(['n1→n2']);
    expect(() => deleteNodes(doc, ['n3', 'n42'])).toThrow('there is no layer n42 in the document');
  });

  it('refits the batch when the Input it fed is deleted', () => {
    let doc = chainOf('input');
    doc = addNode(doc, { kind: 'input', position: { x: 0, y: 0 }, units: 2 }).doc;
    doc = setInputs(doc, fromNested([[1, 2, 3, 4]]));
    const after = deleteNodes(doc, ['n1']);
    expect(after.inputs.shape).toEqual([1, 2]);
    expect(Array.from(after.inputs.data)).toEqual([1, 2]);
  });
});

describe('duplicateNodes', () => {
  it('copies nodes with new ids and offsets, and the wires between them only', () => {
    const doc = chainOf('input', 'dense', 'relu');
    const { doc: after, ids } = duplicateNodes(doc, ['n2', 'n3']);
    expect(ids).toEqual(['n6', 'n7']);
    expect(after.nodes.n6).toMatchObject({ kind: 'dense', position: { x: 240, y: 40 } });
    expect((after.nodes.n6 as DenseNode).weights).toBe((doc.nodes.n2 as DenseNode).weights);
    expect(edgeList(after)).toEqual(['n1→n2', 'n2→n3', 'n6→n7']);
    expect(after.nextId).toBe(doc.nextId + 3);
    expect(after.inputs).toBe(doc.inputs);
  });
});
