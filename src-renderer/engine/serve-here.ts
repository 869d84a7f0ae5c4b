/** Serves the engine's operations on this worker's own message port. */
import { serveEngine } from '../../src-shared/worker/engine-host.ts';
import { engineHandlers } from '../../src-shared/worker/handlers.ts';
import type { EngineRequest, EngineResponse } from '../../src-shared/worker/protocol.ts';

export function serveHere(): void {
  const scope = self as unknown as {
    postMessage(message: EngineResponse, transfer: ArrayBuffer[]): void;
    addEventListener(type: 'message', listener: (event: MessageEvent<EngineRequest>) => void): void;
  };
  serveEngine(
    {
      post: (message, transfer) => scope.postMessage(message, transfer ?? []),
      listen: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
    },
    engineHandlers,
  );
}
