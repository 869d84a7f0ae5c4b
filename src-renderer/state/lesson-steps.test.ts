import { describe, expect, it } from 'vitest';
import { exampleLessons, notebookLessons } from '../../src-shared/lessons/index.ts';
import { pictureModels } from '../pictures/picture-models.ts';
import { LESSON_GROUPS, lessonNumber, lessonStep } from './lesson-steps.ts';

const all = [...notebookLessons, ...pictureModels, ...exampleLessons].map((l) => l.id);

describe('lesson steps', () => {
  it('goes through the menu in its order: the notebook, the pictures, the examples', () => {
    expect(LESSON_GROUPS.flatMap((g) => g.lessons.map((l) => l.id))).toEqual(all);
    const walked = [all[0]!];
    for (let id = lessonStep(all[0], 1); id; id = lessonStep(id, 1)) walked.push(id);
    expect(walked).toEqual(all);
  });

  it('steps back to where it came from', () => {
    expect(lessonStep('four-inputs-three-neurons', 1)).toBe('batch');
    expect(lessonStep('batch', -1)).toBe('four-inputs-three-neurons');
    // From the notebook's last cell into the pictures, and back.
    const lastCell = notebookLessons.at(-1)!.id;
    expect(lessonStep(lastCell, 1)).toBe(pictureModels[0]!.id);
    expect(lessonStep(pictureModels[0]!.id, -1)).toBe(lastCell);
  });

  it('stops at either end instead of wrapping round', () => {
    expect(lessonStep(all[0], -1)).toBeNull();
    expect(lessonStep(all.at(-1), 1)).toBeNull();
  });

  it('starts from the first or the last lesson when the document is no lesson', () => {
    expect(lessonStep(undefined, 1)).toBe(all[0]);
    expect(lessonStep('my-own-network', -1)).toBe(all.at(-1));
  });

  it('numbers the lessons from 1', () => {
    expect(lessonNumber(all[0])).toEqual({ at: 1, of: all.length });
    expect(lessonNumber('batch')).toEqual({ at: all.indexOf('batch') + 1, of: all.length });
    expect(lessonNumber(undefined)).toBeNull();
  });
});
