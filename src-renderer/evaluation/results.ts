/**
 * What the evaluation panel shows of an Evaluation: the pictures of one confusion-matrix cell and
 * the most confident mistakes. Picture k of the evaluation is picture `indices[k]` of the set.
 */
import type { ImageSet } from '../../src-shared/data/image-set.ts';
import type { Evaluation } from '../../src-shared/train/evaluate.ts';

/** A classifier's evaluation: a confusion matrix and a prediction per picture. */
export type PictureEvaluation = Evaluation & {
  confusion: number[][];
  predicted: Int32Array;
  confidence: Float32Array;
};

export interface EvaluatedSet {
  readonly set: ImageSet;
  /** The pictures evaluated, as indices into the set, in the evaluation's order. */
  readonly indices: Int32Array;
  readonly evaluation: PictureEvaluation;
}

export interface PictureResult {
  /** Index into the set: where its pixels and file name are. */
  readonly index: number;
  readonly file: string;
  readonly truth: number;
  readonly predicted: number;
  /** The probability the model gave its predicted class. */
  readonly confidence: number;
}

function resultAt(e: EvaluatedSet, k: number): PictureResult {
  const index = e.indices[k]!;
  return {
    index,
    file: e.set.files[index]!,
    truth: e.set.labels[index]!,
    predicted: e.evaluation.predicted[k]!,
    confidence: e.evaluation.confidence[k]!,
  };
}

/** Most confident first; ties by file name, so the order never depends on the workers. */
function byConfidence(a: PictureResult, b: PictureResult): number {
  return b.confidence - a.confidence || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
}

/** The pictures of class `truth` that the model called `predicted`, most confident first. */
export function cellPictures(e: EvaluatedSet, truth: number, predicted: number): PictureResult[] {
  const found: PictureResult[] = [];
  for (let k = 0; k < e.indices.length; k++) {
    if (e.set.labels[e.indices[k]!] === truth && e.evaluation.predicted[k] === predicted) {
      found.push(resultAt(e, k));
    }
  }
  return found.sort(byConfidence);
}

/** The `count` wrong predictions the model was surest of. */
export function confidentMistakes(e: EvaluatedSet, count = 12): PictureResult[] {
  const wrong: PictureResult[] = [];
  for (let k = 0; k < e.indices.length; k++) {
    if (e.set.labels[e.indices[k]!] !== e.evaluation.predicted[k]) wrong.push(resultAt(e, k));
  }
  return wrong.sort(byConfidence).slice(0, count);
}

/** A share as `weightcraft train` prints it: 0.97254 → "97.25%". */
export const percent = (x: number) => `${(100 * x).toFixed(2)}%`;
