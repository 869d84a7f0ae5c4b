import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../../src-shared/data/image-set.ts';
import { cellPictures, confidentMistakes, percent, type EvaluatedSet } from './results.ts';

/** Five pictures, two classes; the evaluation covers pictures 4, 0, 1, 3 (not 2). */
function evaluated(): EvaluatedSet {
  const set: ImageSet = {
    height: 1,
    width: 1,
    channels: 1,
    classNames: ['Cat', 'Dog'],
    pixels: new Uint8Array(5),
    labels: Int32Array.from([0, 0, 0, 1, 1]),
    files: ['Cat/a.jpg', 'Cat/b.jpg', 'Cat/c.jpg', 'Dog/d.jpg', 'Dog/e.jpg'],
  };
  return {
    set,
    indices: Int32Array.from([4, 0, 1, 3]),
    evaluation: {
      loss: 0.5,
      accuracy: 0.5,
      confusion: [
        [1, 1],
        [1, 1],
      ],
      predicted: Int32Array.from([0, 1, 0, 1]),
      confidence: Float32Array.from([0.9, 0.6, 0.8, 0.7]),
    },
  };
}

describe('cellPictures', () => {
  it('finds the pictures of one true and one predicted class, surest first', () => {
    const e = evaluated();
    expect(cellPictures(e, 1, 0)).toEqual([
      { index: 4, file: 'Dog/e.jpg', truth: 1, predicted: 0, confidence: expect.closeTo(0.9) },
    ]);
    expect(cellPictures(e, 0, 1).map((p) => p.file)).toEqual(['Cat/a.jpg']);
    expect(cellPictures(e, 0, 0).map((p) => p.file)).toEqual(['Cat/b.jpg']);
  });

  it('never lists a picture that was not evaluated', () => {
    const all = [0, 1].flatMap((t) => [0, 1].flatMap((p) => cellPictures(evaluated(), t, p)));
    expect(all.map((p) => p.index).sort()).toEqual([0, 1, 3, 4]);
  });
});

describe('confidentMistakes', () => {
  it('ranks the wrong predictions by confidence and keeps the top ones', () => {
    const e = evaluated();
    expect(confidentMistakes(e).map((p) => [p.file, p.predicted])).toEqual([
      ['Dog/e.jpg', 0],
      ['Cat/a.jpg', 1],
    ]);
    expect(confidentMistakes(e, 1).map((p) => p.file)).toEqual(['Dog/e.jpg']);
  });

  it('breaks ties by file name', () => {
    const e = evaluated();
    e.evaluation.confidence.fill(0.75);
    expect(confidentMistakes(e).map((p) => p.file)).toEqual(['Cat/a.jpg', 'Dog/e.jpg']);
  });
});

it('percent prints two decimals, as the CLI does', () => {
  expect(percent(0.97254)).toBe('97.25%');
});
