/**
 * Timing on a noisy shared machine: every side of a row (Weightcraft and its references) gives
 * one timed sample in turn, round after round, so a burst of load hits all of them alike; the
 * load average is read before and after the row.
 */
import os from 'node:os';
import { summarize, type Load, type Summary } from './stats.ts';

/** Each timed sample is a block of calls lasting at least this long. */
export const SAMPLE_SECONDS = 0.15;
/** Timed rounds per row (after one warm-up round). */
export const ROUNDS = 6;

export interface Side {
  /** "Weightcraft", "NumPy", "ONNX Runtime", "PyTorch", "tfjs-wasm". */
  readonly name: string;
  /** Seconds per call over one block of calls (the first one is a warm-up, never counted). */
  sample(): Promise<number>;
}

export interface MeasuredSide {
  readonly name: string;
  readonly summary: Summary;
}

/**
 * A sampler for an in-process call: the first sample times one call and sizes the blocks so the
 * next ones last about `minSeconds`.
 */
export function sampler(run: () => unknown, minSeconds = SAMPLE_SECONDS): () => Promise<number> {
  let reps = 1;
  return async () => {
    const start = performance.now();
    for (let i = 0; i < reps; i++) await run();
    const seconds = (performance.now() - start) / 1000 / reps;
    reps = Math.max(1, Math.ceil(minSeconds / Math.max(seconds, 1e-9)));
    return seconds;
  };
}

/** Interleaved rounds of every side; a side whose sample throws is dropped with its error. */
export async function interleave(
  sides: readonly Side[],
  rounds = ROUNDS,
): Promise<{ measured: MeasuredSide[]; failed: { name: string; error: string }[]; load: Load }> {
  const before = os.loadavg()[0]!;
  const samples = sides.map(() => [] as number[]);
  const failed = new Map<number, string>();
  for (let round = -1; round < rounds; round++) {
    // Alternate who goes first, so neither side always follows the other's cache misses.
    const order = sides.map((_, i) => i);
    if (round % 2) order.reverse();
    for (const i of order) {
      if (failed.has(i)) continue;
      try {
        const seconds = await sides[i]!.sample();
        if (round >= 0) samples[i]!.push(seconds);
      } catch (error) {
        failed.set(i, (error as Error).message.split('\n')[0]!);
      }
    }
  }
  return {
    measured: sides.flatMap((side, i) =>
      failed.has(i) ? [] : [{ name: side.name, summary: summarize(samples[i]!) }],
    ),
    failed: [...failed].map(([i, error]) => ({ name: sides[i]!.name, error })),
    load: { before, after: os.loadavg()[0]! },
  };
}

/** Fills an array with uniform values in [-1, 1): the bench measures speed, not numbers. */
export function randomFloat32(length: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.random() * 2 - 1;
  return out;
}
