/**
 * The editing state of a grid of number cells, as plain data and pure transitions: at most one
 * cell holds a draft (text typed but not yet committed), and a refused draft keeps its text and
 * the reason until it is fixed or Escape restores the stored value.
 */
import { formatG } from '../../src-shared/text/format-g.ts';
import { parseMatrix } from '../../src-shared/text/parse-matrix.ts';
import { parseNumber } from '../../src-shared/text/parse-number.ts';

export interface EditState {
  /** Text typed into cell `key` since it was last committed or restored. */
  draft: { key: string; text: string } | null;
  /** Why the draft of cell `key` was refused; the draft stays on screen, red. */
  refused: { key: string; reason: string } | null;
}

export const idle: EditState = { draft: null, refused: null };

/** Typing into a cell starts (or continues) its draft; a draft elsewhere is dropped. */
export function typeText(_state: EditState, key: string, text: string): EditState {
  return { draft: { key, text }, refused: null };
}

export type CommitResult =
  /** Nothing typed into this cell: nothing to store, go on. */
  | { state: EditState; kind: 'unchanged' }
  | { state: EditState; kind: 'value'; value: number }
  /** The draft stays, red, with the reason; the caller must not move on. */
  | { state: EditState; kind: 'refused'; reason: string };

/** Reads the draft of cell `key` with `parseNumber`. */
export function commitText(state: EditState, key: string): CommitResult {
  if (state.draft?.key !== key) return { state, kind: 'unchanged' };
  const parsed = parseNumber(state.draft.text);
  if ('error' in parsed) {
    return {
      state: { draft: state.draft, refused: { key, reason: parsed.error } },
      kind: 'refused',
      reason: parsed.error,
    };
  }
  return { state: idle, kind: 'value', value: parsed.value };
}

/** The text a cell shows: its draft, the full value while focused, else a short form. */
export function cellText(state: EditState, key: string, value: number, focused: boolean): string {
  if (state.draft?.key === key) return state.draft.text;
  return focused ? fullText(value) : shortText(value);
}

/**
 * A cell wide enough for the widest `shortText`, ten characters (`-0.0007527`, `-1.234e-05`),
 * in the grid's monospace 0.78rem with its padding.
 */
export const NUMBER_CELL_WIDTH = 92;

/** Four significant digits, as Python's `format(x, '.4g')`: `0.1764`, `-2.385`, `1e-05`. */
export function shortText(value: number): string {
  return formatG(value, 4);
}

/** Every digit needed to read the value back exactly (shortest round trip). */
export function fullText(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/** One line under the grid naming the refused cell, what was typed and why. */
export function refusalMessage(label: string, text: string, reason: string): string {
  const shown = text.length > 24 ? text.slice(0, 24) + '…' : text;
  return `${label} = "${shown}" refused: ${reason}. Fix it, or press Escape to restore the value.`;
}

export type PasteKind =
  /** One value: let the browser paste it into the cell like typing. */
  { kind: 'single' } | { kind: 'matrix'; rows: number[][] } | { kind: 'error'; error: string };

/**
 * Text pasted into a cell: one number is typed into the cell; several numbers (a row, rows,
 * a NumPy or Python list) replace the whole matrix. Text that reads as neither and looks like
 * one token is left to the cell, which refuses it with parseNumber's reason on commit.
 */
export function classifyPaste(text: string): PasteKind {
  const trimmed = text.trim();
  if ('value' in parseNumber(trimmed)) return { kind: 'single' };
  const parsed = parseMatrix(trimmed);
  if ('rows' in parsed) {
    const count = parsed.rows.reduce((n, row) => n + row.length, 0);
    return count > 1 ? { kind: 'matrix', rows: parsed.rows } : { kind: 'single' };
  }
  return /[\n\t[\]]/.test(trimmed) ? { kind: 'error', error: parsed.error } : { kind: 'single' };
}
