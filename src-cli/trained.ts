/**
 * What `train` records in a model (format v4's one training record) and what `evaluate` and
 * `predict` read back: class names, feature scaling, test-time flips. The Weightcraft version
 * comes from package.json, imported (so the built CLI carries it) because the core reads no files.
 */
import packageJson from '../package.json' with { type: 'json' };
import type { Normalization } from '../src-shared/data/normalize.ts';
import type {
  FinalFigures,
  Preprocessing,
  TrainingCurves,
  TrainingData,
  TrainingRecord,
} from '../src-shared/nn/model.ts';
import type { TrainingSettings } from '../src-shared/train/settings.ts';

/** package.json's version: the Weightcraft that trained a model. */
export const WEIGHTCRAFT_VERSION: string = packageJson.version;

/** One run's record: it replaces the model's previous record as a whole. */
export function trainingRecord(run: {
  settings: TrainingSettings;
  curves: TrainingCurves;
  final: FinalFigures;
  classNames: readonly string[] | null;
  preprocessing: Preprocessing | null;
  data: TrainingData;
  started: Date;
  ended: Date;
}): TrainingRecord {
  return {
    weightcraft: WEIGHTCRAFT_VERSION,
    started: run.started.toISOString(),
    ended: run.ended.toISOString(),
    data: run.data,
    settings: run.settings,
    final: run.final,
    classNames: run.classNames,
    preprocessing: run.preprocessing,
    curves: run.curves,
  };
}

/** Feature scaling as the record keeps it; none when the data was not scaled. */
export function featurePreprocessing(normalization: Normalization): Preprocessing | null {
  if (normalization.kind === 'none') return null;
  const { kind, offset, scale } = normalization;
  return { kind: 'features', normalization: kind, offset, scale };
}

/** The class names and feature scaling a trained model was given, checked; null where absent. */
export function readPreprocessing(
  training: TrainingRecord | undefined,
  features: number,
): { classNames: string[] | null; normalization: Normalization | null } {
  const classNames = training?.classNames ? [...training.classNames] : null;
  const p = training?.preprocessing;
  if (!p || p.kind !== 'features') return { classNames, normalization: null };
  if (p.offset.length !== features) {
    throw new Error(
      `training.preprocessing: scales ${p.offset.length} features, but the data has ${features}`,
    );
  }
  return {
    classNames,
    normalization: { kind: p.normalization, offset: [...p.offset], scale: [...p.scale] },
  };
}
