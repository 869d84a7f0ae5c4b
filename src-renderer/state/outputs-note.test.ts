import { describe, expect, it } from 'vitest';
import {
  addNode,
  connect,
  createEmptyDocument,
  derive,
  type EditorDocument,
  type NodeKind,
} from '../../src-shared/document/index.ts';
import { outputsNote } from './outputs-note.ts';

function chain(...kinds: NodeKind[]): EditorDocument {
  let doc = createEmptyDocument();
  kinds.forEach((kind, i) => (doc = addNode(doc, { kind, position: { x: 200 * i, y: 0 } }).doc));
  for (let i = 1; i < kinds.length; i++) doc = connect(doc, { from: `n${i}`, to: `n${i + 1}` });
  return doc;
}

const note = (doc: EditorDocument) => outputsNote(doc, derive(doc))?.text ?? null;

describe('outputsNote', () => {
  it('says how to start, then how to go on', () => {
    expect(note(createEmptyDocument())).toBe('Add an Input or an Image input to start a network.');
    expect(note(chain('dense'))).toBe('Add an Input or an Image input to start a network.');
    expect(note(chain('input'))).toBe('Connect a layer to the input to see its outputs.');
    expect(note(chain('input', 'dense'))).toBeNull();
  });

  it('gives the first red wire’s message instead of a false "add an Input"', () => {
    const doc = chain('image-input', 'softmax');
    expect(outputsNote(doc, derive(doc))?.fault).toBe(true);
    expect(note(doc)).toBe(
      'The wire into Softmax n2 is red, so the outputs stop before it: Softmax cannot take what Image input gives, (batch, 64, 64, 3): softmax needs (batch, features), found (batch, 64, 64, 3) — add Flatten or global average pooling',
    );
  });
});
