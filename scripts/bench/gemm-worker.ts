/**
 * One of the bench's GEMM workers: holds its rows of A, all of B and its rows of C, and
 * multiplies them when told, so a timed run is one message each way.
 */
import { parentPort } from 'node:worker_threads';
import { randomFloat32 } from './measure.ts';
import { loadKernels } from './weightcraft-kernels.ts';

export type GemmWorkerRequest =
  { type: 'setup'; m: number; n: number; k: number } | { type: 'run' };
export type GemmWorkerReply = { type: 'ready'; kernels: string } | { type: 'done' };

const port = parentPort!;
const { kernels } = await loadKernels();
let job: {
  m: number;
  n: number;
  k: number;
  a: Float32Array;
  b: Float32Array;
  c: Float32Array;
} | null = null;

port.on('message', (request: GemmWorkerRequest) => {
  switch (request.type) {
    case 'setup': {
      const { m, n, k } = request;
      job = {
        m,
        n,
        k,
        a: randomFloat32(m * k),
        b: randomFloat32(k * n),
        c: new Float32Array(m * n),
      };
      break;
    }
    case 'run': {
      if (!job) throw new Error('run before setup');
      kernels.gemm(job.m, job.n, job.k, job.a, job.b, job.c);
      break;
    }
    default:
      throw new Error(`unknown request ${JSON.stringify(request)}`);
  }
  port.postMessage({ type: 'done' } satisfies GemmWorkerReply);
});
port.postMessage({ type: 'ready', kernels: kernels.name } satisfies GemmWorkerReply);
