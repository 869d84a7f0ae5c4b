import { describe, expect, it } from 'vitest';
import { documentTitle } from './document-title.ts';

describe('document title', () => {
  it('names the file and the app', () => {
    expect(documentTitle({ title: 'network.wcmodel', dirty: false })).toBe(
      'network.wcmodel — Weightcraft',
    );
  });

  it('marks unsaved changes in front, where a narrow tab still shows it', () => {
    expect(documentTitle({ title: 'network.wcmodel', dirty: true })).toBe(
      '● network.wcmodel — Weightcraft',
    );
  });

  it('shows the app alone without a name', () => {
    expect(documentTitle({ title: ' ', dirty: false })).toBe('Weightcraft');
    expect(documentTitle({ title: 'Weightcraft', dirty: true })).toBe('● Weightcraft');
  });
});
