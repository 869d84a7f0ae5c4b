/** The classifier's answer in words: class names, percentages, the predicted class. */
import type { ModelMetadata } from '../../src-shared/nn/model.ts';

/** The metadata key `weightcraft train` writes the class names under, as a JSON list. */
export const CLASSES_KEY = 'trained.classes';

/** The names in metadata `trained.classes` when they fit `count`, else "class 0", "class 1", … */
export function classNames(metadata: ModelMetadata, count: number): string[] {
  const fallback = Array.from({ length: count }, (_, i) => `class ${i}`);
  const saved = metadata[CLASSES_KEY];
  if (typeof saved !== 'string') return fallback;
  try {
    const names: unknown = JSON.parse(saved);
    if (Array.isArray(names) && names.length === count && names.every((n) => typeof n === 'string'))
      return names as string[];
  } catch {
    // A hand-edited, unreadable list: number the classes instead.
  }
  return fallback;
}

/** 0.97312 → "97.3%"; tiny but non-zero values say so instead of rounding to 0. */
export function formatPercent(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p > 0 && p < 0.0005) return '<0.1%';
  if (p < 1 && p > 0.9995) return '>99.9%';
  return `${(p * 100).toFixed(1)}%`;
}

export interface ClassProbability {
  name: string;
  probability: number;
  text: string;
}

/** One row of probabilities with names, in class order, and the index of the most likely. */
export function describeProbabilities(
  probabilities: ArrayLike<number>,
  names: readonly string[],
): { classes: ClassProbability[]; best: number } {
  const classes: ClassProbability[] = [];
  let best = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const probability = probabilities[i]!;
    if (probability > probabilities[best]!) best = i;
    classes.push({ name: names[i] ?? `class ${i}`, probability, text: formatPercent(probability) });
  }
  return { classes, best };
}
