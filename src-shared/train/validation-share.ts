/**
 * The share of pictures held out for validation, as the model's training recorded it, so the app
 * and `weightcraft evaluate` hold out the same pictures `weightcraft train --validation` did
 * (splitByHash picks them by file name, so the share alone fixes the split).
 */
import type { TrainingRecord } from '../nn/model.ts';

/** `weightcraft train`'s share when `--validation` is not given. */
export const DEFAULT_VALIDATION_SHARE = 0.1;

/** The training record's validation share; the default share for a model never trained. */
export function validationShareOf(training: TrainingRecord | undefined): number {
  return training?.settings.validationSplit ?? DEFAULT_VALIDATION_SHARE;
}
