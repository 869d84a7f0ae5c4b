import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../../src-shared/data/image-set.ts';
import type { ImageModel } from './image-model.ts';
import { matchClasses } from './image-model.ts';

const set: ImageSet = {
  height: 1,
  width: 1,
  channels: 1,
  classNames: ['Cat', 'Dog'],
  pixels: new Uint8Array(3),
  labels: Int32Array.from([0, 1, 1]),
  files: ['Cat/1.jpg', 'Dog/1.jpg', 'Dog/2.jpg'],
};

const model = (classNames: string[] | null, outputs = 2) =>
  ({ network: { layers: [] }, outputs, classNames }) as unknown as ImageModel;

describe('matchClasses', () => {
  it('keeps the set when the model names the same classes in the same order', () => {
    expect(matchClasses(model(['Cat', 'Dog']), set)).toBe(set);
    expect(matchClasses(model(null), set)).toBe(set);
  });

  it('renumbers labels to the model’s order', () => {
    const matched = matchClasses(model(['Dog', 'Cat']), set);
    expect(typeof matched).toBe('object');
    if (typeof matched === 'string') return;
    expect(matched.classNames).toEqual(['Dog', 'Cat']);
    expect([...matched.labels]).toEqual([1, 0, 0]);
  });

  it('names classes the model does not know, and a count that does not fit', () => {
    expect(matchClasses(model(['cat', 'dog']), set)).toBe(
      'The model knows the classes cat, dog; the folder has Cat, Dog (Cat, Dog unknown to the model).',
    );
    expect(matchClasses(model(null, 3), set)).toBe(
      'The model has 3 outputs, but the folder has 2 classes (Cat, Dog).',
    );
  });
});
