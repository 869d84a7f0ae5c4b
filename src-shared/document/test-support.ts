/** Small documents for tests: pure, like the rest of the core. */
import { freeze } from 'immer';
import { layerKind } from '../layers/registry.ts';
import { addNode, connect, createEmptyDocument } from './graph-commands.ts';
import type { EditorDocument, NodeKind } from './types.ts';

/**
 * Nodes n1, n2… of these kinds at x = 0, 200, 400…, then wired in order (wires e<k+1>…),
 * deeply frozen as History keeps documents, so a command that mutates one throws.
 */
export function chainOf(...kinds: NodeKind[]): EditorDocument {
  let doc = createEmptyDocument();
  kinds.forEach((kind, i) => (doc = addNode(doc, { kind, position: { x: 200 * i, y: 0 } }).doc));
  for (let i = 1; i < kinds.length; i++) doc = connect(doc, { from: `n${i}`, to: `n${i + 1}` });
  return freeze(doc, true);
}

/** Wires as sorted "from→to" strings. */
export function edgeList(doc: EditorDocument): string[] {
  return Object.values(doc.edges)
    .map((e) => `${e.from}→${e.to}`)
    .sort();
}

/**
 * Image input size×size×3 → Conv2D(3) → ReLU → Add (with the picture) → Flatten → Dense(2) →
 * Softmax: a network that branches and merges, as the mouse draws it.
 */
export function residualCnnDocument(size: number): EditorDocument {
  let doc = createEmptyDocument();
  const image = layerKind('image-input').create({ height: size, width: size, channels: 3 }, []);
  doc = addNode(doc, { kind: 'image-input', position: { x: 0, y: 0 }, layer: image }).doc;
  for (const kind of ['conv2d', 'relu', 'add', 'flatten', 'dense', 'softmax'] as const) {
    const units = kind === 'dense' ? 2 : undefined;
    doc = addNode(doc, { kind, position: { x: 0, y: 0 }, units }).doc;
  }
  const conv = doc.nodes['n2']!;
  if (!('settings' in conv)) throw new Error('n2 should wait for its input’s shape');
  const filters = { ...conv, settings: { ...conv.settings, filters: 3 } };
  doc = { ...doc, nodes: { ...doc.nodes, n2: filters } };
  const wires = ['n1→n2', 'n2→n3', 'n3→n4', 'n1→n4', 'n4→n5', 'n5→n6', 'n6→n7'];
  return wires.reduce((d, wire) => {
    const [from, to] = wire.split('→') as [string, string];
    return connect(d, { from, to });
  }, doc);
}
