import { freeze } from 'immer';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { arrange, ARRANGE_GAP, orderColumns, wrapRows, type CardSize } from './arrange.ts';
import { DocumentError } from './checks.ts';
import { createEmptyDocument, moveNodes } from './commands.ts';
import { History } from './history.ts';
import { chainOf, residualCnnDocument } from './test-support.ts';
import type { DocEdge, DocNode, EditorDocument, NodeId } from './types.ts';

interface Card {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The sizes the canvas would report: 150 wide, heights as given (or 120). */
function sizesOf(doc: EditorDocument, heights: Record<NodeId, number> = {}) {
  return Object.fromEntries(
    Object.keys(doc.nodes).map((id) => [id, { width: 150, height: heights[id] ?? 120 }]),
  ) as Record<NodeId, CardSize>;
}

function cards(doc: EditorDocument, sizes: Record<NodeId, CardSize>): Map<NodeId, Card> {
  return new Map(
    Object.values(doc.nodes).map((n) => [n.id, { ...n.position, ...sizes[n.id]! }] as const),
  );
}

const overlap = (a: Card, b: Card) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What the layout promises, checked on any arranged document. */
function expectLaidOut(doc: EditorDocument, sizes: Record<NodeId, CardSize>, width: number) {
  const boxes = cards(doc, sizes);
  const list = [...boxes.entries()];
  // Rows are the bands of cards closer together than the row gap, top to bottom.
  const bands: { top: number; bottom: number }[] = [];
  for (const { y, height } of [...boxes.values()].sort((p, q) => p.y - q.y)) {
    const last = bands.at(-1);
    if (last && y - last.bottom < ARRANGE_GAP.row) last.bottom = Math.max(last.bottom, y + height);
    else bands.push({ top: y, bottom: y + height });
  }
  const row = (y: number) => bands.findIndex((band) => y >= band.top && y < band.bottom);
  for (const [i, [a, boxA]] of list.entries()) {
    for (const [b, boxB] of list.slice(i + 1)) {
      expect(overlap(boxA, boxB), `cards ${a} and ${b} overlap`).toBe(false);
    }
  }
  for (const { from, to } of Object.values(doc.edges)) {
    const a = boxes.get(from)!;
    const b = boxes.get(to)!;
    // Same row: the target is right of the source, with room for the wire; else a row below.
    const [rowA, rowB] = [row(a.y), row(b.y)];
    if (rowA === rowB) expect(b.x - (a.x + a.width), `${from}→${to}`).toBeGreaterThanOrEqual(100);
    else expect(rowB, `${from}→${to} wraps down`).toBeGreaterThan(rowA);
  }
  const left = Math.min(...list.map(([, c]) => c.x));
  const right = Math.max(...list.map(([, c]) => c.x + c.width));
  expect(right - left).toBeLessThanOrEqual(Math.max(width, 150));
}

/** A chain of `count` ReLU-like cards, dragged about: some left of their sources. */
function messyChain(count: number): EditorDocument {
  let doc = chainOf('input', ...Array.from({ length: count - 1 }, () => 'relu' as const));
  doc = moveNodes(doc, { ids: ['n3'], dx: -700, dy: 90 });
  doc = moveNodes(doc, { ids: ['n2'], dx: 30, dy: -250 });
  return freeze(doc, true);
}

describe('arrange', () => {
  it('puts a chain in one row, left to right, level, from where the cards began', () => {
    const doc = messyChain(4);
    const sizes = sizesOf(doc);
    const done = arrange(doc, { sizes, width: 2000 });
    const xs = ['n1', 'n2', 'n3', 'n4'].map((id) => done.nodes[id]!.position);
    const step = 150 + ARRANGE_GAP.column;
    // The top-left corner stays where the leftmost and topmost cards were.
    expect(xs).toEqual([0, 1, 2, 3].map((i) => ({ x: -300 + i * step, y: -250 })));
    expectLaidOut(done, sizes, 2000);
    // Only positions change: the same wires, the same layers.
    expect(done.edges).toBe(doc.edges);
    expect({ ...done.nodes.n2!, position: null }).toEqual({ ...doc.nodes.n2!, position: null });
  });

  it('wraps a long chain into rows no wider than the width, each row starting at the left', () => {
    const doc = messyChain(10);
    const sizes = sizesOf(doc);
    const done = arrange(doc, { sizes, width: 800 });
    expectLaidOut(done, sizes, 800);
    const ys = [...new Set(Object.values(done.nodes).map((n) => n.position.y))];
    // 150 + 110 + 150 + 110 + 150 = 670 ≤ 800: three cards a row, so four rows.
    expect(ys).toHaveLength(4);
    expect(ys[1]! - ys[0]!).toBe(120 + ARRANGE_GAP.row);
    const rowStarts = ['n1', 'n4', 'n7', 'n10'].map((id) => done.nodes[id]!.position.x);
    expect(new Set(rowStarts)).toEqual(new Set([rowStarts[0]]));
  });

  it('widens the rows of a chain too long for the canvas, so all of it shows larger', () => {
    const doc = messyChain(30);
    const sizes = sizesOf(doc, { n1: 200 });
    const canvas = { width: 670, height: 650 };
    const extent = (d: EditorDocument) => {
      const boxes = [...cards(d, sizes).values()];
      const w = Math.max(...boxes.map((c) => c.x + c.width)) - Math.min(...boxes.map((c) => c.x));
      const h = Math.max(...boxes.map((c) => c.y + c.height)) - Math.min(...boxes.map((c) => c.y));
      return { w, scale: Math.min(canvas.width / w, canvas.height / h) };
    };
    const narrow = extent(arrange(doc, { sizes, width: canvas.width }));
    const wide = extent(arrange(doc, { sizes, ...canvas }));
    expect(narrow.w).toBeLessThanOrEqual(canvas.width);
    expect(wide.w).toBeGreaterThan(canvas.width);
    // Ten rows of three (2,270 high) would show at 29%; six rows of five (1,190 wide, 1,350
    // high) show at 48%, better than five of six (1,450 wide: 46%).
    expect(narrow.scale).toBeCloseTo(650 / 2270, 3);
    expect(wide.scale).toBeCloseTo(650 / 1350, 3);
    // A chain that fits at full size keeps rows as wide as the canvas.
    const short = messyChain(5);
    expect(arrange(short, { sizes: sizesOf(short), ...canvas })).toEqual(
      arrange(short, { sizes: sizesOf(short), width: canvas.width }),
    );
  });

  it('gives a residual block a column per step, the skip wire reaching over to the Add', () => {
    const doc = residualCnnDocument(8);
    const sizes = sizesOf(doc, { n1: 200, n2: 300 });
    const done = arrange(doc, { sizes, width: 5000 });
    expectLaidOut(done, sizes, 5000);
    const x = (id: string) => done.nodes[id]!.position.x;
    // Image → Conv2D → ReLU → Add: the Add is after the longest path into it, not the skip.
    expect([x('n1'), x('n2'), x('n3'), x('n4')]).toEqual([0, 260, 520, 780]);
    // Every card of the one-card columns is centred on the row's middle line.
    const middle = (id: string) => done.nodes[id]!.position.y + sizes[id]!.height / 2;
    for (const id of ['n1', 'n3', 'n4', 'n5', 'n6', 'n7']) expect(middle(id)).toBe(middle('n2'));
  });

  it('orders parallel branches by their sources, so their wires do not cross', () => {
    // Two Inputs, each with a chain; the second chain's cards start above the first's.
    let doc = createEmptyDocument();
    const nodes: Record<NodeId, DocNode> = {
      n1: { id: 'n1', kind: 'input', position: { x: 0, y: 0 }, units: 2 },
      n2: { id: 'n2', kind: 'input', position: { x: 0, y: 400 }, units: 2 },
      n3: { id: 'n3', kind: 'relu', position: { x: 300, y: 500 } },
      n4: { id: 'n4', kind: 'relu', position: { x: 300, y: -100 } },
      // Its settings do not matter here: only positions and wires do.
      n5: { id: 'n5', kind: 'add', position: { x: 600, y: 0 } } as DocNode,
    };
    const edges = wires(['n1', 'n4'], ['n2', 'n3'], ['n4', 'n5'], ['n3', 'n5']);
    doc = { ...doc, nodes, edges, nextId: 20 };
    expect(orderColumns(doc, ['n1', 'n2', 'n3', 'n4', 'n5'])).toEqual([
      ['n1', 'n2'],
      ['n4', 'n3'],
      ['n5'],
    ]);
    const sizes = sizesOf(doc);
    expectLaidOut(arrange(doc, { sizes, width: 3000 }), sizes, 3000);
  });

  it('is deterministic, and arranging again changes nothing (no undo step)', () => {
    const doc = messyChain(7);
    const sizes = sizesOf(doc);
    const once = arrange(doc, { sizes, width: 900 });
    expect(arrange(doc, { sizes, width: 900 })).toEqual(once);
    expect(arrange(once, { sizes, width: 900 })).toBe(once);
    const history = new History(once);
    history.apply('Arrange', (d) => arrange(d, { sizes, width: 900 }));
    expect(history.canUndo).toBe(false);
  });

  it('is one undo step that restores every position', () => {
    const doc = messyChain(6);
    const history = new History(doc);
    history.apply('Arrange', (d) => arrange(d, { sizes: sizesOf(d), width: 700 }));
    expect(history.steps.map((s) => s.label)).toEqual(['Arrange']);
    expect(history.document).not.toEqual(doc);
    history.undo();
    expect(history.document.nodes).toEqual(doc.nodes);
  });

  it('holds its promises on random graphs with branches and merges', () => {
    const random = new RandomState(12);
    for (let trial = 0; trial < 60; trial++) {
      const doc = randomGraph(random);
      const heights = Object.fromEntries(
        Object.keys(doc.nodes).map((id) => [id, 60 + random.randint(0, 400)]),
      );
      const sizes = sizesOf(doc, heights);
      const width = 200 + random.randint(0, 2500);
      const done = arrange(doc, { sizes, width });
      expectLaidOut(done, sizes, width);
      expect(arrange(doc, { sizes, width })).toEqual(done);
    }
  });

  it('refuses without a card size or a usable width, naming what is missing', () => {
    const doc = chainOf('input', 'dense');
    const { n1 } = sizesOf(doc);
    expect(() => arrange(doc, { sizes: { n1: n1! }, width: 800 })).toThrow(
      new DocumentError("cannot arrange: the size of Dense n2's card is not known"),
    );
    expect(() => arrange(doc, { sizes: sizesOf(doc), width: Number.NaN })).toThrow(
      /the width to arrange in must be a finite number/,
    );
    expect(() => arrange(doc, { sizes: sizesOf(doc), width: 800, height: 0 })).toThrow(
      'the height to arrange in must be positive, found 0',
    );
    expect(arrange(createEmptyDocument(), { sizes: {}, width: 800 }).nodes).toEqual({});
    const loop = { ...doc, edges: { ...doc.edges, ...wires(['n2', 'n1']) } };
    expect(() => arrange(loop, { sizes: sizesOf(doc), width: 800 })).toThrow(
      'cannot arrange: the wires into n1, n2 make a loop',
    );
  });
});

describe('wrapRows', () => {
  it('packs columns while they fit, and gives a too-wide column a row of its own', () => {
    expect(wrapRows([100, 100, 100], 100 + ARRANGE_GAP.column + 100)).toEqual([[0, 1], [2]]);
    expect(wrapRows([500, 100], 300)).toEqual([[0], [1]]);
  });
});

function wires(...pairs: [NodeId, NodeId][]): Record<string, DocEdge> {
  return Object.fromEntries(
    pairs.map(([from, to], i) => [`e${100 + i}`, { id: `e${100 + i}`, from, to }]),
  );
}

/**
 * 2 to 14 cards at random places; each later card is wired from one to three earlier ones
 * (merges), sometimes none (a second chain's start); earlier cards feed several (branches).
 */
function randomGraph(random: RandomState): EditorDocument {
  const count = 2 + random.randint(0, 13);
  const nodes: Record<NodeId, DocNode> = {};
  const pairs: [NodeId, NodeId][] = [];
  for (let i = 1; i <= count; i++) {
    const position = { x: random.randint(-900, 900), y: random.randint(-900, 900) };
    nodes[`n${i}`] = { id: `n${i}`, kind: i === 1 ? 'input' : 'add', position } as DocNode;
    if (i === 1 || random.uniform() < 0.15) continue;
    const from = new Set(
      Array.from({ length: 1 + random.randint(0, 3) }, () => random.randint(1, i)),
    );
    for (const f of from) pairs.push([`n${f}`, `n${i}`]);
  }
  return freeze({ ...createEmptyDocument(), nodes, edges: wires(...pairs), nextId: 1000 }, true);
}
