/** Starts the engine in a worker thread and returns a client for it (the CLI's and tests' engine). */
import { Worker } from 'node:worker_threads';
import { EngineClient } from '../src-shared/worker/engine-client.ts';
import type { EngineResponse } from '../src-shared/worker/protocol.ts';

export interface NodeEngine {
  client: EngineClient;
  close(): Promise<void>;
}

/**
 * The engine's worker thread. Built (out/cli/*.js), it is a bundle beside this one; run from the
 * TypeScript sources (tests, benchmarks), it needs tsx's loader, which threads do not inherit.
 */
function engineWorker(): Worker {
  if (import.meta.url.endsWith('.js'))
    return new Worker(new URL('./engine-worker.js', import.meta.url));
  return new Worker(new URL('./ts-worker-boot.js', import.meta.url), {
    workerData: { entry: new URL('./engine-worker.ts', import.meta.url).href },
  });
}

export function startNodeEngine(): NodeEngine {
  const worker = engineWorker();
  const client = new EngineClient({
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen: (handler) => worker.on('message', (message: EngineResponse) => handler(message)),
  });
  worker.on('error', (error) => {
    throw error;
  });
  return { client, close: async () => void (await worker.terminate()) };
}
