/**
 * Spreadsheet keyboard rules and scroll windowing for the cell editors (weights, biases,
 * inputs). Pure: no DOM, so every rule is tested on its own.
 */

export interface Cell {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
}

/** up/down/left/right: arrows and Enter; next/prev: Tab and Shift+Tab. */
export type Move = 'up' | 'down' | 'left' | 'right' | 'next' | 'prev';

export interface MoveOptions {
  /**
   * Tab past the end of a row goes on to the next row (true, the default). False returns null
   * there instead, for grids whose row headers hold buttons that Tab must reach.
   */
  wrapRows?: boolean;
}

/**
 * Where a move lands. Arrows and Enter stop at the edges (clamped). Tab reads like text: past
 * the last column it goes to the next row's first cell; past the very last cell it returns
 * null, so the browser's own Tab can take focus out of the grid (no keyboard trap).
 */
export function moveCell(
  cell: Cell,
  move: Move,
  size: GridSize,
  options: MoveOptions = {},
): Cell | null {
  const wrap = options.wrapRows ?? true;
  const lastRow = Math.max(0, size.rows - 1);
  const lastCol = Math.max(0, size.cols - 1);
  const row = clamp(cell.row, 0, lastRow);
  const col = clamp(cell.col, 0, lastCol);
  switch (move) {
    case 'up':
      return { row: Math.max(0, row - 1), col };
    case 'down':
      return { row: Math.min(lastRow, row + 1), col };
    case 'left':
      return { row, col: Math.max(0, col - 1) };
    case 'right':
      return { row, col: Math.min(lastCol, col + 1) };
    case 'next':
      if (col < lastCol) return { row, col: col + 1 };
      return wrap && row < lastRow ? { row: row + 1, col: 0 } : null;
    case 'prev':
      if (col > 0) return { row, col: col - 1 };
      return wrap && row > 0 ? { row: row - 1, col: lastCol } : null;
    default:
      throw new Error(`unknown move ${String(move satisfies never)}`);
  }
}

/** The parts of a KeyboardEvent the rules read. */
export interface KeyPress {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/** The cell's input at the time of the key press. */
export interface CaretState {
  /** The learner has typed into this cell since it took focus (a draft exists). */
  editing: boolean;
  /** Caret collapsed at the start (or end) of the text. */
  caretAtStart: boolean;
  caretAtEnd: boolean;
}

/**
 * What a key does in a cell; null leaves it to the browser (typing, caret moves, shortcuts).
 * - Enter / Shift+Enter: commit, move down / up.
 * - Tab / Shift+Tab: commit, move right / left (wrapping rows, see `moveCell`).
 * - ArrowUp / ArrowDown: commit, move.
 * - ArrowLeft / ArrowRight: move the caret while editing; move to the next cell when not
 *   editing, or when the caret already sits at that edge of the text.
 * - Escape: drop the draft and restore the stored value.
 */
export type CellAction = { kind: 'move'; move: Move } | { kind: 'cancel' };

export function cellKeyAction(press: KeyPress, caret: CaretState): CellAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  switch (press.key) {
    case 'Enter':
      return { kind: 'move', move: press.shiftKey ? 'up' : 'down' };
    case 'Tab':
      return { kind: 'move', move: press.shiftKey ? 'prev' : 'next' };
    case 'Escape':
      return { kind: 'cancel' };
    case 'ArrowUp':
      return press.shiftKey ? null : { kind: 'move', move: 'up' };
    case 'ArrowDown':
      return press.shiftKey ? null : { kind: 'move', move: 'down' };
    case 'ArrowLeft':
      if (press.shiftKey) return null;
      return !caret.editing || caret.caretAtStart ? { kind: 'move', move: 'left' } : null;
    case 'ArrowRight':
      if (press.shiftKey) return null;
      return !caret.editing || caret.caretAtEnd ? { kind: 'move', move: 'right' } : null;
    default:
      return null;
  }
}

/** Items `start` (inclusive) to `end` (exclusive) are drawn; spacers fill `before`/`after` px. */
export interface VisibleRange {
  start: number;
  end: number;
  before: number;
  after: number;
}

export interface WindowOptions {
  /** Scroll offset of the container (scrollTop or scrollLeft), px. */
  scroll: number;
  /** Visible size of the container, px; 0 before it has been measured. */
  viewport: number;
  /** Fixed size of one item (row height or column width), px. */
  itemSize: number;
  count: number;
  /** Content before the first item (a sticky header row or row-label column), px. */
  offset?: number;
  /** Extra items drawn on each side so that a fast scroll shows no gap. */
  overscan?: number;
  /** Items drawn while the viewport is still unmeasured (0). */
  initial?: number;
}

/**
 * The items of a long list that intersect the viewport, plus overscan: item i spans
 * [offset + i·size, offset + (i+1)·size) in content coordinates, the viewport
 * [scroll, scroll + viewport).
 */
export function visibleRange(options: WindowOptions): VisibleRange {
  const { itemSize, count } = options;
  const offset = options.offset ?? 0;
  const overscan = options.overscan ?? 4;
  if (count <= 0 || itemSize <= 0) return { start: 0, end: 0, before: 0, after: 0 };
  let first: number;
  let last: number; // exclusive
  if (options.viewport <= 0) {
    first = 0;
    last = options.initial ?? 30;
  } else {
    const top = options.scroll - offset;
    first = Math.floor(top / itemSize);
    last = Math.ceil((top + options.viewport) / itemSize);
  }
  const start = clamp(first - overscan, 0, count);
  const end = clamp(last + overscan, start, count);
  return { start, end, before: start * itemSize, after: (count - end) * itemSize };
}

export interface RevealOptions {
  index: number;
  scroll: number;
  viewport: number;
  itemSize: number;
  /** Sticky content covering the start of the viewport (header row, label column), px. */
  offset?: number;
  /** Sticky content covering the end of the viewport (the biases row), px. */
  trailing?: number;
}

/** The scroll offset that brings item `index` fully into view, moving as little as possible. */
export function revealScroll(options: RevealOptions): number {
  const { index, scroll, viewport, itemSize } = options;
  const offset = options.offset ?? 0;
  const trailing = options.trailing ?? 0;
  const top = offset + index * itemSize; // content coordinates
  const bottom = top + itemSize;
  if (top - offset < scroll) return Math.max(0, top - offset);
  if (viewport > 0 && bottom > scroll + viewport - trailing) {
    return Math.max(0, bottom - viewport + trailing);
  }
  return scroll;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * The column width that shows every column in a view `view` px wide beside the row labels:
 * the width asked for when they fit, narrower down to `narrowest` so that they do, and
 * `narrowest` when even that cannot show them all (the grid then scrolls sideways, whole
 * columns at a time, rather than hiding one at the edge).
 */
export function fittedColumnWidth(options: {
  view: number;
  label: number;
  cols: number;
  widest: number;
  narrowest: number;
}): number {
  const { view, label, cols, widest, narrowest } = options;
  if (view <= 0 || cols <= 0) return widest; // not measured yet
  return Math.max(narrowest, Math.min(widest, Math.floor((view - label) / cols)));
}
