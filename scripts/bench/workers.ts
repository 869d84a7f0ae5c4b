/**
 * Bench workers in worker_threads: each loads its own kernels, says `ready`, then answers every
 * request with one reply, so a timed step is one message to every worker and waiting for all.
 */
import { Worker } from 'node:worker_threads';

// Worker threads do not inherit tsx's loader; the CLI's boot file registers it first.
const BOOT = new URL('../../src-cli/ts-worker-boot.js', import.meta.url);

export interface WorkerPool<Request> {
  /** Kernel name each worker loaded. */
  readonly kernels: string;
  /** Sends `request(i)` to worker i and waits for all replies. */
  each(request: (index: number) => Request): Promise<void>;
  close(): Promise<void>;
}

type Reply = { type: 'ready'; kernels: string } | { type: 'done' };

interface Channel<Request> {
  worker: Worker;
  send(request: Request): Promise<Reply>;
}

function channel<Request>(entry: URL): Promise<{ channel: Channel<Request>; kernels: string }> {
  const worker = new Worker(BOOT, { workerData: { entry: entry.href } });
  const waiting: ((reply: Reply) => void)[] = [];
  let failed: Error | null = null;
  return new Promise((resolve, reject) => {
    worker.on('error', (error) => {
      failed = error;
      reject(error);
    });
    worker.once('message', (first: Reply) => {
      if (first.type !== 'ready') return reject(new Error(`bench worker said ${first.type} first`));
      // Replies come in request order, so a queue of resolvers pairs them up.
      worker.on('message', (reply: Reply) => waiting.shift()?.(reply));
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

export async function startWorkers<Request>(
  entry: URL,
  count: number,
): Promise<WorkerPool<Request>> {
  const started = await Promise.all(Array.from({ length: count }, () => channel<Request>(entry)));
  const channels = started.map((s) => s.channel);
  return {
    kernels: started[0]!.kernels,
    async each(request) {
      await Promise.all(channels.map((c, i) => c.send(request(i))));
    },
    async close() {
      await Promise.all(channels.map((c) => c.worker.terminate()));
    },
  };
}
