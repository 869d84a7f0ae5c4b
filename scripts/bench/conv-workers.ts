/**
 * The same conv split over worker threads by batch, as data-parallel training will run it: each
 * worker holds its own buffers, so a timed step is just "run" to every worker and wait for all.
 */
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';
import type { ConvWorkerRequest } from './conv-worker.ts';
import { startWorkers } from './workers.ts';

const ENTRY = new URL('./conv-worker.ts', import.meta.url);

export interface ConvWorkers {
  /** Kernel name each worker loaded. */
  readonly kernels: string;
  /** Gives each worker batch / count images of `g` (the batch must divide evenly). */
  setup(g: ConvGeometry): Promise<void>;
  run(): Promise<void>;
  close(): Promise<void>;
}

export async function startConvWorkers(count: number): Promise<ConvWorkers> {
  const pool = await startWorkers<ConvWorkerRequest>(ENTRY, count);
  return {
    kernels: pool.kernels,
    async setup(g) {
      if (g.batch % count !== 0) throw new Error(`batch ${g.batch} does not split over ${count}`);
      await pool.each(() => ({ type: 'setup', geometry: { ...g, batch: g.batch / count } }));
    },
    run: () => pool.each(() => ({ type: 'run' })),
    close: () => pool.close(),
  };
}
