import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notebookLessons } from '../lessons/notebook.ts';
import type { DenseLayer } from '../layers/index.ts';
import type { Model } from '../nn/model.ts';
import { forward } from '../net/forward.ts';
import { notebookNetwork } from '../net/init.ts';
import { parseModelFile, serializeModel } from '../model-file/index.ts';
import { fromNested, toNested, zeros } from '../tensor/tensor.ts';
import { addNode, deleteNodes, moveNodes, setInputValue, setWeights } from './commands.ts';
import { derive } from './derive.ts';
import {
  documentFromLesson,
  documentFromModel,
  LAYER_SPACING,
  modelFromDocument,
} from './model-io.ts';
import { chainOf, edgeList } from './test-support.ts';
import type { DenseNode, EditorDocument } from './types.ts';

const fixture = readFileSync(
  new URL('../model-file/fixtures/notebook-v3.json', import.meta.url),
  'utf8',
);

/** What the engine computes for the document: the first chain on the current inputs. */
const outputsOf = (doc: EditorDocument) => forward(derive(doc).chains[0]!.network, doc.inputs);

const model = (examples: Model['examples']): Model => ({
  network: notebookNetwork({ seed: 0, sizes: [2, 3] }),
  examples,
  metadata: { name: 'm' },
});
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
    const doc = documentFromModel({ ...parsed, layout }, { origin: { x: 10, y: 20 } });
    expect(Object.values(doc.nodes).map((n) => n.position)).toEqual([
      { x: -5, y: 7.25 },
      { x: 10 + LAYER_SPACING, y: 20 },
      { x: 1e6, y: -0 },
      { x: 10 + 3 * LAYER_SPACING, y: 20 },
      { x: 10 + 4 * LAYER_SPACING, y: 20 },
    ]);
    expect(() => documentFromModel({ ...parsed, layout: [null, { x: 0, y: Infinity }] })).toThrow(
      'layers[1].position.y must be a finite number, found Infinity',
    );
  });

  it('copies tensors, so the model can change without touching the document', () => {
    const source = model([example('C', [1, 2])]);
    const doc = documentFromModel(source);
    (source.network.layers[1] as DenseLayer).weights.data[0] = 42;
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
    const bad: Model = {
      network: {
        layers: [
          { type: 'input', units: 2 },
          { type: 'dense', weights: zeros([2, 3]), biases: zeros([2]) },
        ],
      },
      examples: [],
      metadata: {},
    };
    expect(() => documentFromModel(bad)).toThrow(
      'layers[1]: weights (2, 3) need one column per bias, found 2 biases',
    );
    expect(() =>
      documentFromModel({ network: { layers: [{ type: 'relu' }] }, examples: [], metadata: {} }),
    ).toThrow("a model's first layer must be its input layer");
  });

  it('opens a trained model as the same document; the training record stays with the UI', () => {
    const trained = readFileSync(
      new URL('../model-file/fixtures/notebook-v3-trained.json', import.meta.url),
      'utf8',
    );
    const doc = documentFromModel(parseModelFile(trained));
    expect(doc).toEqual(documentFromModel(parseModelFile(fixture)));
    expect('training' in modelFromDocument(doc)).toBe(false);
  });
});

describe('modelFromDocument', () => {
  it('writes the notebook model back byte for byte, adding where each layer sits', () => {
    const saved = modelFromDocument(documentFromModel(parseModelFile(fixture)));
    expect(serializeModel({ ...saved, layout: undefined })).toBe(fixture);
    expect(saved.layout).toEqual([0, 1, 2, 3, 4].map((i) => ({ x: i * LAYER_SPACING, y: 0 })));
    const text = serializeModel(saved);
    expect(text).toContain(`\n      "position": { "x": ${LAYER_SPACING}, "y": 0 },\n`);
    expect(serializeModel(modelFromDocument(documentFromModel(parseModelFile(text))))).toBe(text);
  });

  it("keeps the learner's arrangement through a file exactly", () => {
    let doc = documentFromModel(parseModelFile(fixture));
    doc = moveNodes(doc, { ids: ['n2'], dx: 0.1, dy: -0.2 });
    doc = moveNodes(doc, { ids: ['n5'], dx: -1234.5678, dy: 1e-9 });
    const model = modelFromDocument(doc);
    expect(model.layout![1]).toEqual({ x: LAYER_SPACING + 0.1, y: -0.2 });
    const back = documentFromModel(parseModelFile(serializeModel(model)));
    expect(back).toEqual(doc);
    expect(back.nodes.n5!.position).toEqual({ x: 4 * LAYER_SPACING - 1234.5678, y: 1e-9 });
  });

  it('saves the positions of the chain it saves, in its order', () => {
    let doc = chainOf('input', 'dense', 'relu');
    doc = moveNodes(doc, { ids: ['n3'], dx: 5, dy: 7 });
    doc = addNode(doc, { kind: 'tanh', position: { x: -40, y: -40 } }).doc;
    const positions = ['n1', 'n2', 'n3'].map((id) => doc.nodes[id]!.position);
    expect(modelFromDocument(doc).layout).toEqual(positions);
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

  it('keeps only the chain from the first Input node', () => {
    let doc = chainOf('input', 'dense', 'relu');
    doc = addNode(doc, { kind: 'input', position: { x: 0, y: 0 } }).doc;
    doc = addNode(doc, { kind: 'tanh', position: { x: 0, y: 0 } }).doc;
    expect(modelFromDocument(doc).network.layers.map((l) => l.type)).toEqual([
      'input',
      'dense',
      'relu',
    ]);
  });

  it('refuses a document without an Input node or with a shape error', () => {
    const doc = chainOf('input', 'dense');
    expect(() => modelFromDocument(deleteNodes(doc, ['n1']))).toThrow(
      'the document has no Input layer: add one to start the network',
    );
    const transposed = setWeights(doc, { id: 'n2', weights: zeros([3, 4]) });
    expect(() => modelFromDocument(transposed)).toThrow(
      'the network cannot be saved until the wire into Dense n2 fits: Dense expects 3 inputs per sample (W (3, 4)), but Input gives 4: shapes (1,4) and (3,4) not aligned: 4 (dim 1) != 3 (dim 0) — transposing W to (4, 3) would fit',
    );
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
