/**
 * The live forward pass keeps its network in the engine: an edit sends only what changed, and
 * the kept network always computes what a fresh `forward` computes on the current document.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derive, type EditorDocument, type NodeId } from '../document/index.ts';
import { randomiseKernels, setKernelWeight } from '../document/conv-commands.ts';
import {
  fitWeightsToInput,
  randomiseWeights,
  setBias,
  setDenseUnits,
  setWeight,
  setWeights,
} from '../document/dense-commands.ts';
import { addNode, connect, createEmptyDocument, deleteNodes } from '../document/graph-commands.ts';
import { addInputRow, setInputs, setInputValue } from '../document/input-commands.ts';
import { residualCnnDocument } from '../document/test-support.ts';
import { forward } from '../net/forward.ts';
import type { Network } from '../net/network.ts';
import { RandomState } from '../rng/random-state.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import type { Precision } from '../train/settings.ts';
import { CancelledError, EngineClient } from './engine-client.ts';
import { serveEngine, type Handlers } from './engine-host.ts';
import { engineHandlers } from './handlers.ts';
import { LiveForward } from './live-forward.ts';
import type { EngineRequest, EngineResponse } from './protocol.ts';
import { ResidentNets } from './resident-nets.ts';

/**
 * A client and an engine over an in-memory port that copies messages as postMessage does and
 * records every call sent; `restart` puts a fresh engine (keeping nothing) behind the port.
 */
function engine() {
  const sent: EngineRequest[] = [];
  let toHost: ((m: EngineRequest) => void)[] = [];
  const toClient: ((m: EngineResponse) => void)[] = [];
  const start = () => {
    toHost = [];
    const handlers: Handlers = {
      ...engineHandlers,
      liveForward: liveForwardOf(new ResidentNets()),
    };
    serveEngine(
      {
        post: (m) => setTimeout(() => toClient.forEach((h) => h(structuredClone(m))), 0),
        listen: (h) => toHost.push(h),
      },
      handlers,
    );
  };
  start();
  const client = new EngineClient({
    post: (m) => {
      sent.push(m);
      setTimeout(() => toHost.forEach((h) => h(structuredClone(m))), 0);
    },
    listen: (h) => toClient.push(h),
  });
  const calls = () => sent.filter((m) => m.kind === 'call' && m.op === 'liveForward');
  return { client, calls, restart: start };
}

function liveForwardOf(nets: ResidentNets): Handlers['liveForward'] {
  return (args) => nets.forward(args);
}

/** Bytes of every typed array in a message: what postMessage copies beside a few small fields. */
function arrayBytes(value: unknown): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce((n: number, v) => n + arrayBytes(v), 0);
}

const randn = (rng: RandomState, shape: number[]): Tensor => rng.randn(...shape);

/** Input(units[0]) → Dense → ReLU → … → Dense → Softmax, with random weights and `batch` random rows. */
function denseDocument(units: number[], batch: number): EditorDocument {
  let doc = createEmptyDocument();
  let last: NodeId | null = null;
  const add = (kind: 'input' | 'dense' | 'relu' | 'softmax', n?: number) => {
    const added = addNode(doc, { kind, position: { x: 0, y: 0 }, units: n });
    doc = added.doc;
    if (last) doc = connect(doc, { from: last, to: added.id });
    if (kind === 'dense') doc = randomiseWeights(doc, { id: added.id, seed: doc.nextId });
    last = added.id;
  };
  add('input', units[0]);
  units.slice(1).forEach((n, i) => {
    add('dense', n);
    add(i === units.length - 2 ? 'softmax' : 'relu');
  });
  return setInputs(doc, randn(new RandomState(1), [batch, units[0]!]));
}

function request(doc: EditorDocument, precision?: Precision) {
  const { network } = derive(doc).networks[0]!;
  return {
    network: precision ? { ...network, precision } : network,
    inputs: doc.inputs,
    mirror: false,
  };
}

/** A fresh net's answer: the outputs, or the error's message. */
function fresh(network: Network, inputs: Tensor): Tensor[] | string {
  try {
    return forward(network, inputs);
  } catch (error) {
    return (error as Error).message;
  }
}

async function live(pass: LiveForward, args: ReturnType<typeof request>) {
  try {
    return (await pass.run(args)).outputs;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the live forward pass', () => {
  it('sends one weight edit as that one value, and computes what a fresh net computes', async () => {
    const { client, calls } = engine();
    const pass = new LiveForward(client);
    let doc = denseDocument([784, 128, 10], 1);
    await pass.run(request(doc));
    expect(calls()).toHaveLength(1);
    // The first call carries the whole network: 784·128 + 128 + 128·10 + 10 float64 values.
    expect(arrayBytes(calls()[0])).toBeGreaterThan(8 * (784 * 128 + 128 * 10));

    doc = setWeight(doc, { id: 'n2', row: 300, col: 7, value: 2.5 });
    const { outputs } = await pass.run(request(doc));
    const edit = calls()[1]!;
    expect(edit.kind === 'call' && edit.args).toEqual({
      key: expect.any(String),
      network: {
        base: 1,
        edits: {
          layers: [],
          values: [
            {
              layer: 1,
              field: 'weights',
              indices: Uint32Array.of(300 * 128 + 7),
              values: Float64Array.of(2.5),
            },
          ],
        },
      },
      version: 2,
      mirror: false,
    });
    // One index and one value; no inputs, no layers.
    expect(arrayBytes(edit)).toBe(4 + 8);
    expect(outputs).toEqual(forward(request(doc).network, doc.inputs));
  });

  it('sends a pasted row as that row, and new inputs alone when only they changed', async () => {
    const { client, calls } = engine();
    const pass = new LiveForward(client);
    let doc = denseDocument([6, 5, 3], 2);
    await pass.run(request(doc));
    const weights = doc.nodes['n2']! as { weights: Tensor };
    const pasted = Float64Array.from(weights.weights.data);
    pasted.set([1, 2, 3, 4, 5], 2 * 5);
    doc = setWeights(doc, { id: 'n2', weights: tensor(pasted, [6, 5]) });
    expect(await live(pass, request(doc))).toEqual(forward(request(doc).network, doc.inputs));
    const row = calls()[1]!;
    expect(row.kind === 'call' && row.op === 'liveForward' && row.args.network).toMatchObject({
      edits: { values: [{ indices: Uint32Array.of(10, 11, 12, 13, 14) }] },
    });
    expect(arrayBytes(row)).toBe(5 * (4 + 8));

    doc = setInputValue(doc, { row: 1, col: 3, value: -7 });
    expect(await live(pass, request(doc))).toEqual(forward(request(doc).network, doc.inputs));
    const inputs = calls()[2]!;
    expect(inputs.kind === 'call' && inputs.op === 'liveForward' && inputs.args.inputs).toEqual(
      doc.inputs,
    );
    expect(arrayBytes(inputs)).toBe(2 * 6 * 8);
  });

  it('edits a kernel weight of a picture network in float32, and runs its mirror images', async () => {
    const { client, calls } = engine();
    const pass = new LiveForward(client);
    let doc = randomiseKernels(residualCnnDocument(8), { id: 'n2', seed: 3, scale: 0.5 });
    const rng = new RandomState(4);
    const pictures = tensor(
      Float32Array.from({ length: 2 * 8 * 8 * 3 }, () => 255 * rng.randomSample()),
      [2, 8, 8, 3],
    );
    // Each picture flipped left to right, written out here on its own.
    const flipped = new Float32Array(pictures.data.length);
    for (let at = 0; at < flipped.length; at++) {
      const [b, y, x, c] = [
        Math.floor(at / 192),
        Math.floor(at / 24) % 8,
        Math.floor(at / 3) % 8,
        at % 3,
      ];
      flipped[at] = pictures.data[b * 192 + y * 24 + (7 - x) * 3 + c]!;
    }
    const args = (d: EditorDocument) => ({ ...request(d), inputs: pictures, mirror: true });
    await pass.run(args(doc));
    doc = setKernelWeight(doc, { id: 'n2', ky: 1, kx: 2, ci: 0, co: 1, value: 0.75 });
    const result = await pass.run(args(doc));
    const { network } = args(doc);
    expect(result.outputs).toEqual(forward(network, pictures));
    expect(result.outputs.at(-1)!.data).toBeInstanceOf(Float32Array);
    expect(result.mirrored).toEqual(forward(network, tensor(flipped, [2, 8, 8, 3])).at(-1));
    const edit = calls()[1]!;
    expect(edit.kind === 'call' && edit.op === 'liveForward' && edit.args.network).toEqual({
      base: 1,
      edits: {
        layers: [],
        values: [
          {
            layer: 1,
            field: 'weights',
            indices: Uint32Array.of(((1 * 3 + 2) * 3 + 0) * 3 + 1),
            values: Float64Array.of(Math.fround(0.75)),
          },
        ],
      },
    });
  });

  it('runs only the newest of the requests made while one is in flight', async () => {
    const { client, calls } = engine();
    const pass = new LiveForward(client);
    const docs = [0.5, 1, 1.5, 2].map((value) =>
      setWeight(denseDocument([4, 3, 2], 1), { id: 'n2', row: 0, col: 0, value }),
    );
    const runs = docs.map((doc) => pass.run(request(doc)).then((r) => r.outputs));
    const settled = await Promise.allSettled(runs);
    expect(settled.map((s) => s.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect(
      settled.slice(1, 3).every((s) => 'reason' in s && s.reason instanceof CancelledError),
    ).toBe(true);
    // Nothing superseded reached the engine: no cancel message, and the last call edits the first.
    expect(calls()).toHaveLength(2);
    expect(calls()[1]!.kind === 'call' && calls()[1]!.args).toMatchObject({
      network: { base: 1, edits: { values: [{ values: Float64Array.of(2) }] } },
    });
    const last = docs[3]!;
    expect((settled[3] as PromiseFulfilledResult<Tensor[]>).value).toEqual(
      forward(request(last).network, last.inputs),
    );
  });

  it('sends the whole network again after the engine restarted or a call failed', async () => {
    const { client, calls, restart } = engine();
    const pass = new LiveForward(client);
    let doc = denseDocument([4, 3, 2], 2);
    await pass.run(request(doc));
    restart();
    doc = setBias(doc, { id: 'n2', index: 1, value: 3 });
    expect(await live(pass, request(doc))).toEqual(forward(request(doc).network, doc.inputs));
    // The edits met an engine that keeps nothing; the same call then went whole.
    const [, edits, whole] = calls().map((m) => m.kind === 'call' && m.args);
    expect(edits).toMatchObject({ network: { base: 1 } });
    expect(whole).toMatchObject({ network: { whole: request(doc).network }, inputs: doc.inputs });

    // A failing pass (inputs the network cannot take) leaves both sides keeping nothing.
    const wrong = { ...request(doc), inputs: tensor(new Float64Array(5), [1, 5]) };
    await expect(pass.run(wrong)).rejects.toThrow('the input layer takes 4 features per sample');
    doc = setBias(doc, { id: 'n2', index: 0, value: -1 });
    expect(await live(pass, request(doc))).toEqual(forward(request(doc).network, doc.inputs));
    expect(calls().at(-1)!.kind === 'call' && calls().at(-1)!.args).toMatchObject({
      network: { whole: expect.anything() },
    });
  });

  it('always computes what a fresh net computes on the current document', async () => {
    const node = fc.nat(20);
    const value = fc.double({ min: -4, max: 4, noNaN: true });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('weight'), node, row: fc.nat(9), col: fc.nat(9), value }),
      fc.record({ kind: fc.constant('row'), node, row: fc.nat(9), seed: fc.nat() }),
      fc.record({ kind: fc.constant('bias'), node, index: fc.nat(9), value }),
      fc.record({ kind: fc.constant('randomise'), node, seed: fc.nat() }),
      fc.record({ kind: fc.constant('units'), node, units: fc.integer({ min: 1, max: 6 }) }),
      fc.record({ kind: fc.constant('fit'), node }),
      fc.record({
        kind: fc.constant('insert'),
        node,
        activation: fc.constantFrom('relu', 'tanh', 'dense'),
      }),
      fc.record({ kind: fc.constant('remove'), node }),
      fc.record({ kind: fc.constant('input'), row: fc.nat(3), col: fc.nat(9), value }),
      fc.record({ kind: fc.constant('addRow') }),
      fc.record({ kind: fc.constant('precision') }),
    );
    const steps = fc.array(fc.record({ step, wait: fc.boolean() }), { maxLength: 14 });
    await fc.assert(
      fc.asyncProperty(steps, async (sequence) => {
        const { client } = engine();
        const pass = new LiveForward(client);
        let doc = denseDocument([4, 5, 3], 2);
        let precision: Precision = 'float64';
        const checks: Promise<void>[] = [];
        const check = (d: EditorDocument, p: Precision) => {
          const args = request(d, p);
          const expected = fresh(args.network, args.inputs);
          return pass.run(args).then(
            (result) => expect(result.outputs).toEqual(expected),
            (error: Error) => {
              if (!(error instanceof CancelledError)) expect(error.message).toEqual(expected);
            },
          );
        };
        for (const { step, wait } of sequence) {
          if (step.kind === 'precision')
            precision = precision === 'float64' ? 'float32' : 'float64';
          else doc = tried(doc, (d) => edited(d, step));
          const checked = check(doc, precision);
          checks.push(checked);
          if (wait) await checked;
        }
        await Promise.all(checks);
        // The last request is never superseded: it ran and matched.
        await check(doc, precision);
      }),
      { numRuns: 40 },
    );
  });
});

type Step =
  | { kind: 'weight'; node: number; row: number; col: number; value: number }
  | { kind: 'row'; node: number; row: number; seed: number }
  | { kind: 'bias'; node: number; index: number; value: number }
  | { kind: 'randomise'; node: number; seed: number }
  | { kind: 'units'; node: number; units: number }
  | { kind: 'fit'; node: number }
  | { kind: 'insert'; node: number; activation: 'relu' | 'tanh' | 'dense' }
  | { kind: 'remove'; node: number }
  | { kind: 'input'; row: number; col: number; value: number }
  | { kind: 'addRow' };

/** The edit, or the document unchanged when the editor refuses it (an index past the end…). */
function tried(doc: EditorDocument, edit: (doc: EditorDocument) => EditorDocument) {
  try {
    return edit(doc);
  } catch {
    return doc;
  }
}

function edited(doc: EditorDocument, step: Step): EditorDocument {
  const ids = Object.keys(doc.nodes);
  const pick = (n: number): NodeId => ids[n % ids.length]!;
  const denses = ids.filter((id) => doc.nodes[id]!.kind === 'dense');
  const dense = (n: number): NodeId => denses[n % Math.max(denses.length, 1)] ?? 'none';
  switch (step.kind) {
    case 'weight':
      return setWeight(doc, {
        id: dense(step.node),
        row: step.row,
        col: step.col,
        value: step.value,
      });
    case 'row': {
      const node = doc.nodes[dense(step.node)] as { weights: Tensor | null } | undefined;
      if (!node?.weights) return doc;
      const [rows, cols] = node.weights.shape as [number, number];
      const data = Float64Array.from(node.weights.data);
      const row = randn(new RandomState(step.seed), [cols]).data;
      data.set(row, (step.row % rows) * cols);
      return setWeights(doc, { id: dense(step.node), weights: tensor(data, [rows, cols]) });
    }
    case 'bias':
      return setBias(doc, { id: dense(step.node), index: step.index, value: step.value });
    case 'randomise':
      return randomiseWeights(doc, { id: dense(step.node), seed: step.seed });
    case 'units':
      return setDenseUnits(doc, { id: dense(step.node), units: step.units });
    case 'fit':
      return fitWeightsToInput(doc, dense(step.node));
    case 'insert': {
      // A new layer after the node, before what it fed.
      const from = pick(step.node);
      const next = Object.values(doc.edges).find((e) => e.from === from)?.to;
      const added = addNode(doc, { kind: step.activation, position: { x: 0, y: 0 }, units: 3 });
      let d = connect(added.doc, { from, to: added.id });
      if (next) d = connect(d, { from: added.id, to: next });
      return d;
    }
    case 'remove': {
      // The node goes; what fed it now feeds what it fed.
      const id = pick(step.node);
      if (doc.nodes[id]!.kind === 'input') return doc;
      const from = Object.values(doc.edges).find((e) => e.to === id)?.from;
      const to = Object.values(doc.edges).find((e) => e.from === id)?.to;
      const d = deleteNodes(doc, [id]);
      return from && to ? connect(d, { from, to }) : d;
    }
    case 'input':
      return setInputValue(doc, { row: step.row, col: step.col, value: step.value });
    case 'addRow':
      return addInputRow(doc);
    default:
      throw new Error(`unknown step ${JSON.stringify(step satisfies never)}`);
  }
}
