import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notebookLessons } from '../lessons/notebook.ts';
import type { DenseLayer } from '../layers/index.ts';
import { chainModel, type Model } from '../nn/model.ts';
import { forward } from '../net/forward.ts';
import { notebookNetwork } from '../net/init.ts';
import { parseModelFile, serializeModel } from '../model-file/index.ts';
import { fromNested, toNested, zeros } from '../tensor/tensor.ts';
import {
  addNode,
  createEmptyDocument,
  deleteNodes,
  moveNodes,
  setInputValue,
  setWeights,
} from './commands.ts';
import { derive } from './derive.ts';
import { DocumentError } from './checks.ts';
import { connect } from './graph-commands.ts';
import {
  documentFromLesson,
  documentFromModel,
  LAYER_SPACING,
  modelFromDocument,
  runnableGraph,
  runnableNetwork,
} from './model-io.ts';
import { chainOf, edgeList } from './test-support.ts';
import type { DenseNode, EditorDocument } from './types.ts';

const fixture = readFileSync(
  new URL('../model-file/fixtures/notebook-v4.json', import.meta.url),
  'utf8',
);

/** What the engine computes for the document: the first chain on the current inputs. */
const outputsOf = (doc: EditorDocument) => forward(derive(doc).networks[0]!.network, doc.inputs);

const model = (examples: Model['examples']): Model =>
  chainModel({
    network: notebookNetwork({ seed: 0, sizes: [2, 3] }),
    examples,
    metadata: { name: 'm' },
  });

/** Saved to a file and opened again. */
const reopened = (doc: EditorDocument) =>
  documentFromModel(parseModelFile(serializeModel(modelFromDocument(doc))));

/**
 * The document as drawn: everything but the ids of its wires and the id counter. Wires are saved
 * by the layers they join, so the editor numbers them afresh when it opens a file.
 */
function asDrawn(doc: EditorDocument) {
  const { edges, nextId, ...rest } = doc;
  void nextId;
  const wires = Object.values(edges)
    .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)))
    .map(({ from, to }) => `${from}→${to}`);
  return { ...rest, wires };
}
const A = { name: 'A', inputs: fromNested([[1, 2]]) };
const B = { name: 'B', inputs: fromNested([[3, 4]]) };
const example = (name: string, row: number[]) => ({ name, inputs: fromNested([row]) });

describe('documentFromModel', () => {
  it('lays layers out left to right, wired in order, the first example current', () => {
    const doc = documentFromModel(parseModelFile(fixture), { origin: { x: 10, y: 20 } });
    expect(Object.values(doc.nodes).map((n) => [n.id, n.kind, n.position.x, n.position.y])).toEqual(
      [
        ['n1', 'input', 10, 20],
        ['n2', 'dense', 10 + LAYER_SPACING, 20],
        ['n3', 'relu', 10 + 2 * LAYER_SPACING, 20],
        ['n4', 'dense', 10 + 3 * LAYER_SPACING, 20],
        ['n5', 'softmax', 10 + 4 * LAYER_SPACING, 20],
      ],
    );
    expect(edgeList(doc)).toEqual(['n1→n2', 'n2→n3', 'n3→n4', 'n4→n5']);
    expect(Object.keys(doc.edges)).toEqual(['e6', 'e7', 'e8', 'e9']);
    expect(doc.nextId).toBe(10);
    expect((doc.nodes.n4 as DenseNode).units).toBe(2);
    expect(toNested(doc.inputs)).toEqual([
      [1, 2, 3, 2.5],
      [2, 5, -1, 2],
      [-1.5, 2.7, 3.3, -0.8],
    ]);
    expect(doc.examples.map((e) => e.name)).toEqual(['notebook batch']);
    expect(doc.metadata).toEqual({
      name: 'Notebook 4-5-2',
      created: '2026-11-26T10:00:00.000Z',
      seed: 0,
    });
    expect(derive(doc).wires).toEqual([]);
  });

  it('puts layers where the layout says, the automatic row where it says nothing', () => {
    const parsed = parseModelFile(fixture);
    const layout = [{ x: -5, y: 7.25 }, null, { x: 1e6, y: -0 }];
    const placed = (positions: typeof layout): Model => ({
      ...parsed,
      nodes: parsed.nodes.map((node, i) => ({ ...node, position: positions[i] ?? null })),
    });
    const doc = documentFromModel(placed(layout), { origin: { x: 10, y: 20 } });
    expect(Object.values(doc.nodes).map((n) => n.position)).toEqual([
      { x: -5, y: 7.25 },
      { x: 10 + LAYER_SPACING, y: 20 },
      { x: 1e6, y: -0 },
      { x: 10 + 3 * LAYER_SPACING, y: 20 },
      { x: 10 + 4 * LAYER_SPACING, y: 20 },
    ]);
    expect(() => documentFromModel(placed([null, { x: 0, y: Infinity }]))).toThrow(
      'layers[1].position.y must be a finite number, found Infinity',
    );
  });

  it('copies tensors, so the model can change without touching the document', () => {
    const source = model([example('C', [1, 2])]);
    const doc = documentFromModel(source);
    (source.nodes[1]!.layer as DenseLayer).weights.data[0] = 42;
    source.examples[0]!.inputs.data[0] = 42;
    expect((doc.nodes.n2 as DenseNode).weights!.data[0]).not.toBe(42);
    expect(doc.inputs.data[0]).toBe(1);
  });

  it('starts with a row of zeros when the model has no examples', () => {
    const doc = documentFromModel(model([]));
    expect(toNested(doc.inputs)).toEqual([[0, 0]]);
    expect(doc.examples).toEqual([]);
  });

  it('refuses models the editor cannot hold', () => {
    const wide = { name: 'wide', inputs: fromNested([[1, 2, 3]]) };
    expect(() => documentFromModel(model([A, wide]))).toThrow(
      "examples[1].inputs: expected rows of 2 features (the input layer's units), found shape (1, 3)",
    );
    const bad = chainModel({
      network: {
        layers: [
          { type: 'input', units: 2 },
          { type: 'dense', weights: zeros([2, 3]), biases: zeros([2]) },
        ],
      },
    });
    expect(() => documentFromModel(bad)).toThrow(
      'layers[1]: weights (2, 3) need one column per bias, found 2 biases',
    );
  });

  it('opens a model without an input layer; running it says there is none', () => {
    const relu = chainModel({ network: { layers: [{ type: 'relu' }] } });
    const doc = documentFromModel(relu);
    expect(Object.values(doc.nodes).map((n) => n.kind)).toEqual(['relu']);
    expect(doc.inputs.shape).toEqual([1, 0]);
    expect(reopened(doc)).toEqual(doc);
    expect(() => runnableNetwork(relu)).toThrow(
      new DocumentError('the model has no input layer, so there is no network to run'),
    );
  });

  it('renumbers ids that are not n1, n2, … in order, keeping the wires between the same layers', () => {
    const parsed = parseModelFile(fixture);
    const named: Model = {
      ...parsed,
      nodes: parsed.nodes.map((node, i) => ({ ...node, id: `layer ${5 - i}` })),
      wires: parsed.wires.map(({ from, to }) => ({
        from: `layer ${6 - Number(from.slice(1))}`,
        to: `layer ${6 - Number(to.slice(1))}`,
      })),
    };
    expect(documentFromModel(named)).toEqual(documentFromModel(parsed));
    expect(runnableGraph(named).nodeIds).toEqual(parsed.nodes.map((_, i) => `layer ${5 - i}`));
  });

  it('opens a trained model with its training record, which saving keeps', () => {
    const trained = readFileSync(
      new URL('../model-file/fixtures/notebook-v4-trained.json', import.meta.url),
      'utf8',
    );
    const parsed = parseModelFile(trained);
    const { training, ...doc } = documentFromModel(parsed);
    expect(training).toEqual(parsed.training);
    expect(doc).toEqual(documentFromModel(parseModelFile(fixture)));
    const saved = modelFromDocument({ ...doc, training });
    const unplaced = { ...saved, nodes: saved.nodes.map((node) => ({ ...node, position: null })) };
    expect(serializeModel(unplaced)).toBe(trained);
    expect('training' in modelFromDocument(doc)).toBe(false);
  });
});

describe('modelFromDocument', () => {
  it('writes the notebook model back byte for byte, adding where each layer sits', () => {
    const saved = modelFromDocument(documentFromModel(parseModelFile(fixture)));
    const unplaced = { ...saved, nodes: saved.nodes.map((node) => ({ ...node, position: null })) };
    expect(serializeModel(unplaced)).toBe(fixture);
    expect(saved.nodes.map((node) => node.position)).toEqual(
      [0, 1, 2, 3, 4].map((i) => ({ x: i * LAYER_SPACING, y: 0 })),
    );
    const text = serializeModel(saved);
    expect(text).toContain(`\n      "position": { "x": ${LAYER_SPACING}, "y": 0 },\n`);
    expect(serializeModel(modelFromDocument(documentFromModel(parseModelFile(text))))).toBe(text);
  });

  it("keeps the learner's arrangement through a file exactly", () => {
    let doc = documentFromModel(parseModelFile(fixture));
    doc = moveNodes(doc, { ids: ['n2'], dx: 0.1, dy: -0.2 });
    doc = moveNodes(doc, { ids: ['n5'], dx: -1234.5678, dy: 1e-9 });
    const model = modelFromDocument(doc);
    expect(model.nodes[1]!.position).toEqual({ x: LAYER_SPACING + 0.1, y: -0.2 });
    const back = documentFromModel(parseModelFile(serializeModel(model)));
    expect(back).toEqual(doc);
    expect(back.nodes.n5!.position).toEqual({ x: 4 * LAYER_SPACING - 1234.5678, y: 1e-9 });
  });

  it('saves every layer with its position, wired or not', () => {
    let doc = chainOf('input', 'dense', 'relu');
    doc = moveNodes(doc, { ids: ['n3'], dx: 5, dy: 7 });
    doc = addNode(doc, { kind: 'tanh', position: { x: -40, y: -40 } }).doc;
    const saved = modelFromDocument(doc);
    expect(saved.nodes.map((n) => [n.id, n.layer.type, n.position])).toEqual(
      ['n1', 'n2', 'n3', 'n6'].map((id) => [id, doc.nodes[id]!.kind, doc.nodes[id]!.position]),
    );
    expect(saved.wires).toEqual([
      { from: 'n1', to: 'n2' },
      { from: 'n2', to: 'n3' },
    ]);
  });

  it('saves the current inputs first as "inputs" unless they are the first example', () => {
    const base = documentFromModel(model([A, B]));
    expect(base.inputs).toEqual(A.inputs);
    expect(modelFromDocument(base).examples.map((e) => e.name)).toEqual(['A', 'B']);
    const edited = setInputValue(base, { row: 0, col: 1, value: 9 });
    const saved = modelFromDocument(edited);
    expect(saved.examples.map((e) => [e.name, toNested(e.inputs)])).toEqual([
      ['inputs', [[1, 9]]],
      ['A', [[1, 2]]],
      ['B', [[3, 4]]],
    ]);
    // …and loading takes "inputs" back out of the examples: the document comes back whole.
    expect(documentFromModel(parseModelFile(serializeModel(saved)))).toEqual(edited);
  });

  it('saves every chain; what runs is the chain from the first Input node', () => {
    let doc = chainOf('input', 'dense', 'relu');
    doc = addNode(doc, { kind: 'input', position: { x: 0, y: 0 } }).doc;
    doc = addNode(doc, { kind: 'tanh', position: { x: 0, y: 0 } }).doc;
    doc = connect(doc, { from: 'n6', to: 'n7' });
    const saved = modelFromDocument(doc);
    expect(saved.nodes.map((n) => n.layer.type)).toEqual([
      'input',
      'dense',
      'relu',
      'input',
      'tanh',
    ]);
    expect(saved.wires.at(-1)).toEqual({ from: 'n6', to: 'n7' });
    expect(runnableGraph(saved).nodeIds).toEqual(['n1', 'n2', 'n3']);
    expect(runnableNetwork(saved).layers.map((l) => l.type)).toEqual(['input', 'dense', 'relu']);
    expect(asDrawn(reopened(doc))).toEqual(asDrawn(doc));
  });

  it('saves a layer not yet wired in and a red wire, and reopens the document identical', () => {
    let doc = chainOf('input', 'dense', 'relu');
    // A red wire: Dense n2's weights are transposed for the 4 features that arrive.
    doc = setWeights(doc, {
      id: 'n2',
      weights: fromNested([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
        [9, 10, 11, 12],
      ]),
    });
    // A Dense layer placed but never wired: it has neurons, not yet weights.
    doc = addNode(doc, { kind: 'dense', units: 5, position: { x: 100, y: 300 } }).doc;
    doc = addNode(doc, { kind: 'sigmoid', position: { x: 400, y: 300 } }).doc;
    expect(derive(doc).wires).toHaveLength(1);
    expect((doc.nodes.n6 as DenseNode).weights).toBeNull();
    const model = modelFromDocument(doc);
    expect(model.nodes.map((n) => n.id)).toEqual(['n1', 'n2', 'n3', 'n6', 'n7']);
    const text = serializeModel(model);
    expect(text).toContain(
      '"type": "dense",\n      "id": "n6",\n      "position": { "x": 100, "y": 300 },\n      "biases": [0, 0, 0, 0, 0]\n',
    );
    const back = documentFromModel(parseModelFile(text));
    expect(asDrawn(back)).toEqual(asDrawn(doc));
    expect(derive(back).wires.map((w) => w.message)).toEqual(
      derive(doc).wires.map((w) => w.message),
    );
    // It says why it cannot run when it is run, not when it is saved.
    expect(() => runnableNetwork(model)).toThrow(
      'the network cannot run: the wire into Dense n2 does not fit: Dense expects 3 inputs per sample (W (3, 4)), but Input gives 4: shapes (1,4) and (3,4) not aligned: 4 (dim 1) != 3 (dim 0) — transposing W to (4, 3) would fit',
    );
  });

  it('round-trips a branching document: one layer feeding two, and a layer fed by two', () => {
    let doc = chainOf('input', 'dense', 'relu', 'tanh', 'sigmoid');
    // Graph forms the file must hold as drawn: n2 feeds n3 and n4; n5 takes n3 and n4.
    const wire = (id: string, from: string, to: string) => ({ [id]: { id, from, to } });
    doc = {
      ...doc,
      edges: {
        ...wire('e6', 'n1', 'n2'),
        ...wire('e7', 'n2', 'n3'),
        ...wire('e8', 'n2', 'n4'),
        ...wire('e9', 'n3', 'n5'),
        ...wire('e10', 'n4', 'n5'),
      },
      nextId: 11,
    };
    const saved = modelFromDocument(doc);
    expect(saved.wires).toEqual([
      { from: 'n1', to: 'n2' },
      { from: 'n2', to: 'n3' },
      { from: 'n2', to: 'n4' },
      { from: 'n3', to: 'n5' },
      { from: 'n4', to: 'n5' },
    ]);
    const text = serializeModel(saved);
    expect(parseModelFile(text).wires).toEqual(saved.wires);
    expect(asDrawn(documentFromModel(parseModelFile(text)))).toEqual(asDrawn(doc));
    expect(serializeModel(modelFromDocument(documentFromModel(parseModelFile(text))))).toBe(text);
  });

  it('saves an empty document, and one whose Input was deleted, examples kept', () => {
    const empty = createEmptyDocument({ name: 'nothing yet' });
    expect(reopened(empty)).toEqual(empty);
    const base = documentFromModel(model([A, B]));
    const noInput = deleteNodes(base, ['n1']);
    const back = reopened(noInput);
    expect(back.examples).toEqual(noInput.examples);
    expect(Object.keys(back.nodes)).toEqual(['n2']);
  });
});

describe('lessons through a model file', () => {
  it.each(notebookLessons.map((lesson) => [lesson.id, lesson] as const))(
    '%s: lesson → document → file → document computes the same outputs',
    (_id, lesson) => {
      const doc = documentFromLesson(lesson);
      expect(doc.metadata).toEqual({
        name: lesson.title,
        description: lesson.caption,
        lesson: lesson.id,
      });
      expect(doc.examples).toEqual([]);
      const text = serializeModel(modelFromDocument(doc));
      const back = documentFromModel(parseModelFile(text));
      expect(back).toEqual(doc);
      const expected = forward(lesson.network, lesson.inputs);
      const actual = outputsOf(back);
      expect(actual).toHaveLength(expected.length);
      actual.forEach((output, i) => {
        // A single sample (features,) comes back as a batch of one (1, features).
        expect(output.shape).toEqual(
          lesson.inputs.shape.length === 1 ? [1, ...expected[i]!.shape] : expected[i]!.shape,
        );
        expect(Array.from(output.data)).toEqual(Array.from(expected[i]!.data));
      });
    },
  );
});
