/**
 * What `train` records in a model's metadata, as flat `trained.*` keys (metadata holds only
 * text, numbers and true/false): the settings, the final figures, and what `evaluate` needs to
 * treat new data as the training data was treated — the CSV class names and the feature scaling,
 * each as a JSON text.
 */
import type { Normalization } from '../src-shared/data/normalize.ts';
import { NORMALIZATIONS } from '../src-shared/data/normalize.ts';
import type { MetadataValue, ModelMetadata } from '../src-shared/nn/model.ts';

const PREFIX = 'trained.';
const CLASSES = 'trained.classes';
const NORMALIZATION = 'trained.normalization';

export interface TrainedInfo {
  /** The settings and figures, e.g. { epochs: 10000, optimizer: 'adam', accuracy: 0.97 }. */
  values: Record<string, MetadataValue | undefined>;
  /** A CSV file's class names; null for generated data, whose classes are numbers. */
  classNames: string[] | null;
  normalization: Normalization | null;
}

/** The metadata with the previous run's `trained.*` keys replaced by this run's. */
export function withTrainedInfo(metadata: ModelMetadata, info: TrainedInfo): ModelMetadata {
  const kept = Object.entries(metadata).filter(([key]) => !key.startsWith(PREFIX));
  const values = Object.entries(info.values).filter(([, value]) => value !== undefined);
  return {
    ...Object.fromEntries(kept),
    modified: new Date().toISOString(),
    ...Object.fromEntries(values.map(([key, value]) => [PREFIX + key, value])),
    ...(info.classNames ? { [CLASSES]: JSON.stringify(info.classNames) } : {}),
    ...(info.normalization && info.normalization.kind !== 'none'
      ? { [NORMALIZATION]: JSON.stringify(info.normalization) }
      : {}),
  };
}

/** The class names and feature scaling a trained model was given, checked; null where absent. */
export function readPreprocessing(
  metadata: ModelMetadata,
  features: number,
): { classNames: string[] | null; normalization: Normalization | null } {
  const classes = parseJson(metadata[CLASSES], CLASSES);
  if (
    classes !== null &&
    !(Array.isArray(classes) && classes.every((name) => typeof name === 'string'))
  ) {
    throw new Error(`metadata "${CLASSES}": expected a JSON list of class names`);
  }
  const scaling = parseJson(metadata[NORMALIZATION], NORMALIZATION) as Normalization | null;
  if (scaling !== null) {
    const numbers = (v: unknown) =>
      Array.isArray(v) && v.length === features && v.every((n) => Number.isFinite(n));
    if (
      !(NORMALIZATIONS as readonly string[]).includes(scaling.kind) ||
      !numbers(scaling.offset) ||
      !numbers(scaling.scale)
    ) {
      throw new Error(
        `metadata "${NORMALIZATION}": expected {"kind", "offset", "scale"} with ${features} numbers each`,
      );
    }
  }
  return { classNames: classes as string[] | null, normalization: scaling };
}

function parseJson(value: MetadataValue | undefined, key: string): unknown {
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new Error(`metadata "${key}": expected JSON text`);
  try {
    return JSON.parse(value);
  } catch {
    throw new Error(`metadata "${key}": not valid JSON`);
  }
}
