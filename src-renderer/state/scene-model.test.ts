import { describe, expect, it } from 'vitest';
import {
  addNode,
  connect,
  createEmptyDocument,
  derive,
  documentFromLesson,
  documentFromModel,
  setDenseUnits,
} from '../../src-shared/document/index.ts';
import { cnnModel } from '../../src-shared/nn/cnn-test-support.ts';
import { lessonById } from '../../src-shared/lessons/index.ts';
import { fromNested, zeros } from '../../src-shared/tensor/tensor.ts';
import { placeLayer, sampleRow, sceneEdges, sceneNodes } from './scene-model.ts';

describe('scene model', () => {
  it('describes each card and shows the chosen sample', () => {
    const doc = documentFromLesson(lessonById('batch'));
    const derived = derive(doc);
    const [input, dense] = Object.keys(doc.nodes);
    const outputs = {
      [dense!]: fromNested([
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ]),
    };
    const nodes = sceneNodes(doc, derived, outputs, 1);
    expect(nodes.map((n) => [n.title, n.details])).toEqual([
      ['Input (4)', ['4 features']],
      ['Dense (3)', ['W (4, 3)', '15 params']],
    ]);
    expect(nodes[1]!.values).toEqual([4, 5, 6]);
    expect(nodes.find((n) => n.id === input)!.values).toBeNull();
    expect(sceneEdges(doc, derived).map((e) => e.error)).toEqual([null]);
  });

  it('titles image layers by their kind, with output shape and parameters; a row of features as neurons', () => {
    const doc = documentFromModel(cnnModel());
    const flattened = fromNested([[1, 2, 3, 4, 5, 6, 7, 8]]);
    const nodes = sceneNodes(doc, derive(doc), { n7: flattened }, 0);
    expect(nodes.slice(0, 8).map((n) => [n.title, n.details, n.units])).toEqual([
      ['Image input', ['(4, 4, 1)', '0 params'], 0],
      ['Conv2D', ['(4, 4, 2)', '20 params'], 0],
      ['BatchNorm', ['(4, 4, 2)', '4 params'], 0],
      ['ReLU', ['(4, 4, 2)'], 0],
      ['MaxPool2D', ['(2, 2, 2)', '0 params'], 0],
      ['Dropout', ['(2, 2, 2)', '0 params'], 0],
      ['Flatten', ['(8,)', '0 params'], 8],
      ['Dense (3)', ['W (8, 3)', '27 params'], 3],
    ]);
    expect(nodes[0]!.inPorts).toBe(0);
    // The values the Dense layer reads, one per neuron; none before they are computed.
    expect(nodes[6]!.values).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(nodes[5]!.values).toBeNull();
  });

  it('gives a merge card a port per wire in and a free one, each wire its own port', () => {
    // Input(4) → Dense(3) → Add ← Input: Dense gives 3 values, the Input 4, so both wires are red.
    let doc = addNode(createEmptyDocument(), { kind: 'input', position: { x: 0, y: 0 } }).doc;
    doc = addNode(doc, { kind: 'dense', position: { x: 200, y: 0 } }).doc;
    doc = addNode(doc, { kind: 'add', position: { x: 400, y: 0 } }).doc;
    doc = connect(doc, { from: 'n1', to: 'n2' });
    doc = connect(doc, { from: 'n2', to: 'n3' });
    doc = connect(doc, { from: 'n1', to: 'n3' });
    const derived = derive(doc);
    expect(sceneNodes(doc, derived, {}, 0).map((n) => n.inPorts)).toEqual([0, 1, 3]);
    // A red merge is a card; once its shapes agree, a merge of features shows its values.
    expect(sceneNodes(doc, derived, {}, 0)[2]!.title).toBe('Add');
    const fixed = setDenseUnits(doc, { id: 'n2', units: 4 });
    const sum = fromNested([[1, 2, 3, 4]]);
    const add = sceneNodes(fixed, derive(fixed), { n3: sum }, 0)[2]!;
    expect([add.title, add.details, add.values]).toEqual(['Add (4)', ['4 values'], [1, 2, 3, 4]]);
    const edges = sceneEdges(doc, derived);
    expect(edges.map((e) => [`${e.from}→${e.to}`, e.port, e.error !== null])).toEqual([
      ['n1→n2', 0, false],
      ['n2→n3', 0, true],
      ['n1→n3', 1, true],
    ]);
  });

  it('gives the image input its picture and 4-D outputs their feature maps', () => {
    const doc = documentFromModel(cnnModel());
    const conv = zeros([1, 4, 4, 2], 'float32');
    const nodes = sceneNodes(doc, derive(doc), { n2: conv }, 0);
    expect(nodes[0]!.maps).toEqual({ kind: 'picture', output: doc.inputs, sample: 0 });
    expect(nodes[1]!.maps).toEqual({ kind: 'feature-maps', output: conv, sample: 0 });
    expect(nodes[2]!.maps).toBeNull(); // not computed yet
  });

  it('reads one sample of a batch, or a single sample whole', () => {
    expect(
      sampleRow(
        fromNested([
          [1, 2],
          [3, 4],
        ]),
        1,
      ),
    ).toEqual([3, 4]);
    expect(sampleRow(fromNested([5, 6]), 0)).toEqual([5, 6]);
  });

  it('continues the chain: after its end when clicked, when dropped just right of it', () => {
    let doc = createEmptyDocument();
    const input = addNode(doc, { kind: 'input', position: { x: 0, y: 0 } });
    doc = input.doc;
    const options = { centre: { x: 5, y: 5 }, spacing: 360 };
    expect(placeLayer(doc, 'dense', { ...options, dropped: null })).toEqual({
      position: { x: 360, y: 0 },
      connectTo: input.id,
    });
    expect(placeLayer(doc, 'dense', { ...options, dropped: { x: 300, y: 40 } }).connectTo).toBe(
      input.id,
    );
    expect(
      placeLayer(doc, 'dense', { ...options, dropped: { x: 900, y: 40 } }).connectTo,
    ).toBeUndefined();
    expect(placeLayer(doc, 'input', { ...options, dropped: null }).connectTo).toBeUndefined();
    const dense = addNode(doc, { kind: 'dense', position: { x: 360, y: 0 } });
    doc = connect(dense.doc, { from: input.id, to: dense.id });
    expect(placeLayer(doc, 'relu', { ...options, dropped: null }).connectTo).toBe(dense.id);
    expect(
      placeLayer(createEmptyDocument(), 'input', { ...options, dropped: null }).position,
    ).toEqual({ x: 5, y: 5 });
  });
});
