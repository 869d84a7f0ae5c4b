import { describe, expect, it } from 'vitest';
import { lessonById } from '../lessons/index.ts';
import { forward } from '../net/forward.ts';
import { formatArray } from '../numpy/format.ts';
import { dot } from '../tensor/ops.ts';
import { fromNested, zeros } from '../tensor/tensor.ts';
import {
  addNode,
  connect,
  setBiases,
  setDenseUnits,
  setInputs,
  setWeights,
  transposeWeights,
} from './commands.ts';
import { derive, mismatchMessage } from './derive.ts';
import { chainOf } from './test-support.ts';
import type { DenseNode, EditorDocument } from './types.ts';

const X = [
  [1, 2, 3, 2.5],
  [2.0, 5.0, -1.0, 2.0],
  [-1.5, 2.7, 3.3, -0.8],
];
/** The notebook's first weights, one row per neuron: shape (3, 4). */
const neuronRows = [
  [0.2, 0.8, -0.5, 1.0],
  [0.5, -0.91, 0.26, -0.5],
  [-0.26, -0.27, 0.17, 0.87],
];

/** Input(4) fed X → Dense with the notebook's weights pasted untransposed. */
function pastedUntransposed(): EditorDocument {
  const doc = setInputs(chainOf('input', 'dense'), fromNested(X));
  return setWeights(doc, { id: 'n2', weights: fromNested(neuronRows) });
}

describe('derive', () => {
  it('reports weights written neuron by neuron in the notebook’s words, with the fix', () => {
    const { networks, wires } = derive(pastedUntransposed());
    const message =
      'Dense expects 3 inputs per sample (W (3, 4)), but Input gives 4: shapes (3,4) and (3,4) ' +
      'not aligned: 4 (dim 1) != 3 (dim 0) — transposing W to (4, 3) would fit';
    expect(wires).toEqual([{ edgeId: 'e3', nodeId: 'n2', message }]);
    // The middle is exactly NumPy's (and our dot's) message for the notebook's In [14].
    const numpy = /gives 4: (.*) — /.exec(message)![1]!;
    expect(numpy).toBe('shapes (3,4) and (3,4) not aligned: 4 (dim 1) != 3 (dim 0)');
    expect(() => dot(fromNested(X), fromNested(neuronRows))).toThrow(numpy);
    expect(networks).toHaveLength(1);
    expect(networks[0]!.nodeIds).toEqual(['n1']);
    expect(networks[0]!.blockedIds).toEqual(['n2']);
    expect(networks[0]!.network.layers).toEqual([{ type: 'input', units: 4 }]);
  });

  it('stops complaining once the weights are transposed, and computes the notebook’s batch', () => {
    let doc = transposeWeights(pastedUntransposed(), 'n2');
    doc = setBiases(doc, { id: 'n2', biases: fromNested([2, 3, 0.5]) });
    const { networks, wires } = derive(doc);
    expect(wires).toEqual([]);
    expect(networks[0]!.nodeIds).toEqual(['n1', 'n2']);
    const [output] = forward(networks[0]!.network, doc.inputs);
    expect(formatArray(output!)).toBe(
      '[[ 4.8    1.21   2.385]\n [ 8.9   -1.81   0.2  ]\n [ 1.41   1.051  0.026]]',
    );
    const lesson = lessonById('batch');
    expect(output).toEqual(forward(lesson.network, lesson.inputs)[0]);
  });

  it('suggests the transpose only when it would fit', () => {
    const doc = setWeights(chainOf('input', 'dense'), { id: 'n2', weights: zeros([5, 3]) });
    expect(derive(doc).wires[0]!.message).toBe(
      'Dense expects 5 inputs per sample (W (5, 3)), but Input gives 4: shapes (1,4) and (5,3) ' +
        'not aligned: 4 (dim 1) != 5 (dim 0) — W needs shape (4, 3): one row per input',
    );
    expect(mismatchMessage({ source: 'ReLU', units: 4, weights: [1, 2], batch: 2 })).toBe(
      'Dense expects 1 input per sample (W (1, 2)), but ReLU gives 4: shapes (2,4) and (1,2) ' +
        'not aligned: 4 (dim 1) != 1 (dim 0) — W needs shape (4, 2): one row per input',
    );
  });

  it('keeps the valid prefix and reports every faulty wire along the chain', () => {
    // Input(4) → Dense(3) → ReLU → Dense W (5, 2) → Softmax; then the first Dense resized to 6.
    let doc = chainOf('input', 'dense', 'relu', 'dense', 'softmax');
    doc = setWeights(doc, { id: 'n4', weights: zeros([5, 2]) });
    let derived = derive(doc);
    expect(derived.networks[0]!.nodeIds).toEqual(['n1', 'n2', 'n3']);
    expect(derived.networks[0]!.blockedIds).toEqual(['n4', 'n5']);
    expect(derived.networks[0]!.network.layers.map((l) => l.type)).toEqual([
      'input',
      'dense',
      'relu',
    ]);
    expect(derived.wires.map((w) => [w.edgeId, w.message.split(':')[0]])).toEqual([
      ['e8', 'Dense expects 5 inputs per sample (W (5, 2)), but ReLU gives 3'],
    ]);
    doc = setWeights(doc, { id: 'n2', weights: zeros([3, 6]) });
    expect(derive(doc).wires.map((w) => [w.nodeId, w.message.split(':')[0]])).toEqual([
      ['n2', 'Dense expects 3 inputs per sample (W (3, 6)), but Input gives 4'],
      ['n4', 'Dense expects 5 inputs per sample (W (5, 2)), but ReLU gives 6'],
    ]);
    doc = setWeights(doc, { id: 'n2', weights: zeros([3, 5]) });
    derived = derive(doc);
    expect(derived.wires.map((w) => w.nodeId)).toEqual(['n2']);
    expect(derived.networks[0]!.nodeIds).toEqual(['n1']);
    expect(derived.units).toEqual({ n1: 4, n2: 5, n3: 5, n4: 2, n5: 2 });
  });

  it('says so when a Dense on a chain has no weights yet', () => {
    const doc = chainOf('input', 'dense');
    const bare: EditorDocument = {
      ...doc,
      nodes: { ...doc.nodes, n2: { ...(doc.nodes.n2 as DenseNode), weights: null } },
    };
    expect(derive(bare).wires).toEqual([
      { edgeId: 'e3', nodeId: 'n2', message: 'Dense has no weights yet: set or randomise them' },
    ]);
  });

  it('gives units per node, one chain per Input, and the nodes no Input feeds', () => {
    let doc = chainOf('input', 'dense', 'relu');
    doc = setDenseUnits(doc, { id: 'n2', units: 2 });
    for (const kind of ['tanh', 'dense', 'input', 'sigmoid'] as const) {
      doc = addNode(doc, { kind, position: { x: 0, y: 0 }, units: kind === 'input' ? 2 : 7 }).doc;
    }
    // n6 tanh → n7 dense (unfed); n8 input → n9 sigmoid.
    doc = connect(connect(doc, { from: 'n6', to: 'n7' }), { from: 'n8', to: 'n9' });
    const derived = derive(doc);
    expect(derived.units).toEqual({
      n1: 4,
      n2: 2,
      n3: 2,
      n6: null,
      n7: 7,
      n8: 2,
      n9: 2,
    });
    expect(derived.networks.map((c) => [c.inputId, c.nodeIds])).toEqual([
      ['n1', ['n1', 'n2', 'n3']],
      ['n8', ['n8', 'n9']],
    ]);
    expect(derived.unconnected).toEqual(['n6', 'n7']);
    expect((doc.nodes.n7 as DenseNode).weights).toBeNull();
  });
});
