import { describe, expect, it } from 'vitest';
import { derive } from '../../src-shared/document/index.ts';
import { loadPictureModel, rowsLayout } from './picture-models.ts';

describe('picture networks', () => {
  it('lays many layers out in rows', () => {
    const at = rowsLayout(10, { columns: 4, dx: 100, dy: 50 });
    expect(at[3]).toEqual({ x: 300, y: 0 });
    expect(at[4]).toEqual({ x: 0, y: 50 });
    expect(at[9]).toEqual({ x: 100, y: 100 });
  });

  it('builds the templates as captioned documents whose shapes fit', async () => {
    const dense = await loadPictureModel('pictures:dense-only');
    expect(dense.inputs.shape).toEqual([1, 32, 32, 3]);
    expect(dense.metadata.name).toBe('Dense only — the notebook’s way');
    const cnn = await loadPictureModel('pictures:small-cnn');
    const derived = derive(cnn);
    expect(derived.wires).toEqual([]);
    expect(Object.values(derived.shapes).at(-1)).toEqual([2]);
  });
});
