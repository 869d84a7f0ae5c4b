import { describe, expect, it } from 'vitest';
import {
  cellKeyAction,
  fittedColumnWidth,
  moveCell,
  revealScroll,
  visibleRange,
} from './grid-navigation.ts';

const size = { rows: 3, cols: 4 };
const idle = { editing: false, caretAtStart: false, caretAtEnd: false };
const typing = { editing: true, caretAtStart: false, caretAtEnd: false };

describe('moveCell', () => {
  it('moves one cell with arrows and Enter', () => {
    expect(moveCell({ row: 1, col: 1 }, 'up', size)).toEqual({ row: 0, col: 1 });
    expect(moveCell({ row: 1, col: 1 }, 'down', size)).toEqual({ row: 2, col: 1 });
    expect(moveCell({ row: 1, col: 1 }, 'left', size)).toEqual({ row: 1, col: 0 });
    expect(moveCell({ row: 1, col: 1 }, 'right', size)).toEqual({ row: 1, col: 2 });
  });

  it('clamps arrows at the edges', () => {
    expect(moveCell({ row: 0, col: 0 }, 'up', size)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 0, col: 0 }, 'left', size)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 2, col: 3 }, 'down', size)).toEqual({ row: 2, col: 3 });
    expect(moveCell({ row: 2, col: 3 }, 'right', size)).toEqual({ row: 2, col: 3 });
  });

  it('wraps Tab to the next row and lets it leave the grid after the last cell', () => {
    expect(moveCell({ row: 0, col: 2 }, 'next', size)).toEqual({ row: 0, col: 3 });
    expect(moveCell({ row: 0, col: 3 }, 'next', size)).toEqual({ row: 1, col: 0 });
    expect(moveCell({ row: 2, col: 3 }, 'next', size)).toBeNull();
    expect(moveCell({ row: 1, col: 0 }, 'prev', size)).toEqual({ row: 0, col: 3 });
    expect(moveCell({ row: 0, col: 0 }, 'prev', size)).toBeNull();
  });

  it('can leave Tab to the browser at both ends of every row', () => {
    const noWrap = { wrapRows: false };
    expect(moveCell({ row: 0, col: 2 }, 'next', size, noWrap)).toEqual({ row: 0, col: 3 });
    expect(moveCell({ row: 0, col: 3 }, 'next', size, noWrap)).toBeNull();
    expect(moveCell({ row: 1, col: 0 }, 'prev', size, noWrap)).toBeNull();
    expect(moveCell({ row: 1, col: 0 }, 'down', size, noWrap)).toEqual({ row: 2, col: 0 });
  });

  it('clamps a cell that lies outside a grid that shrank', () => {
    expect(moveCell({ row: 9, col: 9 }, 'up', size)).toEqual({ row: 1, col: 3 });
  });

  it('handles a single cell', () => {
    const one = { rows: 1, cols: 1 };
    expect(moveCell({ row: 0, col: 0 }, 'down', one)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 0, col: 0 }, 'next', one)).toBeNull();
  });
});

describe('cellKeyAction', () => {
  it('commits and moves with Enter and Tab, editing or not', () => {
    for (const caret of [idle, typing]) {
      expect(cellKeyAction({ key: 'Enter' }, caret)).toEqual({ kind: 'move', move: 'down' });
      expect(cellKeyAction({ key: 'Enter', shiftKey: true }, caret)).toEqual({
        kind: 'move',
        move: 'up',
      });
      expect(cellKeyAction({ key: 'Tab' }, caret)).toEqual({ kind: 'move', move: 'next' });
      expect(cellKeyAction({ key: 'Tab', shiftKey: true }, caret)).toEqual({
        kind: 'move',
        move: 'prev',
      });
    }
  });

  it('moves with every arrow when the cell is not being edited', () => {
    expect(cellKeyAction({ key: 'ArrowLeft' }, idle)).toEqual({ kind: 'move', move: 'left' });
    expect(cellKeyAction({ key: 'ArrowRight' }, idle)).toEqual({ kind: 'move', move: 'right' });
    expect(cellKeyAction({ key: 'ArrowUp' }, idle)).toEqual({ kind: 'move', move: 'up' });
    expect(cellKeyAction({ key: 'ArrowDown' }, idle)).toEqual({ kind: 'move', move: 'down' });
  });

  it('leaves Left/Right to the caret while editing, unless it sits at that edge', () => {
    expect(cellKeyAction({ key: 'ArrowLeft' }, typing)).toBeNull();
    expect(cellKeyAction({ key: 'ArrowRight' }, typing)).toBeNull();
    expect(cellKeyAction({ key: 'ArrowLeft' }, { ...typing, caretAtStart: true })).toEqual({
      kind: 'move',
      move: 'left',
    });
    expect(cellKeyAction({ key: 'ArrowRight' }, { ...typing, caretAtEnd: true })).toEqual({
      kind: 'move',
      move: 'right',
    });
    expect(cellKeyAction({ key: 'ArrowUp' }, typing)).toEqual({ kind: 'move', move: 'up' });
  });

  it('cancels with Escape and ignores typing, selection and shortcuts', () => {
    expect(cellKeyAction({ key: 'Escape' }, typing)).toEqual({ kind: 'cancel' });
    expect(cellKeyAction({ key: '5' }, idle)).toBeNull();
    expect(cellKeyAction({ key: 'Backspace' }, typing)).toBeNull();
    expect(cellKeyAction({ key: 'ArrowLeft', shiftKey: true }, idle)).toBeNull();
    expect(cellKeyAction({ key: 'Enter', ctrlKey: true }, idle)).toBeNull();
    expect(cellKeyAction({ key: 'ArrowDown', metaKey: true }, idle)).toBeNull();
    expect(cellKeyAction({ key: 'Tab', altKey: true }, idle)).toBeNull();
  });
});

describe('visibleRange', () => {
  it('draws everything for a short list', () => {
    expect(visibleRange({ scroll: 0, viewport: 300, itemSize: 28, count: 4, offset: 28 })).toEqual({
      start: 0,
      end: 4,
      before: 0,
      after: 0,
    });
  });

  it('draws the rows in view plus overscan, with spacers for the rest', () => {
    // 784 rows of 28 px, 280 px of viewport scrolled to row 100, header of 28 px.
    const range = visibleRange({
      scroll: 28 * 100 + 28,
      viewport: 280,
      itemSize: 28,
      count: 784,
      offset: 28,
      overscan: 2,
    });
    expect(range).toEqual({ start: 98, end: 112, before: 98 * 28, after: (784 - 112) * 28 });
  });

  it('clamps at both ends', () => {
    const top = visibleRange({ scroll: 0, viewport: 280, itemSize: 28, count: 784, overscan: 3 });
    expect(top.start).toBe(0);
    expect(top.end).toBe(13);
    const bottom = visibleRange({
      scroll: 784 * 28 - 280,
      viewport: 280,
      itemSize: 28,
      count: 784,
      overscan: 3,
    });
    expect(bottom).toEqual({ start: 771, end: 784, before: 771 * 28, after: 0 });
    const past = visibleRange({ scroll: 1e9, viewport: 280, itemSize: 28, count: 10 });
    expect(past).toEqual({ start: 10, end: 10, before: 280, after: 0 });
  });

  it('draws a first screenful before the viewport is measured', () => {
    expect(visibleRange({ scroll: 0, viewport: 0, itemSize: 28, count: 784, initial: 20 })).toEqual(
      { start: 0, end: 24, before: 0, after: (784 - 24) * 28 },
    );
  });

  it('keeps before + drawn + after equal to the full size', () => {
    for (const scroll of [0, 13, 500, 5000, 21000]) {
      const r = visibleRange({ scroll, viewport: 333, itemSize: 28, count: 784, offset: 28 });
      expect(r.before + (r.end - r.start) * 28 + r.after).toBe(784 * 28);
    }
  });

  it('is empty for no items', () => {
    expect(visibleRange({ scroll: 0, viewport: 100, itemSize: 28, count: 0 })).toEqual({
      start: 0,
      end: 0,
      before: 0,
      after: 0,
    });
  });
});

describe('revealScroll', () => {
  const base = { viewport: 280, itemSize: 28, offset: 28, trailing: 28 };

  it('does not scroll when the item is in view', () => {
    expect(revealScroll({ ...base, index: 3, scroll: 0 })).toBe(0);
  });

  it('scrolls up so the item sits just under the sticky header', () => {
    expect(revealScroll({ ...base, index: 10, scroll: 600 })).toBe(280);
  });

  it('scrolls down so the item sits just above the sticky footer', () => {
    // Item 10 spans 308..336; the visible rows end at scroll + 280 - 28.
    expect(revealScroll({ ...base, index: 10, scroll: 0 })).toBe(336 - 252);
  });

  it('never scrolls before the start', () => {
    expect(revealScroll({ ...base, index: 0, scroll: 50 })).toBe(0);
  });
});

describe('fittedColumnWidth', () => {
  const fit = (view: number, cols: number) =>
    fittedColumnWidth({ view, label: 96, cols, widest: 76, narrowest: 60 });

  it('keeps the width asked for when every column fits', () => {
    expect(fit(500, 4)).toBe(76);
  });

  it('narrows the columns so that all of them fit the view', () => {
    const width = fit(346, 4);
    expect(width).toBe(62);
    expect(96 + 4 * width).toBeLessThanOrEqual(346);
  });

  it('stops at the narrowest, leaving the rest to scroll', () => {
    expect(fit(346, 784)).toBe(60);
  });

  it('uses the width asked for until the view is measured', () => {
    expect(fit(0, 4)).toBe(76);
  });
});
