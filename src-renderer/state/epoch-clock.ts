/**
 * How long a run's epochs take and how long it has left, from when its steps were reported: the
 * Train panel shows both on long runs (a CNN's epoch takes minutes, the spiral's milliseconds).
 */
export class EpochClock {
  /** When the run (or its resumption) began, and its step count then. */
  #start = { at: 0, step: 0 };
  #lastEpochAt = 0;
  /** The last finished epoch's duration. */
  secondsPerEpoch: number | null = null;

  start(now: number, step: number): void {
    this.#start = { at: now, step };
    this.#lastEpochAt = now;
    this.secondsPerEpoch = null;
  }

  epochEnded(now: number): void {
    this.secondsPerEpoch = (now - this.#lastEpochAt) / 1000;
    this.#lastEpochAt = now;
  }

  /** Steps still to train at the run's mean pace so far; null before the first step. */
  secondsLeft(now: number, step: number, totalSteps: number): number | null {
    const done = step - this.#start.step;
    if (done <= 0 || totalSteps <= step) return totalSteps <= step && done > 0 ? 0 : null;
    return ((now - this.#start.at) / 1000 / done) * (totalSteps - step);
  }
}

/**
 * "0.4 s", "42 s", "3 min 05 s", "1 h 02 min": under a second keeps a decimal (a small
 * folder's epoch), rather than reading "0 s per epoch".
 */
export function formatDuration(seconds: number): string {
  if (seconds >= 0.05 && seconds < 0.95) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
