/**
 * The Lesson menu's groups in order, and stepping through them: in presentation mode the next
 * and previous keys go to the next and previous lesson, as slides do. Every lesson is one cell,
 * so a lesson is one step.
 */
import { exampleLessons, notebookLessons } from '../../src-shared/lessons/index.ts';
import { pictureModels } from '../pictures/picture-models.ts';

export interface LessonEntry {
  readonly id: string;
  readonly title: string;
}

export const LESSON_GROUPS: readonly { label: string; lessons: readonly LessonEntry[] }[] = [
  { label: 'The notebook', lessons: notebookLessons },
  { label: 'Pictures', lessons: pictureModels },
  { label: 'Examples', lessons: exampleLessons },
];

const steps: readonly LessonEntry[] = LESSON_GROUPS.flatMap((group) => group.lessons);

/** 1-based, for "3 / 10"; null for a document that is no lesson (a file, a new network). */
export function lessonNumber(id: string | undefined): { at: number; of: number } | null {
  const index = steps.findIndex((lesson) => lesson.id === id);
  return index < 0 ? null : { at: index + 1, of: steps.length };
}

/**
 * The lesson one step from `current` in menu order; from a document that is no lesson, the
 * first (forward) or the last (back). Null past either end: a presentation does not wrap round.
 */
export function lessonStep(current: string | undefined, direction: 1 | -1): string | null {
  const index = steps.findIndex((lesson) => lesson.id === current);
  const next = index < 0 ? (direction === 1 ? 0 : steps.length - 1) : index + direction;
  return steps[next]?.id ?? null;
}
