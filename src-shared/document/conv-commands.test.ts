import { describe, expect, it } from 'vitest';
import type { Conv2DLayer } from '../layers/index.ts';
import { RandomState } from '../rng/random-state.ts';
import { fromNested } from '../tensor/tensor.ts';
import {
  addNode,
  connect,
  createEmptyDocument,
  randomiseKernels,
  setConvBias,
  setKernel,
  setKernelWeight,
  setLayerSetting,
} from './commands.ts';
import { nodeLayer } from './graph.ts';
import { History } from './history.ts';
import type { EditorDocument } from './types.ts';

/** Image input 6×6×3 (n1) → Conv2D of 8 3×3 filters (n2). */
function convDocument(): EditorDocument {
  let doc = createEmptyDocument();
  doc = addNode(doc, { kind: 'image-input', position: { x: 0, y: 0 } }).doc;
  doc = addNode(doc, { kind: 'conv2d', position: { x: 200, y: 0 } }).doc;
  doc = setLayerSetting(doc, { id: 'n1', key: 'height', value: 6 });
  doc = setLayerSetting(doc, { id: 'n1', key: 'width', value: 6 });
  return connect(doc, { from: 'n1', to: 'n2' });
}

const conv = (doc: EditorDocument) => nodeLayer(doc.nodes.n2!) as Conv2DLayer;
/** w[ky, kx, ci, co] in a (3, 3, 3, 8) kernel tensor. */
const w = (layer: Conv2DLayer, ky: number, kx: number, ci: number, co: number) =>
  layer.weights.data[((ky * 3 + kx) * 3 + ci) * 8 + co]!;

describe('Conv2D kernel edits', () => {
  it('sets one kernel value, and only that one, as float32', () => {
    const doc = convDocument();
    const edited = setKernelWeight(doc, { id: 'n2', ky: 2, kx: 0, ci: 1, co: 5, value: 0.1 });
    expect(w(conv(edited), 2, 0, 1, 5)).toBe(Math.fround(0.1));
    expect(conv(edited).weights.dtype).toBe('float32');
    const changed = Array.from(conv(edited).weights.data).filter(
      (v, i) => v !== conv(doc).weights.data[i],
    );
    expect(changed).toEqual([Math.fround(0.1)]);
    // The document's tensors are never written in place.
    expect(w(conv(doc), 2, 0, 1, 5)).not.toBe(Math.fround(0.1));
  });

  it('pastes a kh × kw kernel into one input channel of one filter', () => {
    const kernel = fromNested([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    const edited = conv(setKernel(convDocument(), { id: 'n2', ci: 2, co: 0, kernel }));
    for (let ky = 0; ky < 3; ky++) {
      for (let kx = 0; kx < 3; kx++) expect(w(edited, ky, kx, 2, 0)).toBe(ky * 3 + kx + 1);
    }
    expect(() =>
      setKernel(convDocument(), { id: 'n2', ci: 0, co: 0, kernel: fromNested([[1, 2]]) }),
    ).toThrow(
      'the kernel of Conv2D n2 (channel 0, filter 0) is 3×3, found shape (1, 2): paste 3 rows of 3 numbers',
    );
  });

  it('sets a filter’s bias', () => {
    const edited = conv(setConvBias(convDocument(), { id: 'n2', index: 7, value: -0.5 }));
    expect(Array.from(edited.biases.data)).toEqual([0, 0, 0, 0, 0, 0, 0, -0.5]);
  });

  it('draws scale · randn(kh, kw, cin, cout) after np.random.seed(seed)', () => {
    const edited = conv(randomiseKernels(convDocument(), { id: 'n2', seed: 7, scale: 0.5 }));
    const expected = new RandomState(7).randn(3, 3, 3, 8).data.map((x) => Math.fround(0.5 * x));
    expect(Array.from(edited.weights.data)).toEqual(Array.from(expected));
    expect(edited.weights.shape).toEqual([3, 3, 3, 8]);
  });

  it('refuses places and values that do not exist, and a layer without kernels yet', () => {
    const doc = convDocument();
    expect(() => setKernelWeight(doc, { id: 'n2', ky: 3, kx: 0, ci: 0, co: 0, value: 1 })).toThrow(
      'the kernel row of Conv2D n2 must be a whole number from 0 to 2, found 3',
    );
    expect(() => setKernelWeight(doc, { id: 'n2', ky: 0, kx: 0, ci: 3, co: 0, value: 1 })).toThrow(
      'the input channel of Conv2D n2 must be a whole number from 0 to 2, found 3',
    );
    expect(() =>
      setKernelWeight(doc, { id: 'n2', ky: 0, kx: 0, ci: 0, co: 0, value: Infinity }),
    ).toThrow('w[0, 0, 0, 0] of Conv2D n2 must be a finite number, found Infinity');
    expect(() => setKernelWeight(doc, { id: 'n1', ky: 0, kx: 0, ci: 0, co: 0, value: 1 })).toThrow(
      'Image input n1 is not a Conv2D layer',
    );
    const pending = addNode(doc, { kind: 'conv2d', position: { x: 0, y: 300 } });
    expect(() => setConvBias(pending.doc, { id: pending.id, index: 0, value: 1 })).toThrow(
      'Conv2D n4 has no kernels yet: wire a picture it can take into it first',
    );
  });

  it('is one undo step each, reversed exactly', () => {
    const history = new History(convDocument());
    const before = Array.from(conv(history.document).weights.data);
    history.apply('Set kernel weight', (d) =>
      setKernelWeight(d, { id: 'n2', ky: 1, kx: 1, ci: 0, co: 0, value: 3 }),
    );
    expect(history.undoLabel).toBe('Undo Set kernel weight');
    history.undo();
    expect(Array.from(conv(history.document).weights.data)).toEqual(before);
  });
});
