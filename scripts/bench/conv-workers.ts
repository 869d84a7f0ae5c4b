/**
 * The same conv split over worker threads by batch, as data-parallel training will run it: each
 * worker holds its own buffers, so a timed step is just "run" to every worker and wait for all.
 */
import { Worker } from 'node:worker_threads';
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';
import type { ConvWorkerReply, ConvWorkerRequest } from './conv-worker.ts';

// Worker threads do not inherit tsx's loader; the CLI's boot file registers it first.
const BOOT = new URL('../../src-cli/ts-worker-boot.js', import.meta.url);
const ENTRY = new URL('./conv-worker.ts', import.meta.url).href;

export interface ConvWorkers {
  /** Kernel name each worker loaded. */
  readonly kernels: string;
  /** Gives each worker batch / count images of `g` (the batch must divide evenly). */
  setup(g: ConvGeometry): Promise<void>;
  run(): Promise<void>;
  close(): Promise<void>;
}

interface Channel {
  worker: Worker;
  send(request: ConvWorkerRequest): Promise<ConvWorkerReply>;
}

function channel(): Promise<{ channel: Channel; kernels: string }> {
  const worker = new Worker(BOOT, { workerData: { entry: ENTRY } });
  const waiting: ((reply: ConvWorkerReply) => void)[] = [];
  let failed: Error | null = null;
  return new Promise((resolve, reject) => {
    worker.on('error', (error) => {
      failed = error;
      reject(error);
    });
    worker.once('message', (first: ConvWorkerReply) => {
      if (first.type !== 'ready') return reject(new Error(`conv worker said ${first.type} first`));
      // Replies come in request order, so a queue of resolvers pairs them up.
      worker.on('message', (reply: ConvWorkerReply) => waiting.shift()?.(reply));
      resolve({
        kernels: first.kernels,
        channel: {
          worker,
          send(request) {
            if (failed) return Promise.reject(failed);
            return new Promise((done) => {
              waiting.push(done);
              worker.postMessage(request);
            });
          },
        },
      });
    });
  });
}

export async function startConvWorkers(count: number): Promise<ConvWorkers> {
  const started = await Promise.all(Array.from({ length: count }, channel));
  const channels = started.map((s) => s.channel);
  const all = async (request: ConvWorkerRequest) => {
    await Promise.all(channels.map((c) => c.send(request)));
  };
  return {
    kernels: started[0]!.kernels,
    async setup(g) {
      if (g.batch % count !== 0) throw new Error(`batch ${g.batch} does not split over ${count}`);
      await all({ type: 'setup', geometry: { ...g, batch: g.batch / count } });
    },
    run: () => all({ type: 'run' }),
    async close() {
      await Promise.all(channels.map((c) => c.worker.terminate()));
    },
  };
}
