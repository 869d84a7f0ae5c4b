import { describe, expect, it } from 'vitest';
import { chainModel } from '../nn/model.ts';
import { cnnModel } from '../nn/cnn-test-support.ts';
import { forward } from '../net/forward.ts';
import { parseModelFile, serializeModel } from '../model-file/index.ts';
import { zeros } from '../tensor/tensor.ts';
import { addInputRow, addNode, connect, setInputs, setInputValue } from './commands.ts';
import { derive } from './derive.ts';
import { DocumentError } from './checks.ts';
import { documentFromModel, modelFromDocument, runnableNetwork } from './model-io.ts';
import type { EditorDocument } from './types.ts';

/** The cnnModel's document: image-input 4×4×1 → conv2d → … → flatten → dense → … */
function cnnDocument(): EditorDocument {
  return documentFromModel(cnnModel());
}

describe('image layers in the document', () => {
  it('derives the chain with each layer’s shape; image-input feeds a black picture', () => {
    const doc = cnnDocument();
    expect(doc.inputs.shape).toEqual([1, 4, 4, 1]);
    const derived = derive(doc);
    expect(derived.wires).toEqual([]);
    expect(derived.networks[0]!.network.layers.map((l) => l.type)).toEqual(
      cnnModel().network.layers.map((l) => l.type),
    );
    expect(derived.shapes.n1).toEqual([4, 4, 1]);
    expect(derived.shapes.n2).toEqual([4, 4, 2]);
    expect(derived.shapes.n5).toEqual([2, 2, 2]);
    expect(derived.shapes.n8).toEqual([3]);
    // Rows of features have units (neurons to draw); pictures have none.
    expect(derived.units.n2).toBeNull();
    expect(derived.units.n7).toBe(8);
    const outputs = forward(derived.networks[0]!.network, doc.inputs);
    expect(outputs.at(-1)!.shape).toEqual([1, 2]);
  });

  it('wraps an image network without a saved layout into rows of eight cards', () => {
    const layers = cnnModel().network.layers;
    const long = chainModel({ network: { layers: [...layers, ...layers.slice(1, 3)] } });
    const doc = documentFromModel(long);
    const at = (i: number) => doc.nodes[`n${i + 1}`]!.position;
    expect(at(7).y).toBe(at(0).y);
    expect(at(8)).toEqual({ x: at(0).x, y: at(0).y + 290 });
    expect(at(9).x).toBeGreaterThan(at(8).x);
  });

  it('says a Dense layer after a conv needs Flatten, on that wire', () => {
    let doc = cnnDocument();
    // Wire conv (n2) straight into the first Dense (n8) too: its old wire in is replaced.
    doc = connect(doc, { from: 'n2', to: 'n8' });
    const { networks, wires } = derive(doc);
    expect(wires).toEqual([
      {
        edgeId: expect.any(String),
        nodeId: 'n8',
        message:
          'dense needs (batch, features); Conv2D gives (batch, 4, 4, 2) — add Flatten or global average pooling',
      },
    ]);
    // The conv still feeds the rest, up to the red wire.
    expect(networks[0]!.nodeIds).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7']);
    expect(networks[0]!.blockedIds[0]).toBe('n8');
  });

  it('names other misfits with the layer’s own shape error', () => {
    let doc = cnnDocument();
    const added = addNode(doc, { kind: 'maxpool2d', position: { x: 0, y: 300 } });
    doc = connect(added.doc, { from: 'n7', to: added.id });
    const { wires } = derive(doc);
    expect(wires.map((w) => w.message)).toEqual([
      'MaxPool2D cannot take what Flatten gives, (batch, 8): maxpool2d expects a picture (height, width, channels), found 8 features — add Flatten after it, not before',
    ]);
  });

  it('round-trips a CNN through the document and the file, float32 kept', () => {
    const model = cnnModel({ seed: 4 });
    const doc = documentFromModel(model);
    const saved = modelFromDocument(doc);
    expect(saved.examples).toEqual([]);
    const dense = runnableNetwork(saved).layers.find((l) => l.type === 'dense');
    expect(dense?.type === 'dense' && dense.weights.dtype).toBe('float32');
    const text = serializeModel(saved);
    const again = modelFromDocument(documentFromModel(parseModelFile(text)));
    expect(serializeModel(again)).toBe(text);
  });

  it('adds image layers with Keras-like defaults; conv2d waits for its input as settings', () => {
    const { doc, id } = addNode(cnnDocument(), { kind: 'dropout', position: { x: 0, y: 0 } });
    expect(doc.nodes[id]).toMatchObject({ kind: 'dropout', layer: { type: 'dropout', rate: 0.5 } });
    const conv = addNode(doc, { kind: 'conv2d', position: { x: 0, y: 0 } });
    expect(conv.doc.nodes[conv.id]).toMatchObject({
      kind: 'conv2d',
      layer: null,
      settings: { filters: 8, kernel: 3, stride: 1, padding: 1 },
    });
    expect(() => connect(doc, { from: id, to: 'n1' })).toThrow(DocumentError);
  });

  it('refuses to edit a batch of pictures value by value', () => {
    const doc = cnnDocument();
    expect(() => setInputValue(doc, { row: 0, col: 0, value: 1 })).toThrow(
      'the inputs are pictures of shape (1, 4, 4, 1): they come from a data set, not from typed values',
    );
    expect(() => addInputRow(doc)).toThrow(DocumentError);
    expect(() => setInputs(doc, zeros([1, 16]))).toThrow(DocumentError);
  });
});
