import { describe, expect, it } from 'vitest';
import { numpyCore } from '../nn/fixtures/numpy-core.ts';
import type { DenseLayer } from '../layers/index.ts';
import { notebookNetwork } from '../net/init.ts';
import { RandomState } from '../rng/random-state.ts';
import { fromNested, toNested } from '../tensor/tensor.ts';
import {
  addNode,
  connect,
  createEmptyDocument,
  disconnect,
  fitWeightsToInput,
  randomiseWeights,
  setBias,
  setBiases,
  setDenseUnits,
  setInputUnits,
  setWeight,
  setWeights,
  transposeWeights,
  zeroWeights,
} from './commands.ts';
import { chainOf } from './test-support.ts';
import type { DenseNode, EditorDocument } from './types.ts';

const dense = (doc: EditorDocument, id = 'n2') => doc.nodes[id] as DenseNode;
const weightsOf = (doc: EditorDocument, id = 'n2') =>
  toNested(dense(doc, id).weights!) as number[][];
const biasesOf = (doc: EditorDocument, id = 'n2') => Array.from(dense(doc, id).biases.data);

/** Input(4) → Dense(3) with weights w[i][j] = 10i + j. */
function numbered(): EditorDocument {
  const weights = fromNested([0, 1, 2, 3].map((i) => [0, 1, 2].map((j) => 10 * i + j)));
  const doc = setWeights(chainOf('input', 'dense'), { id: 'n2', weights });
  return setBiases(doc, { id: 'n2', biases: fromNested([1, 2, 3]) });
}

describe('setDenseUnits', () => {
  it('resizes weight columns and biases, keeping values and padding with 0', () => {
    const doc = numbered();
    const wider = setDenseUnits(doc, { id: 'n2', units: 4 });
    expect(dense(wider).units).toBe(4);
    expect(weightsOf(wider)).toEqual([
      [0, 1, 2, 0],
      [10, 11, 12, 0],
      [20, 21, 22, 0],
      [30, 31, 32, 0],
    ]);
    expect(biasesOf(wider)).toEqual([1, 2, 3, 0]);
    const narrower = setDenseUnits(doc, { id: 'n2', units: 1 });
    expect(weightsOf(narrower)).toEqual([[0], [10], [20], [30]]);
    expect(biasesOf(narrower)).toEqual([1]);
    expect(weightsOf(doc)[0]).toEqual([0, 1, 2]);
    expect(setDenseUnits(doc, { id: 'n2', units: 3 })).toBe(doc);
    expect(() => setDenseUnits(doc, { id: 'n1', units: 3 })).toThrow(
      'Input n1 is not a Dense layer',
    );
  });
});

describe('setWeight and setBias', () => {
  it('makes new tensors and leaves the old ones as they were', () => {
    const doc = numbered();
    const edited = setWeight(doc, { id: 'n2', row: 1, col: 2, value: -0.5 });
    expect(weightsOf(edited)[1]).toEqual([10, 11, -0.5]);
    expect(weightsOf(doc)[1]).toEqual([10, 11, 12]);
    expect(dense(edited).weights!.data).not.toBe(dense(doc).weights!.data);
    expect(dense(edited).biases).toBe(dense(doc).biases);
    const biased = setBias(doc, { id: 'n2', index: 2, value: 7 });
    expect(biasesOf(biased)).toEqual([1, 2, 7]);
    expect(biasesOf(doc)).toEqual([1, 2, 3]);
  });

  it('refuses non-finite values and indices out of range', () => {
    const doc = numbered();
    expect(() => setWeight(doc, { id: 'n2', row: 0, col: 1, value: NaN })).toThrow(
      'weight [0][1] of Dense n2 must be a finite number, found NaN',
    );
    expect(() => setWeight(doc, { id: 'n2', row: 4, col: 0, value: 1 })).toThrow(
      'the weight row of Dense n2 must be a whole number from 0 to 3, found 4',
    );
    expect(() => setBias(doc, { id: 'n2', index: 0, value: -Infinity })).toThrow(
      'bias [0] of Dense n2 must be a finite number, found -Infinity',
    );
    const unwired = addNode(doc, { kind: 'dense', position: { x: 0, y: 0 } });
    expect(() => setWeight(unwired.doc, { id: unwired.id, row: 0, col: 0, value: 1 })).toThrow(
      'Dense n4 has no weights yet: wire a layer into it first',
    );
  });
});

describe('setWeights and setBiases', () => {
  it('copies the tensor, and the layer takes as many neurons as it has columns', () => {
    const weights = fromNested([
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
    ]);
    const doc = setWeights(numbered(), { id: 'n2', weights });
    weights.data[0] = 99;
    expect(weightsOf(doc)[0]).toEqual([1, 2]);
    expect(dense(doc).units).toBe(2);
    expect(biasesOf(doc)).toEqual([1, 2]);
  });

  it('refuses non-finite values, naming where, and biases of the wrong length', () => {
    const doc = numbered();
    const bad = fromNested([
      [1, 2],
      [3, 4],
    ]);
    bad.data[2] = Infinity;
    expect(() => setWeights(doc, { id: 'n2', weights: bad })).toThrow(
      'weights[1][0] of Dense n2 must be a finite number, found Infinity',
    );
    expect(() => setWeights(doc, { id: 'n2', weights: fromNested([1, 2]) })).toThrow(
      'weights of Dense n2 must be a matrix (rows, columns), found shape (2,)',
    );
    expect(() => setBiases(doc, { id: 'n2', biases: fromNested([1, 2]) })).toThrow(
      'Dense n2 has 3 neurons, so its biases need 3 values, found 2',
    );
  });
});

describe('transposeWeights', () => {
  it('turns weights written neuron by neuron into the notebook’s weights.T', () => {
    // The notebook's first layer, rows per neuron: shape (3, 4).
    const rows = [
      [0.2, 0.8, -0.5, 1.0],
      [0.5, -0.91, 0.26, -0.5],
      [-0.26, -0.27, 0.17, 0.87],
    ];
    const pasted = setWeights(chainOf('input', 'dense'), { id: 'n2', weights: fromNested(rows) });
    expect(dense(pasted).units).toBe(4);
    const fixed = transposeWeights(pasted, 'n2');
    expect(dense(fixed).weights!.shape).toEqual([4, 3]);
    expect(weightsOf(fixed)).toEqual(rows[0]!.map((_, i) => rows.map((row) => row[i])));
    expect(dense(fixed).units).toBe(3);
    expect(biasesOf(fixed)).toEqual([0, 0, 0]);
    expect(weightsOf(transposeWeights(fixed, 'n2'))).toEqual(rows);
  });
});

describe('randomiseWeights', () => {
  it.each(numpyCore.layer_dense.map((c) => [c.seed, c.sizes.slice(0, 2).join('×'), c] as const))(
    'seed %s, %s: NumPy’s 0.1·randn bit for bit, as notebookNetwork draws it',
    (_seed, _shape, { seed, sizes, weights }) => {
      const [nIn, units] = sizes as [number, number];
      let doc = createEmptyDocument();
      doc = addNode(doc, { kind: 'input', position: { x: 0, y: 0 }, units: nIn }).doc;
      doc = addNode(doc, { kind: 'dense', position: { x: 0, y: 0 }, units }).doc;
      doc = randomiseWeights(connect(doc, { from: 'n1', to: 'n2' }), { id: 'n2', seed });
      const actual = Array.from(dense(doc).weights!.data);
      expect(actual).toEqual(weights[0]);
      const layer = notebookNetwork({ seed, sizes: [nIn, units] }).layers[1] as DenseLayer;
      expect(actual).toEqual(Array.from(layer.weights.data));
    },
  );

  it('fits the rows to the layer before, takes a scale, and refuses a bad seed', () => {
    const doc = setInputUnits(numbered(), { id: 'n1', units: 2 });
    const random = randomiseWeights(doc, { id: 'n2', seed: 7, scale: 1 });
    expect(dense(random).weights!.data).toEqual(new RandomState(7).randn(2, 3).data);
    const unwired = disconnect(numbered(), 'e3');
    expect(dense(randomiseWeights(unwired, { id: 'n2', seed: 1 })).weights!.shape).toEqual([4, 3]);
    expect(() => randomiseWeights(doc, { id: 'n2', seed: -1 })).toThrow(
      /^the seed is not usable: /,
    );
    expect(() => randomiseWeights(doc, { id: 'n2', seed: 0, scale: NaN })).toThrow(
      'the scale of random weights must be a finite number, found NaN',
    );
    expect(() => randomiseWeights(doc, { id: 'n2', seed: 0, scale: 1e308 })).toThrow(
      'scale 1e+308 makes random weights overflow: use a smaller scale',
    );
  });
});

describe('zeroWeights and fitWeightsToInput', () => {
  it('zeroes weights in a new tensor', () => {
    const doc = numbered();
    const zeroed = zeroWeights(doc, 'n2');
    expect(weightsOf(zeroed)).toEqual([0, 0, 0, 0].map(() => [0, 0, 0]));
    expect(weightsOf(doc)[3]).toEqual([30, 31, 32]);
  });

  it('gives the weights one row per unit arriving, keeping values', () => {
    const doc = setInputUnits(numbered(), { id: 'n1', units: 5 });
    const fitted = fitWeightsToInput(doc, 'n2');
    expect(weightsOf(fitted)).toEqual([
      [0, 1, 2],
      [10, 11, 12],
      [20, 21, 22],
      [30, 31, 32],
      [0, 0, 0],
    ]);
    expect(fitWeightsToInput(fitted, 'n2')).toBe(fitted);
    expect(() => fitWeightsToInput(disconnect(doc, 'e3'), 'n2')).toThrow(
      'Dense n2 has no layer before it to fit its weights to: wire one in',
    );
  });
});

describe('initialiseLayers', () => {
  it("rebuilds the notebook's Layer_Dense cell: one seeded stream across the layers", async () => {
    const { notebookNetwork } = await import('../net/init.ts');
    const { documentFromLesson, initialiseLayers, derive } = await import('./index.ts');
    const { lessonById } = await import('../lessons/index.ts');
    // Start from the two-layer lesson reshaped to 4-5-2 by the notebook network itself, then scramble.
    const reference = notebookNetwork({ seed: 0, sizes: [4, 5, 2] });
    let doc = documentFromLesson({
      ...lessonById('layer-dense-seed-0'),
      network: notebookNetwork({ seed: 7, sizes: [4, 5, 2] }),
    });
    const ids = derive(doc).networks[0]!.nodeIds;
    doc = initialiseLayers(doc, { ids, seed: 0, scale: 0.1 });
    const dense = derive(doc).networks[0]!.network.layers.filter((l) => l.type === 'dense');
    const expected = reference.layers.filter((l) => l.type === 'dense');
    dense.forEach((layer, i) => {
      expect(Array.from(layer.weights.data)).toEqual(Array.from(expected[i]!.weights.data));
      expect(Array.from(layer.biases.data)).toEqual(Array.from(expected[i]!.biases.data));
    });
  });
});
