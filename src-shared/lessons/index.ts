/** Every ready-made network the app offers: the notebook's cells first, then larger examples. */
import { exampleLessons } from './examples.ts';
import { notebookLessons, type Lesson } from './notebook.ts';

export type { Lesson } from './notebook.ts';
export { exampleLessons, notebookLessons };

export function lessonById(id: string): Lesson {
  const lesson = [...notebookLessons, ...exampleLessons].find((l) => l.id === id);
  if (!lesson) throw new Error(`no lesson "${id}"`);
  return lesson;
}
