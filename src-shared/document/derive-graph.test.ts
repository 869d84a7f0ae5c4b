import { describe, expect, it } from 'vitest';
import { layerKind } from '../layers/index.ts';
import { maxRelativeError, numericGradient } from '../layers/test-support.ts';
import { forward } from '../net/forward.ts';
import { Net } from '../net/net.ts';
import { parseModelFile, serializeModel } from '../model-file/index.ts';
import { RandomState } from '../rng/random-state.ts';
import { fromNested, sizeOf } from '../tensor/tensor.ts';
import { addNode, connect, createEmptyDocument, setInputs, setWeights } from './commands.ts';
import { derive } from './derive.ts';
import { documentFromModel, modelFromDocument, runnableGraph } from './model-io.ts';
import type { EditorDocument, NodeKind } from './types.ts';

/** Nodes n1, n2… of these kinds, unwired; Inputs of 4 features, Dense layers of `units` neurons. */
function nodes(kinds: readonly NodeKind[], units = 4): EditorDocument {
  let doc = createEmptyDocument();
  kinds.forEach((kind, i) => {
    const size = kind === 'dense' ? units : undefined;
    doc = addNode(doc, { kind, position: { x: 200 * i, y: 0 }, units: size }).doc;
  });
  return doc;
}

/** Wires `from→to`, in this order. */
function wired(doc: EditorDocument, ...wires: string[]): EditorDocument {
  return wires.reduce((d, wire) => {
    const [from, to] = wire.split('→') as [string, string];
    return connect(d, { from, to });
  }, doc);
}

const X = [
  [1, -2, 3, 0.5],
  [-1, 0.25, 2, -3],
];
const W1 = [
  [0.5, -1, 0, 2],
  [1, 0.5, -0.5, 0],
  [0, 1, 1, -1],
  [-2, 0, 0.5, 1],
];
const W2 = [
  [1, 0, -1, 0.5],
  [0, 2, 0, -1],
  [0.5, 0, 1, 0],
  [0, -1, 0, 1],
];

/** Input(4) → Dense(4) → ReLU → Dense(4) → Add ← Input → ReLU: a residual block on features. */
function residualFeatures(): EditorDocument {
  let doc = nodes(['input', 'dense', 'relu', 'dense', 'add', 'relu']);
  doc = wired(doc, 'n1→n2', 'n2→n3', 'n3→n4', 'n4→n5', 'n1→n5', 'n5→n6');
  doc = setWeights(doc, { id: 'n2', weights: fromNested(W1) });
  doc = setWeights(doc, { id: 'n4', weights: fromNested(W2) });
  return setInputs(doc, fromNested(X));
}

const relu = (rows: number[][]) => rows.map((row) => row.map((v) => Math.max(0, v)));
const matmul = (a: number[][], b: number[][]) =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((sum, v, k) => sum + v * b[k]![j]!, 0)));

describe('derive on graphs', () => {
  it('computes a residual block: layers in a topological order, each reading its wires', () => {
    const doc = residualFeatures();
    const [derived] = derive(doc).networks;
    expect(derived!.nodeIds).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    expect(derived!.network.inputs).toEqual([[], [0], [1], [2], [3, 0], [4]]);
    expect(derived!.diagnostics).toEqual([]);
    const outputs = forward(derived!.network, doc.inputs);
    // relu(relu(X W1) W2 + X), by hand.
    const block = matmul(relu(matmul(X, W1)), W2);
    const expected = relu(block.map((row, i) => row.map((v, j) => v + X[i]![j]!)));
    expect(Array.from(outputs[3]!.data)).toEqual(block.flat().map((v, k) => v + X.flat()[k]!));
    expect(Array.from(outputs[4]!.data)).toEqual(expected.flat());
  });

  it('lets a layer feed several layers: two heads on one Dense, both computed', () => {
    let doc = nodes(['input', 'dense', 'sigmoid', 'relu']);
    doc = wired(doc, 'n1→n2', 'n2→n3', 'n2→n4');
    const [derived] = derive(doc).networks;
    expect(derived!.nodeIds).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(derived!.network.inputs).toEqual([[], [0], [1], [1]]);
    // A chain stays a chain: no `inputs`, as before graphs.
    expect(
      derive(wired(nodes(['input', 'dense', 'relu']), 'n1→n2', 'n2→n3')).networks[0]!.network,
    ).not.toHaveProperty('inputs');
  });

  it('turns a merge’s wires red when their shapes disagree, naming both and the fix', () => {
    // Input(4) → Dense(3) → Add ← Input(4), and a ReLU after the Add; a Sigmoid after the Dense.
    let doc = nodes(['input', 'dense', 'add', 'relu', 'sigmoid'], 3);
    doc = wired(doc, 'n1→n2', 'n2→n3', 'n1→n3', 'n3→n4', 'n2→n5');
    const { networks, wires } = derive(doc);
    const message =
      'Add cannot take what Dense n2 and Input n1 give: add needs inputs of one shape: input 1 is 3 features, input 2 is 4 features — make them equal (a 1×1 Conv2D or a Dense layer can change one)';
    expect(wires).toEqual([
      { edgeId: 'e7', nodeId: 'n3', message },
      { edgeId: 'e8', nodeId: 'n3', message },
    ]);
    // The rest still computes: the Sigmoid on the Dense; the Add and what follows it wait.
    expect(networks[0]!.nodeIds).toEqual(['n1', 'n2', 'n5']);
    expect(networks[0]!.blockedIds).toEqual(['n3', 'n4']);
  });

  it('says a merge with one wire in needs another', () => {
    const doc = wired(nodes(['input', 'concatenate']), 'n1→n2');
    expect(derive(doc).wires.map((w) => w.message)).toEqual([
      'Concatenate cannot take what Input n1 gives: concatenate takes two or more inputs, found 1 — wire another in',
    ]);
  });

  it('refuses to join two Inputs, on the wire from the other one', () => {
    const doc = wired(nodes(['input', 'input', 'concatenate']), 'n1→n3', 'n2→n3');
    const { networks, wires } = derive(doc);
    const reads = (other: string, input: string) =>
      `Concatenate reads Input ${other}, which Input ${input} does not feed: a network starts from one input — wire it from Input ${input}'s layers`;
    expect(wires.map((w) => [w.edgeId, w.message])).toEqual([
      ['e5', reads('n2', 'n1')],
      ['e4', reads('n1', 'n2')],
    ]);
    expect(networks.map((n) => n.blockedIds)).toEqual([['n3'], ['n3']]);
  });

  it('flags the wire that closes a loop in a file, and computes the rest', () => {
    // The editor refuses such a wire (graph-commands.test.ts); a file can still hold one.
    const saved = modelFromDocument(wired(nodes(['input', 'relu', 'tanh']), 'n1→n2', 'n2→n3'));
    const looped = { ...saved, wires: [...saved.wires, { from: 'n3', to: 'n2' }] };
    const { networks, wires } = derive(documentFromModel(looped));
    expect(networks[0]!.nodeIds).toEqual(['n1']);
    expect(networks[0]!.blockedIds).toEqual(['n2', 'n3']);
    expect(wires.map((w) => [w.nodeId, w.message])).toEqual([
      ['n2', 'this wire closes a loop, and values flow one way — remove it'],
    ]);
    expect(() => runnableGraph(looped)).toThrow('the wire into ReLU n2 does not fit');
  });

  it('saves a residual document and reopens it identical, computing the same outputs', () => {
    const doc = residualFeatures();
    const model = parseModelFile(serializeModel(modelFromDocument(doc)));
    const reopened = documentFromModel(model);
    expect(reopened).toEqual(doc);
    const { network, nodeIds } = runnableGraph(model);
    expect(nodeIds).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    expect(network).toEqual(derive(doc).networks[0]!.network);
  });
});

/**
 * A residual block drawn in the editor: Image input (5×4×3) → Conv2D(3) → BatchNorm → ReLU →
 * Conv2D(3) → BatchNorm → Add (with the picture) → ReLU, the kernels He-normal as wiring draws
 * them.
 */
function convResidualDocument(): EditorDocument {
  let doc = createEmptyDocument();
  const image = layerKind('image-input').create({ height: 5, width: 4, channels: 3 }, []);
  doc = addNode(doc, { kind: 'image-input', position: { x: 0, y: 0 }, layer: image }).doc;
  const kinds = ['conv2d', 'batchnorm', 'relu', 'conv2d', 'batchnorm', 'add', 'relu'] as const;
  for (const kind of kinds) doc = addNode(doc, { kind, position: { x: 0, y: 0 } }).doc;
  // Conv2D's default 8 filters: 3, so the block's output adds to the picture.
  for (const id of ['n2', 'n5']) {
    const node = doc.nodes[id]!;
    if (!('settings' in node)) throw new Error(`${id} should wait for its input's shape`);
    doc = {
      ...doc,
      nodes: { ...doc.nodes, [id]: { ...node, settings: { ...node.settings, filters: 3 } } },
    };
  }
  return wired(doc, 'n1→n2', 'n2→n3', 'n3→n4', 'n4→n5', 'n5→n6', 'n6→n7', 'n1→n7', 'n7→n8');
}

describe('a residual block derived from a document', () => {
  it('has every parameter gradient matching central differences', () => {
    const doc = convResidualDocument();
    const [derived] = derive(doc).networks;
    expect(derived!.diagnostics).toEqual([]);
    expect(derived!.network.layers.map((l) => l.type)).toEqual([
      'image-input',
      'conv2d',
      'batchnorm',
      'relu',
      'conv2d',
      'batchnorm',
      'add',
      'relu',
    ]);
    expect(derived!.network.inputs).toEqual([[], [0], [1], [2], [3], [4], [5, 0], [6]]);
    const net = new Net(derived!.network, { precision: 'float64' });
    expect(net.shapes.at(-1)).toEqual([5, 4, 3]);
    const batch = 2;
    const rng = new RandomState(7);
    const x = Float64Array.from({ length: batch * 60 }, () => rng.randint(0, 256));
    // L = Σ r·y over the batch, r fixed: dL/dy = r.
    const r = Float64Array.from({ length: batch * sizeOf(net.outputShape) }, () => rng.gaussian());
    const mode = { training: true };
    const loss = () => {
      const y = net.forward(x, batch, mode);
      let sum = 0;
      for (let i = 0; i < y.length; i++) sum += y[i]! * r[i]!;
      return sum;
    };
    loss();
    net.backward(r);
    const analytic = net.params.map((p) => Float64Array.from(p.grad));
    expect(net.names).toEqual([
      'layers[1].weights',
      'layers[1].biases',
      'layers[2].gamma',
      'layers[2].beta',
      'layers[4].weights',
      'layers[4].biases',
      'layers[5].gamma',
      'layers[5].beta',
    ]);
    net.params.forEach((p, i) => {
      const error = maxRelativeError(analytic[i]!, numericGradient(p.value, loss, 1e-5), 1e-2);
      expect(error, net.names[i]).toBeLessThan(1e-6);
    });
  });
});
