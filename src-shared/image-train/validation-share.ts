/**
 * The share of pictures held out for validation, as the model's training recorded it, so the app
 * and `weightcraft evaluate` hold out the same pictures `weightcraft train --validation` did
 * (splitByHash picks them by file name, so the share alone fixes the split).
 */

/** `weightcraft train`'s share when `--validation` is not given. */
export const DEFAULT_VALIDATION_SHARE = 0.1;

/**
 * `trained.validationSplit` from a model's metadata; the default share when it is absent or not
 * a share splitByHash accepts (a number from 0, inclusive, to 1) — a hand-edited file, say.
 */
export function validationShareOf(metadata: Record<string, unknown>): number {
  const share = metadata['trained.validationSplit'];
  return typeof share === 'number' && share >= 0 && share < 1 ? share : DEFAULT_VALIDATION_SHARE;
}
