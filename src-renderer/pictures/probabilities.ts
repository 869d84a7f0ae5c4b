/** The classifier's answer in words: class names, percentages, the predicted class. */
import type { TrainingRecord } from '../../src-shared/nn/model.ts';

/**
 * What the classes are called: the training record's names, else the data's (the loaded folder's
 * subfolders) when they fit `count`; null when neither does.
 */
export function classNames(
  training: TrainingRecord | undefined,
  count: number,
  data: readonly string[] | null = null,
): string[] | null {
  for (const names of [training?.classNames, data]) {
    if (names && names.length === count) return [...names];
  }
  return null;
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
    // Unnamed classes go by their output's number.
    classes.push({ name: names[i] ?? String(i), probability, text: formatPercent(probability) });
  }
  return { classes, best };
}
