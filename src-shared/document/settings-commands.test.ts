import { describe, expect, it } from 'vitest';
import type { BatchNormLayer, Conv2DLayer } from '../layers/index.ts';
import { parseModelFile, serializeModel } from '../model-file/index.ts';
import { RandomState } from '../rng/random-state.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { heConv } from '../vision/init.ts';
import { DocumentError } from './checks.ts';
import {
  addNode,
  connect,
  createEmptyDocument,
  disconnect,
  setDenseUnits,
  setInputUnits,
  setLayerSetting,
} from './commands.ts';
import { derive } from './derive.ts';
import { nodeLayer } from './graph.ts';
import { History } from './history.ts';
import { documentFromModel, modelFromDocument } from './model-io.ts';
import type { EditorDocument, NodeKind } from './types.ts';

/** Nodes n1, n2, … of these kinds, each wired to the next (an Image input first: 8×8×3). */
function built(...kinds: NodeKind[]): EditorDocument {
  let doc = createEmptyDocument();
  kinds.forEach((kind, i) => (doc = addNode(doc, { kind, position: { x: 200 * i, y: 0 } }).doc));
  if (kinds[0] === 'image-input') {
    doc = setLayerSetting(doc, { id: 'n1', key: 'height', value: 8 });
    doc = setLayerSetting(doc, { id: 'n1', key: 'width', value: 8 });
  }
  for (let i = 1; i < kinds.length; i++) doc = connect(doc, { from: `n${i}`, to: `n${i + 1}` });
  return doc;
}

const conv = (doc: EditorDocument, id: string) => nodeLayer(doc.nodes[id]!) as Conv2DLayer;
const norm = (doc: EditorDocument, id: string) => nodeLayer(doc.nodes[id]!) as BatchNormLayer;
const values = (t: Tensor) => Array.from(t.data);

/** Filter `co` of a (kh, kw, cin, cout) kernel tensor, in row-major order. */
function filter(weights: Tensor, co: number): number[] {
  const cout = weights.shape[3]!;
  return values(weights).filter((_, i) => i % cout === co);
}

describe('a Conv2D or BatchNorm placed before its input is known', () => {
  it('holds its settings, then gets He-normal kernels once wired, as vision/init.ts draws them', () => {
    let doc = built('image-input');
    doc = addNode(doc, { kind: 'conv2d', position: { x: 200, y: 0 } }).doc;
    expect(doc.nodes.n2).toMatchObject({ layer: null, settings: { filters: 8, kernel: 3 } });
    expect(derive(doc).shapes.n2).toBeNull();
    doc = connect(doc, { from: 'n1', to: 'n2' });
    const layer = conv(doc, 'n2');
    expect(layer.weights.shape).toEqual([3, 3, 3, 8]);
    expect(layer.weights.dtype).toBe('float32');
    // Seeded by the node's number, so the same document always gets the same kernels.
    const expected = heConv(new RandomState(2), { kernel: 3, inChannels: 3, outChannels: 8 });
    expect(values(layer.weights)).toEqual(values(expected.weights));
    expect(values(layer.biases)).toEqual(new Array(8).fill(0));
    expect(layer).toMatchObject({ stride: 1, padding: 1 });
    expect(derive(doc).shapes.n2).toEqual([8, 8, 8]);
  });

  it('gives BatchNorm γ and running variance one, β and running mean zero, per channel', () => {
    const doc = built('image-input', 'conv2d', 'batchnorm');
    const bn = norm(doc, 'n3');
    expect(values(bn.gamma)).toEqual(new Array(8).fill(1));
    expect(values(bn.beta)).toEqual(new Array(8).fill(0));
    expect(values(bn.runningMean)).toEqual(new Array(8).fill(0));
    expect(values(bn.runningVar)).toEqual(new Array(8).fill(1));
    expect(bn).toMatchObject({ momentum: 0.1, epsilon: 1e-5 });
    expect(derive(doc).wires).toEqual([]);
  });

  it('follows a Dense layer’s or an Input’s units with BatchNorm', () => {
    let doc = built('input', 'batchnorm');
    expect(norm(doc, 'n2').gamma.shape).toEqual([4]);
    doc = setInputUnits(doc, { id: 'n1', units: 6 });
    expect(norm(doc, 'n2').gamma.shape).toEqual([6]);
    doc = built('input', 'dense', 'batchnorm');
    doc = setDenseUnits(doc, { id: 'n2', units: 5 });
    expect(norm(doc, 'n3').gamma.shape).toEqual([5]);
    expect(derive(doc).wires).toEqual([]);
  });
});

describe('setLayerSetting', () => {
  it('keeps the existing filters when more are asked for and draws only the new ones', () => {
    let doc = built('image-input', 'conv2d', 'batchnorm', 'relu');
    const before = conv(doc, 'n2').weights;
    doc = setLayerSetting(doc, { id: 'n2', key: 'filters', value: 12 });
    const after = conv(doc, 'n2').weights;
    expect(after.shape).toEqual([3, 3, 3, 12]);
    for (let co = 0; co < 8; co++) expect(filter(after, co)).toEqual(filter(before, co));
    expect(filter(after, 8).some((w) => w !== 0)).toBe(true);
    // What arrives downstream is re-sized too.
    expect(norm(doc, 'n3').gamma.shape).toEqual([12]);
    expect(derive(doc).shapes.n4).toEqual([8, 8, 12]);
    expect(derive(doc).wires).toEqual([]);
  });

  it('re-draws kernels when the kernel size or the input channels change', () => {
    let doc = built('image-input', 'conv2d');
    doc = setLayerSetting(doc, { id: 'n2', key: 'kernel', value: 5 });
    expect(conv(doc, 'n2').weights.shape).toEqual([5, 5, 3, 8]);
    expect(derive(doc).shapes.n2).toEqual([6, 6, 8]);
    doc = setLayerSetting(doc, { id: 'n1', key: 'channels', value: 1 });
    expect(conv(doc, 'n2').weights.shape).toEqual([5, 5, 1, 8]);
    // The batch becomes one black picture of the new shape.
    expect(doc.inputs.shape).toEqual([1, 8, 8, 1]);
  });

  it('changes stride and padding without touching the kernels', () => {
    let doc = built('image-input', 'conv2d');
    const weights = conv(doc, 'n2').weights;
    doc = setLayerSetting(doc, { id: 'n2', key: 'stride', value: 2 });
    expect(conv(doc, 'n2').weights).toBe(weights);
    expect(derive(doc).shapes.n2).toEqual([4, 4, 8]);
    // Unwired too: a plain field of the layer needs no input to change.
    doc = disconnect(doc, Object.keys(doc.edges)[0]!);
    doc = setLayerSetting(doc, { id: 'n2', key: 'padding', value: 0 });
    expect(conv(doc, 'n2')).toMatchObject({ padding: 0, weights });
  });

  it('keeps a kernel larger than the picture as a setting and turns the wire red', () => {
    let doc = built('image-input', 'conv2d');
    doc = setLayerSetting(doc, { id: 'n1', key: 'height', value: 4 });
    doc = setLayerSetting(doc, { id: 'n1', key: 'width', value: 4 });
    doc = setLayerSetting(doc, { id: 'n2', key: 'kernel', value: 7 });
    expect(doc.nodes.n2).toMatchObject({ layer: null, settings: { kernel: 7, padding: 1 } });
    expect(derive(doc).wires.map((w) => w.message)).toEqual([
      "Conv2D cannot take what Image input gives, (batch, 4, 4, 3): conv2d: a 7-wide kernel with padding 1 does not fit the picture's height of 4 — use a kernel of at most 6 or more padding",
    ]);
    // The pending layer is not computed: the chain stops before it.
    expect(derive(doc).networks[0]!.blockedIds).toEqual(['n2']);
    doc = setLayerSetting(doc, { id: 'n2', key: 'kernel', value: 3 });
    expect(conv(doc, 'n2').weights.shape).toEqual([3, 3, 3, 8]);
    expect(derive(doc).wires).toEqual([]);
  });

  it('makes a pending layer’s kernels when a wire brings a shape after its settings changed', () => {
    let doc = built('image-input');
    doc = addNode(doc, { kind: 'conv2d', position: { x: 200, y: 0 } }).doc;
    doc = setLayerSetting(doc, { id: 'n2', key: 'filters', value: 4 });
    expect(doc.nodes.n2).toMatchObject({ layer: null, settings: { filters: 4 } });
    doc = connect(doc, { from: 'n1', to: 'n2' });
    expect(conv(doc, 'n2').weights.shape).toEqual([3, 3, 3, 4]);
  });

  it('names the impossible combinations on the wire, with both shapes and the fix', () => {
    const softmax = derive(built('image-input', 'conv2d', 'softmax')).wires[0]!.message;
    expect(softmax).toBe(
      'Softmax cannot take what Conv2D gives, (batch, 8, 8, 8): softmax needs (batch, features), found (batch, 8, 8, 8) — add Flatten or global average pooling',
    );
    const dense = derive(built('image-input', 'conv2d', 'dense')).wires[0]!.message;
    expect(dense).toBe(
      'dense needs (batch, features); Conv2D gives (batch, 8, 8, 8) — add Flatten or global average pooling',
    );
    let pool = built('image-input', 'maxpool2d');
    pool = setLayerSetting(pool, { id: 'n2', key: 'size', value: 9 });
    expect(derive(pool).wires[0]!.message).toBe(
      'MaxPool2D cannot take what Image input gives, (batch, 8, 8, 3): maxpool2d: a 9×9 window does not fit 8×8 — use a pool size of at most 8',
    );
  });

  it('refuses values outside the kind’s settings, naming the setting, the layer and the range', () => {
    const doc = built('image-input', 'conv2d', 'dropout');
    const set = (id: string, key: string, value: number) => () =>
      setLayerSetting(doc, { id, key, value });
    expect(set('n2', 'stride', 0)).toThrow(
      'Stride of Conv2D n2 must be a whole number from 1 to 8, found 0',
    );
    expect(set('n2', 'filters', 2.5)).toThrow(
      'Filters of Conv2D n2 must be a whole number from 1 to 1024, found 2.5',
    );
    expect(set('n3', 'rate', 1)).toThrow(
      'Rate of Dropout n3 must be a number from 0 to 0.95, found 1',
    );
    expect(set('n2', 'filters', NaN)).toThrow(DocumentError);
    expect(set('n1', 'channels', 2)).toThrow(
      'Channels of Image input n1 must be one of 1, 3, found 2',
    );
    expect(set('n2', 'units', 3)).toThrow(
      'Conv2D n2 has no setting "units": its settings are filters, kernel, stride, padding',
    );
  });

  it('edits Input features, Dense neurons, dropout, LeakyReLU α and BatchNorm momentum alike', () => {
    let doc = built('input', 'dense', 'leakyrelu', 'batchnorm', 'dropout');
    doc = setLayerSetting(doc, { id: 'n1', key: 'units', value: 2 });
    doc = setLayerSetting(doc, { id: 'n2', key: 'units', value: 5 });
    doc = setLayerSetting(doc, { id: 'n3', key: 'alpha', value: 0.2 });
    doc = setLayerSetting(doc, { id: 'n4', key: 'momentum', value: 0.01 });
    doc = setLayerSetting(doc, { id: 'n5', key: 'rate', value: 0.25 });
    expect(doc.inputs.shape).toEqual([1, 2]);
    expect(doc.nodes.n2).toMatchObject({ units: 5 });
    expect(doc.nodes.n3).toMatchObject({ layer: { alpha: 0.2 } });
    expect(norm(doc, 'n4')).toMatchObject({ momentum: 0.01 });
    expect(norm(doc, 'n4').gamma.shape).toEqual([5]);
    expect(doc.nodes.n5).toMatchObject({ layer: { rate: 0.25 } });
    expect(derive(doc).shapes.n5).toEqual([5]);
  });

  it('is one undo step that undo reverses exactly, kernels and all', () => {
    const history = new History(built('image-input', 'conv2d', 'batchnorm'));
    const before = history.document;
    history.apply('Set Filters', (d) => setLayerSetting(d, { id: 'n2', key: 'filters', value: 4 }));
    expect(history.steps).toHaveLength(1);
    expect(norm(history.document, 'n3').gamma.shape).toEqual([4]);
    history.undo();
    expect(history.document.nodes).toEqual(before.nodes);
    expect(conv(history.document, 'n2').weights.data).toEqual(conv(before, 'n2').weights.data);
    history.redo();
    expect(conv(history.document, 'n2').weights.shape).toEqual([3, 3, 3, 4]);
    // The same value again changes nothing and records nothing.
    history.apply('Set Filters', (d) => setLayerSetting(d, { id: 'n2', key: 'filters', value: 4 }));
    expect(history.steps).toHaveLength(1);
  });

  it('saves a Conv2D without kernels yet as its settings, and reopens it so', () => {
    let doc = built('image-input', 'conv2d');
    doc = setLayerSetting(doc, { id: 'n2', key: 'kernel', value: 11 });
    doc = addNode(doc, { kind: 'batchnorm', position: { x: 0, y: 300 } }).doc;
    const text = serializeModel(modelFromDocument(doc));
    expect(text).toContain('"settings": { "filters": 8, "kernel": 11, "stride": 1, "padding": 1 }');
    const reopened = documentFromModel(parseModelFile(text));
    expect(reopened.nodes.n2).toMatchObject({ layer: null, settings: { kernel: 11 } });
    expect(reopened.nodes.n4).toMatchObject({ layer: null, settings: { momentum: 0.1 } });
    expect(serializeModel(modelFromDocument(reopened))).toBe(text);
    // A setting out of the kind's range is refused where the file says it.
    expect(() => parseModelFile(text.replace('"kernel": 11', '"kernel": 0'))).toThrow(
      'layers[1].settings.kernel',
    );
  });

  it('saves and reopens a network built from the palette', () => {
    let doc = built('image-input', 'conv2d', 'relu', 'maxpool2d', 'flatten', 'dense', 'softmax');
    doc = setLayerSetting(doc, { id: 'n6', key: 'units', value: 2 });
    expect(derive(doc).shapes.n7).toEqual([2]);
    const text = serializeModel(modelFromDocument(doc));
    const reopened = documentFromModel(parseModelFile(text));
    expect(conv(reopened, 'n2').weights.data).toEqual(conv(doc, 'n2').weights.data);
    expect(serializeModel(modelFromDocument(reopened))).toBe(text);
  });
});
