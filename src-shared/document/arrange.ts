/**
 * Arrange: a layered left-to-right layout of the whole graph (Sugiyama's method, without its
 * dummy nodes for long wires: the canvas takes those wires over the cards they skip). A layer's
 * column is the longest path to it from a chain's start, so every wire points right; the
 * order within a column follows the barycentre of the cards wired to it, which removes most
 * crossings; columns that do not fit the given width wrap into rows below, as text wraps.
 */
import { refuse, requireFinite } from './checks.ts';
import { describeNode, sortedNodeIds } from './graph.ts';
import type { DocNode, EditorDocument, NodeId } from './types.ts';

export interface CardSize {
  readonly width: number;
  readonly height: number;
}

export interface ArrangeArgs {
  /** Each card's size on the canvas, by node id: the core does not know how cards are drawn. */
  readonly sizes: Readonly<Record<NodeId, CardSize>>;
  /** How wide a row may be (the canvas's width): longer chains wrap into rows below. */
  readonly width: number;
  /**
   * The canvas's height: rows grow wider than `width` when that lets the whole layout be shown
   * larger in `width` × `height` (many rows of a long CNN would leave the canvas's sides empty).
   */
  readonly height?: number;
}

/**
 * Space between columns (room for a wire's arrowhead and its turn), between the cards of a
 * column, and between rows (room for the wires that wrap from one row to the next).
 */
export const ARRANGE_GAP = { column: 110, card: 48, row: 110 } as const;

/** Barycentre sweeps, down and up: a few settle small networks; more barely change a thing. */
const SWEEPS = 4;

/**
 * Moves every card to its place in the layout, keeping the layout's top-left corner where the
 * cards' was. Nodes already in place keep their objects, so the undo step names only those
 * that moved, and arranging an arranged network changes nothing.
 */
export function arrange(
  doc: EditorDocument,
  { sizes, width, height }: ArrangeArgs,
): EditorDocument {
  requirePositive(width, 'the width to arrange in');
  if (height !== undefined) requirePositive(height, 'the height to arrange in');
  const ids = sortedNodeIds(doc);
  if (ids.length === 0) return doc;
  const size = new Map(ids.map((id) => [id, checkedSize(doc.nodes[id]!, sizes[id])]));
  const columns = orderColumns(doc, ids);
  const widths = columns.map((column) => Math.max(...column.map((id) => size.get(id)!.width)));
  const heights = columns.map(
    (column) =>
      column.reduce((sum, id) => sum + size.get(id)!.height, 0) +
      ARRANGE_GAP.card * (column.length - 1),
  );
  const origin = {
    x: Math.min(...ids.map((id) => doc.nodes[id]!.position.x)),
    y: Math.min(...ids.map((id) => doc.nodes[id]!.position.y)),
  };
  const nodes = { ...doc.nodes };
  let moved = false;
  let top = origin.y;
  for (const row of wrapRows(
    widths,
    rowWidth({ widths, heights, width, height: height ?? Infinity }),
  )) {
    const rowHeight = Math.max(...row.map((c) => heights[c]!));
    let left = origin.x;
    for (const c of row) {
      // Centred on the row's middle line, so a chain's ports line up and its wires run level.
      let y = top + (rowHeight - heights[c]!) / 2;
      for (const id of columns[c]!) {
        const { width: w, height: h } = size.get(id)!;
        const position = { x: Math.round(left + (widths[c]! - w) / 2), y: Math.round(y) };
        const node = nodes[id]!;
        if (node.position.x !== position.x || node.position.y !== position.y) {
          nodes[id] = { ...node, position };
          moved = true;
        }
        y += h + ARRANGE_GAP.card;
      }
      left += widths[c]! + ARRANGE_GAP.column;
    }
    top += rowHeight + ARRANGE_GAP.row;
  }
  return moved ? { ...doc, nodes } : doc;
}

/**
 * The columns, left to right, each with its cards top to bottom: a card's column is the length
 * of the longest wired path that reaches it (cards with no wire in start at 0); within a column,
 * cards start in their present order on the canvas (top to bottom), then sweeps sort them by
 * the mean rank of the cards wired to them, from the left, then from the right.
 */
export function orderColumns(doc: EditorDocument, ids: readonly NodeId[]): NodeId[][] {
  const edges = Object.values(doc.edges).filter(
    (edge) => Object.hasOwn(doc.nodes, edge.from) && Object.hasOwn(doc.nodes, edge.to),
  );
  const sources = new Map<NodeId, NodeId[]>(ids.map((id) => [id, []]));
  const targets = new Map<NodeId, NodeId[]>(ids.map((id) => [id, []]));
  for (const { from, to } of edges) {
    sources.get(to)!.push(from);
    targets.get(from)!.push(to);
  }
  const depth = longestPaths(ids, sources, targets);
  const columns: NodeId[][] = [];
  for (const id of ids) (columns[depth.get(id)!] ??= []).push(id);
  const where = (id: NodeId) => doc.nodes[id]!.position;
  for (const column of columns) {
    column.sort((a, b) => where(a).y - where(b).y || where(a).x - where(b).x);
  }
  const rank = new Map<NodeId, number>();
  const rerank = (column: readonly NodeId[]) => column.forEach((id, i) => rank.set(id, i));
  columns.forEach(rerank);
  const sweep = (column: NodeId[], neighbours: Map<NodeId, NodeId[]>) => {
    const centre = (id: NodeId) => {
      const ranks = neighbours.get(id)!.map((n) => rank.get(n)!);
      // A card with no neighbours on this side keeps its place.
      return ranks.length === 0 ? rank.get(id)! : ranks.reduce((s, r) => s + r, 0) / ranks.length;
    };
    const centres = new Map(column.map((id) => [id, centre(id)]));
    // Array sort is stable: ties keep their order, so the result is deterministic.
    column.sort((a, b) => centres.get(a)! - centres.get(b)!);
    rerank(column);
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (const column of columns.slice(1)) sweep(column, sources);
    for (const column of columns.slice(0, -1).reverse()) sweep(column, targets);
  }
  return columns;
}

/** Each node's longest path from a node with no wire in (Kahn's order; the wires make no loop). */
function longestPaths(
  ids: readonly NodeId[],
  sources: Map<NodeId, NodeId[]>,
  targets: Map<NodeId, NodeId[]>,
): Map<NodeId, number> {
  const depth = new Map<NodeId, number>(ids.map((id) => [id, 0]));
  const waiting = new Map(ids.map((id) => [id, sources.get(id)!.length]));
  const ready = ids.filter((id) => waiting.get(id) === 0);
  for (let at = ready.shift(); at !== undefined; at = ready.shift()) {
    for (const next of targets.get(at)!) {
      depth.set(next, Math.max(depth.get(next)!, depth.get(at)! + 1));
      waiting.set(next, waiting.get(next)! - 1);
      if (waiting.get(next) === 0) ready.push(next);
    }
  }
  const stuck = ids.filter((id) => waiting.get(id)! > 0);
  if (stuck.length > 0) refuse(`cannot arrange: the wires into ${stuck.join(', ')} make a loop`);
  return depth;
}

/**
 * Consecutive columns packed into rows no wider than `width` (a row holds at least one column,
 * however wide): indices of the columns in each row.
 */
export function wrapRows(widths: readonly number[], width: number): number[][] {
  const rows: number[][] = [];
  let used = Infinity;
  widths.forEach((w, c) => {
    if (used + ARRANGE_GAP.column + w > width) {
      rows.push([c]);
      used = w;
    } else {
      rows.at(-1)!.push(c);
      used += ARRANGE_GAP.column + w;
    }
  });
  return rows;
}

/**
 * The row width that shows the whole layout largest in `width` × `height` at most at 100%: the
 * given width, or the width of the first few columns when wider rows fit better (ties: the
 * narrower, so a layout that fits at full size keeps rows as wide as the canvas).
 */
function rowWidth({
  widths,
  heights,
  width,
  height,
}: {
  widths: readonly number[];
  heights: readonly number[];
  width: number;
  height: number;
}): number {
  const scaleAt = (limit: number) => {
    const rows = wrapRows(widths, limit);
    const rowWidths = rows.map(
      (row) => row.reduce((sum, c) => sum + widths[c]!, 0) + ARRANGE_GAP.column * (row.length - 1),
    );
    const total =
      rows.reduce((sum, row) => sum + Math.max(...row.map((c) => heights[c]!)), 0) +
      ARRANGE_GAP.row * (rows.length - 1);
    return Math.min(1, width / Math.max(...rowWidths), height / total);
  };
  let best = { limit: width, scale: scaleAt(width) };
  let prefix = -ARRANGE_GAP.column;
  for (const w of widths) {
    prefix += ARRANGE_GAP.column + w;
    if (prefix <= width) continue;
    const scale = scaleAt(prefix);
    if (scale > best.scale) best = { limit: prefix, scale };
  }
  return best.limit;
}

function checkedSize(node: DocNode, size: CardSize | undefined): CardSize {
  if (!size) refuse(`cannot arrange: the size of ${describeNode(node)}'s card is not known`);
  for (const side of ['width', 'height'] as const) {
    requirePositive(size[side], `the ${side} of ${describeNode(node)}'s card`);
  }
  return size;
}

function requirePositive(value: number, what: string): void {
  if (requireFinite(value, what) <= 0) refuse(`${what} must be positive, found ${value}`);
}
