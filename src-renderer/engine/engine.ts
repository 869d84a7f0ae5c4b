/** The UI's one engine: a module Web Worker behind the typed client. */
import { EngineClient } from '../../src-shared/worker/engine-client.ts';
import type { EngineResponse } from '../../src-shared/worker/protocol.ts';

export function startEngine(): EngineClient {
  return clientOf(new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }));
}

/** The typed client of an engine worker. */
export function clientOf(worker: Worker): EngineClient {
  const client = new EngineClient({
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    listen: (handler) =>
      worker.addEventListener('message', (event: MessageEvent<EngineResponse>) =>
        handler(event.data),
      ),
  });
  // A worker that dies (out of memory, a crash) fails its calls instead of leaving them waiting.
  worker.addEventListener('error', (event) =>
    client.fail(`the engine worker stopped: ${event.message || 'it crashed or ran out of memory'}`),
  );
  worker.addEventListener('messageerror', () =>
    client.fail('the engine worker sent a message that could not be read'),
  );
  return client;
}
