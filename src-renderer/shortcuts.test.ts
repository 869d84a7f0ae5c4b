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
    expect(actionFor(key('Delete'), false)).toBe('delete');
    expect(actionFor(key('?', { shiftKey: true }), false)).toBe('help');
    expect(actionFor(key('='), false)).toBe('zoomIn');
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
