import { describe, expect, it } from 'vitest';
import { cnnModel } from '../nn/cnn-test-support.ts';
import { DocumentError } from './checks.ts';
import { addNode, createEmptyDocument, moveNodes, setPicture } from './commands.ts';
import { History } from './history.ts';
import { documentFromModel } from './model-io.ts';

describe('setPicture', () => {
  const doc = documentFromModel(cnnModel()); // image-input 4×4×1

  it('makes one picture of the input shape the batch, as float32', () => {
    const pixels = Array.from({ length: 16 }, (_, i) => i * 10);
    const next = setPicture(doc, { pixels, shape: [4, 4, 1] });
    expect(next.inputs.shape).toEqual([1, 4, 4, 1]);
    expect(next.inputs.dtype).toBe('float32');
    expect(Array.from(next.inputs.data)).toEqual(pixels);
  });

  it('is shown without an undo step: it keeps redo, and undo of an edit keeps the photo', () => {
    const history = new History(doc);
    const id = Object.values(doc.nodes).find((n) => n.kind === 'conv2d')!.id;
    history.apply('Move', (d) => moveNodes(d, { ids: [id], dx: 5, dy: 0 }));
    history.apply('Move', (d) => moveNodes(d, { ids: [id], dx: 5, dy: 0 }), { mergeKey: 'drag' });
    history.undo();
    const pixels = new Uint8Array(16).fill(9);
    history.show((d) => setPicture(d, { pixels, shape: [4, 4, 1] }));
    expect(history.document.inputs.data[0]).toBe(9);
    expect(history.steps).toHaveLength(1);
    expect(history.canRedo).toBe(true);
    history.undo();
    expect(history.document.nodes[id]!.position).toEqual(doc.nodes[id]!.position);
    expect(history.document.inputs.data[0]).toBe(9);
  });

  it('starts a new step for the next merged edit after a photo', () => {
    const history = new History(doc);
    const id = Object.values(doc.nodes).find((n) => n.kind === 'conv2d')!.id;
    history.apply('Move', (d) => moveNodes(d, { ids: [id], dx: 5, dy: 0 }), { mergeKey: 'drag' });
    history.show((d) => setPicture(d, { pixels: new Uint8Array(16).fill(9), shape: [4, 4, 1] }));
    history.apply('Move', (d) => moveNodes(d, { ids: [id], dx: 5, dy: 0 }), { mergeKey: 'drag' });
    expect(history.steps).toHaveLength(2);
    history.undo();
    history.undo();
    // Neither step carries the photo: undoing both keeps it.
    expect(history.document.inputs.data[0]).toBe(9);
  });

  it('refuses to show a change of anything but the inputs', () => {
    const history = new History(doc);
    const id = Object.values(doc.nodes).find((n) => n.kind === 'conv2d')!.id;
    expect(() => history.show((d) => moveNodes(d, { ids: [id], dx: 1, dy: 0 }))).toThrow(
      'show() only replaces the inputs; this change touched nodes',
    );
    expect(history.document).toBe(doc);
  });

  it('refuses a picture of another shape, values outside 0..255, and networks of numbers', () => {
    expect(() => setPicture(doc, { pixels: new Uint8Array(48), shape: [4, 4, 3] })).toThrow(
      /takes pictures of shape \(4, 4, 1\), found \(4, 4, 3\)/,
    );
    expect(() => setPicture(doc, { pixels: new Array(16).fill(300), shape: [4, 4, 1] })).toThrow(
      /0 to 255, found 300/,
    );
    const numbers = addNode(createEmptyDocument(), { kind: 'input', position: { x: 0, y: 0 } }).doc;
    expect(() => setPicture(numbers, { pixels: [1], shape: [1, 1, 1] })).toThrow(DocumentError);
  });
});
