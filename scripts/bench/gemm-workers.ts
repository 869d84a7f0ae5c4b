/**
 * An n×n·n×n GEMM split over worker threads by rows of A: worker i computes its block of rows
 * of C from its rows of A and all of B. Each holds its own operands (copied in at setup, as a
 * caller that keeps them in the workers would), so a timed run is "run" to every worker and
 * waiting for all the replies.
 */
import type { GemmWorkerRequest } from './gemm-worker.ts';
import { startWorkers } from './workers.ts';

const ENTRY = new URL('./gemm-worker.ts', import.meta.url);

export interface GemmWorkers {
  readonly kernels: string;
  /** Gives each worker its share of the n rows (the first ones get one more when uneven). */
  setup(n: number): Promise<void>;
  run(): Promise<void>;
  close(): Promise<void>;
}

export async function startGemmWorkers(count: number): Promise<GemmWorkers> {
  const pool = await startWorkers<GemmWorkerRequest>(ENTRY, count);
  return {
    kernels: pool.kernels,
    setup: (n) =>
      pool.each((i) => ({
        type: 'setup',
        m: Math.floor(n / count) + (i < n % count ? 1 : 0),
        n,
        k: n,
      })),
    run: () => pool.each(() => ({ type: 'run' })),
    close: () => pool.close(),
  };
}
