/** Starts the engine in a worker thread and returns a client for it (the CLI's and tests' engine). */
import { Worker } from 'node:worker_threads';
import { EngineClient } from '../src-shared/worker/engine-client.ts';
import type { EngineResponse } from '../src-shared/worker/protocol.ts';

export interface NodeEngine {
  client: EngineClient;
  close(): Promise<void>;
}

export function startNodeEngine(): NodeEngine {
  const worker = new Worker(new URL('./ts-worker-boot.js', import.meta.url), {
    workerData: { entry: new URL('./engine-worker.ts', import.meta.url).href },
  });
  const client = new EngineClient({
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen: (handler) => worker.on('message', (message: EngineResponse) => handler(message)),
  });
  worker.on('error', (error) => {
    throw error;
  });
  return { client, close: async () => void (await worker.terminate()) };
}
