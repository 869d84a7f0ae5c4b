/**
 * Statistics of interleaved timed runs, and whether a side's runs can be trusted: on a shared
 * 2-core machine a reference can collapse (another process takes its cores) and then a ratio
 * would flatter Weightcraft, so the bench prints a warning instead of it.
 */

export interface Summary {
  readonly runs: number;
  /** Seconds per operation. */
  readonly median: number;
  readonly best: number;
  readonly worst: number;
  /** Best of the first half of the runs and of the second half: a collapse mid-row shows here. */
  readonly firstBest: number;
  readonly lastBest: number;
}

/** Load average (1 minute) before and after a row's runs. */
export interface Load {
  readonly before: number;
  readonly after: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(seconds: readonly number[]): Summary {
  if (seconds.length === 0) throw new Error('no timed runs to summarize');
  const half = Math.max(1, seconds.length >> 1);
  return {
    runs: seconds.length,
    median: median(seconds),
    best: Math.min(...seconds),
    worst: Math.max(...seconds),
    firstBest: Math.min(...seconds.slice(0, half)),
    lastBest: Math.min(...seconds.slice(-half)),
  };
}

/**
 * A side's runs are not trusted when its slowest run took more than SPREAD_LIMIT times its
 * fastest, or when the best of one half of its runs is DRIFT_LIMIT times the other half's (it
 * slowed down, or sped up, partway through the row). Timings of a quiet machine stay well inside
 * both (spread ≈ 1.1–1.3×).
 */
export const SPREAD_LIMIT = 2;
export const DRIFT_LIMIT = 1.5;

/** Why `side`'s runs cannot be trusted, or null. */
export function collapse(side: string, s: Summary): string | null {
  const spread = s.worst / s.best;
  if (spread > SPREAD_LIMIT) return `${side}'s runs spread ${spread.toFixed(1)}×`;
  const drift = Math.max(s.firstBest, s.lastBest) / Math.min(s.firstBest, s.lastBest);
  if (drift > DRIFT_LIMIT) {
    const which = s.lastBest > s.firstBest ? 'slowed' : 'sped up';
    return `${side} ${which} ${drift.toFixed(1)}× during the row`;
  }
  return null;
}

export interface Verdict {
  /** Reference median time ÷ ours (above 1 = Weightcraft faster), or null with a warning. */
  readonly ratio: number | null;
  readonly warning: string | null;
}

/**
 * Ours against one reference: the ratio of medians, unless either side collapsed or the load
 * rose above the core count (then both sides shared their cores with someone else).
 */
export function judge(
  ours: Summary,
  reference: Summary,
  names: { ours: string; reference: string },
  load: Load,
  cores: number,
): Verdict {
  const warning =
    collapse(names.reference, reference) ??
    collapse(names.ours, ours) ??
    (Math.max(load.before, load.after) > cores
      ? `load ${Math.max(load.before, load.after).toFixed(1)} > ${cores} cores`
      : null);
  return warning ? { ratio: null, warning } : { ratio: reference.median / ours.median, warning };
}
