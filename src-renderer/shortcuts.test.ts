import { describe, expect, it } from 'vitest';
import { actionFor, isTextEntry, SHORTCUTS, type KeyLike } from './shortcuts.ts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...mods,
});

describe('shortcuts', () => {
  it('uses Ctrl on Windows and Linux, ⌘ on a Mac', () => {
    expect(actionFor(key('z', { ctrlKey: true }), false)).toBe('undo');
    expect(actionFor(key('z', { ctrlKey: true }), true)).toBeNull();
    expect(actionFor(key('z', { metaKey: true }), true)).toBe('undo');
  });

  it('has the file shortcuts', () => {
    expect(actionFor(key('s', { ctrlKey: true }), false)).toBe('save');
    expect(actionFor(key('S', { ctrlKey: true, shiftKey: true }), false)).toBe('saveAs');
    expect(actionFor(key('o', { metaKey: true }), true)).toBe('open');
    expect(actionFor(key('e', { ctrlKey: true }), false)).toBe('export');
  });

  it('tells undo from redo', () => {
    expect(actionFor(key('Z', { ctrlKey: true, shiftKey: true }), false)).toBe('redo');
    expect(actionFor(key('y', { ctrlKey: true }), false)).toBe('redo');
  });

  it('maps plain keys only without modifiers', () => {
    expect(actionFor(key('f'), false)).toBe('fit');
    expect(actionFor(key('f', { ctrlKey: true }), false)).toBeNull();
    expect(actionFor(key('l'), false)).toBe('arrange');
    expect(actionFor(key('L', { shiftKey: true }), false)).toBe('arrange');
    expect(actionFor(key('l', { ctrlKey: true }), false)).toBeNull();
    expect(actionFor(key('Delete'), false)).toBe('delete');
    expect(actionFor(key('?', { shiftKey: true }), false)).toBe('help');
    expect(actionFor(key('='), false)).toBe('zoomIn');
  });

  it('enters presentation mode with F5 or Shift+F5, and leaves Ctrl+F5 to the browser', () => {
    expect(actionFor(key('F5'), false)).toBe('present');
    expect(actionFor(key('F5', { shiftKey: true }), false)).toBe('present');
    expect(actionFor(key('F5', { ctrlKey: true }), false)).toBeNull();
    expect(actionFor(key('F5'), true)).toBe('present');
  });

  it('steps through lessons with the arrows and a clicker’s page keys only while presenting', () => {
    for (const [k, action] of [
      ['ArrowRight', 'nextStep'],
      ['PageDown', 'nextStep'],
      ['ArrowLeft', 'previousStep'],
      ['PageUp', 'previousStep'],
    ] as const) {
      expect(actionFor(key(k), false, true), k).toBe(action);
      expect(actionFor(key(k), false), `${k} outside presentation mode`).toBeNull();
      expect(actionFor(key(k, { shiftKey: true }), false, true), `Shift+${k}`).toBeNull();
      expect(actionFor(key(k, { ctrlKey: true }), false, true), `Ctrl+${k}`).toBeNull();
    }
  });

  it('hides and shows the side panels with P and I only while presenting', () => {
    expect(actionFor(key('p'), false, true)).toBe('togglePalette');
    expect(actionFor(key('P', { shiftKey: true }), false, true)).toBe('togglePalette');
    expect(actionFor(key('i'), false, true)).toBe('togglePanel');
    expect(actionFor(key('p'), false)).toBeNull();
    expect(actionFor(key('i'), false)).toBeNull();
    // Ctrl+P stays the browser's print; Ctrl+I is not a panel either.
    expect(actionFor(key('p', { ctrlKey: true }), false, true)).toBeNull();
    expect(actionFor(key('i', { metaKey: true }), true, true)).toBeNull();
  });

  it('keeps every other shortcut while presenting, and Esc everywhere', () => {
    expect(actionFor(key('f'), false, true)).toBe('fit');
    expect(actionFor(key('z', { ctrlKey: true }), false, true)).toBe('undo');
    expect(actionFor(key('Escape'), false, true)).toBe('escape');
    expect(actionFor(key('Escape'), false)).toBe('escape');
  });

  it('gives no two shortcuts the same key', () => {
    const probes = [
      ...'abcdefghijklmnopqrstuvwxyz?+=-_'.split(''),
      ...['F5', 'Delete', 'Backspace', 'Escape', 'ArrowLeft', 'ArrowRight', 'PageUp', 'PageDown'],
    ];
    const modifiers: Partial<KeyLike>[] = [
      {},
      { shiftKey: true },
      { ctrlKey: true },
      { altKey: true },
    ];
    for (const k of probes) {
      for (const mods of modifiers) {
        const event = key(k, mods);
        const matching = SHORTCUTS.filter((s) => s.matches(event, event.ctrlKey));
        const label = `${JSON.stringify(mods)} ${k}: ${matching.map((s) => s.action).join(', ')}`;
        expect(matching.length, label).toBeLessThanOrEqual(1);
      }
    }
  });

  it('lists every action once in the help table', () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('leaves keys typed into fields alone', () => {
    expect(isTextEntry({ tagName: 'INPUT' } as unknown as EventTarget)).toBe(true);
    expect(isTextEntry({ tagName: 'DIV' } as unknown as EventTarget)).toBe(false);
  });
});
