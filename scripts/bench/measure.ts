/** Timing that tolerates a noisy 2-core machine: one warm-up run, then the best of several. */

export interface MeasureOptions {
  /** Keep repeating until this many timed runs… */
  readonly minRepeats?: number;
  /** …and at least this much time have passed, */
  readonly minSeconds?: number;
  /** unless the timed runs have taken this long already (slow cases get fewer repeats). */
  readonly maxSeconds?: number;
}

/** Best wall time of `run` in seconds (runs may be async: each is awaited before the next). */
export async function bestSeconds(
  run: () => unknown,
  { minRepeats = 3, minSeconds = 0.4, maxSeconds = 3 }: MeasureOptions = {},
): Promise<number> {
  await run();
  let best = Infinity;
  let repeats = 0;
  const start = performance.now();
  for (;;) {
    const t = performance.now();
    await run();
    best = Math.min(best, (performance.now() - t) / 1000);
    repeats++;
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed >= maxSeconds || repeats >= 10_000) return best;
    if (repeats >= minRepeats && elapsed >= minSeconds) return best;
  }
}

/** Fills an array with uniform values in [-1, 1): the bench measures speed, not numbers. */
export function randomFloat32(length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.random() * 2 - 1;
  return out;
}
