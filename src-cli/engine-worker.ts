/** The engine in a Node worker thread: the same host as the app's Web Worker. */
import { parentPort } from 'node:worker_threads';
import { serveEngine } from '../src-shared/worker/engine-host.ts';
import { engineHandlers } from '../src-shared/worker/handlers.ts';
import type { EngineRequest } from '../src-shared/worker/protocol.ts';

const port = parentPort;
if (!port) throw new Error('engine-worker.ts runs only as a worker thread');
serveEngine(
  {
    post: (message, transfer) => port.postMessage(message, transfer),
    listen: (handler) => port.on('message', (message: EngineRequest) => handler(message)),
  },
  engineHandlers,
);
