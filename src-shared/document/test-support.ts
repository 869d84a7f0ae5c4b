/** Small documents for tests: pure, like the rest of the core. */
import { freeze } from 'immer';
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
