/**
 * Small helpers around the training record (format v4) that the CLI and the app share: the
 * data's content hash, and what evaluation and prediction read back from a record.
 */
import type { TrainingCurves, TrainingRecord } from '../nn/model.ts';

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;

/**
 * FNV-1a, 64 bits, over the text's UTF-16 code units as bytes pairs, as "fnv1a64:<16 hex
 * digits>": not cryptographic, only a check that two data sets are the same.
 */
export function contentHash(text: string): string {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    hash = BigInt.asUintN(64, (hash ^ BigInt(unit & 0xff)) * FNV_PRIME);
    hash = BigInt.asUintN(64, (hash ^ BigInt(unit >> 8)) * FNV_PRIME);
  }
  return `fnv1a64:${hash.toString(16).padStart(16, '0')}`;
}

/** A folder's picture list (relative paths) as one hash, whatever order they were listed in. */
export function fileListHash(files: readonly string[]): string {
  return contentHash([...files].sort().join('\n'));
}

/** Image models average each picture with its mirror image unless their training said not to. */
export function testFlipOf(training: TrainingRecord | undefined): boolean {
  const p = training?.preprocessing;
  return p?.kind === 'image' ? p.testFlip : true;
}

/** The last entry of each curve that is not null: the figures where training ended. */
export function lastOfCurves(curves: TrainingCurves): {
  loss: number | null;
  accuracy: number | null;
  validationLoss: number | null;
  validationAccuracy: number | null;
} {
  const last = (values: readonly (number | null)[]) => values.findLast((v) => v !== null) ?? null;
  return {
    loss: last(curves.loss),
    accuracy: last(curves.accuracy),
    validationLoss: last(curves.validationLoss),
    validationAccuracy: last(curves.validationAccuracy),
  };
}
