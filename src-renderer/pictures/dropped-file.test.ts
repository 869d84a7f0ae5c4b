import { describe, expect, it } from 'vitest';
import { droppedKind } from './dropped-file.ts';

describe('droppedKind', () => {
  it('tells models, pictures and anything else apart', () => {
    expect(droppedKind({ name: 'net.wcmodel', type: '' })).toBe('model');
    expect(droppedKind({ name: 'net.json', type: 'application/json' })).toBe('model');
    expect(droppedKind({ name: 'cat.JPG', type: '' })).toBe('picture');
    expect(droppedKind({ name: 'photo', type: 'image/png' })).toBe('picture');
    expect(droppedKind({ name: 'notes.txt', type: 'text/plain' })).toBe('other');
  });
});
