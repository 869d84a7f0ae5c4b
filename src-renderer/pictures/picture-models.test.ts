import { describe, expect, it } from 'vitest';
import { derive } from '../../src-shared/document/index.ts';
import { loadPictureModel } from './picture-models.ts';

describe('picture networks', () => {
  it('builds the templates as captioned documents whose shapes fit', async () => {
    const dense = await loadPictureModel('pictures:dense-only');
    expect(dense.inputs.shape).toEqual([1, 32, 32, 3]);
    expect(dense.metadata.name).toBe('Dense only — the notebook’s way');
    // As the notebook's lessons do: presentation mode steps on from it.
    expect(dense.metadata['lesson']).toBe('pictures:dense-only');
    const cnn = await loadPictureModel('pictures:small-cnn');
    const derived = derive(cnn);
    expect(derived.wires).toEqual([]);
    expect(Object.values(derived.shapes).at(-1)).toEqual([2]);
  });
});
