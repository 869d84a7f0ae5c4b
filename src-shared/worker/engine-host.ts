/**
 * The worker side of the protocol: queues calls, runs them one at a time, and drops a
 * queued call when the client cancels it (latest-wins edits cancel the stale ones).
 */
import { forward } from '../nn/network.ts';
import {
  transferablesOf,
  type CancelToken,
  type EngineRequest,
  type EngineResponse,
  type MessageChannelLike,
  type OpArgs,
  type OpName,
  type OpResult,
} from './protocol.ts';

type Handlers = {
  [K in OpName]: (args: OpArgs<K>, token: CancelToken) => OpResult<K> | Promise<OpResult<K>>;
};

export const engineHandlers: Handlers = {
  forward: ({ network, inputs }) => ({ outputs: forward(network, inputs) }),
};

type Call = Extract<EngineRequest, { kind: 'call' }>;

export function serveEngine(
  channel: MessageChannelLike<EngineRequest, EngineResponse>,
  handlers: Handlers = engineHandlers,
): void {
  const queue: Call[] = [];
  const tokens = new Map<number, { cancelled: boolean }>();
  let running = false;

  const runNext = async (): Promise<void> => {
    const call = queue.shift();
    if (!call) {
      running = false;
      return;
    }
    const token = { cancelled: false };
    tokens.set(call.id, token);
    try {
      const handler = handlers[call.op] as (args: unknown, token: CancelToken) => unknown;
      const result = (await handler(call.args, token)) as OpResult<OpName>;
      if (token.cancelled) channel.post({ kind: 'cancelled', id: call.id });
      else channel.post({ kind: 'result', id: call.id, result }, transferablesOf(result));
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      channel.post({ kind: 'error', id: call.id, error: { name, message } });
    } finally {
      tokens.delete(call.id);
    }
    // A macrotask between calls lets cancel messages arrive before the next call starts.
    setTimeout(() => void runNext(), 0);
  };

  channel.listen((request) => {
    switch (request.kind) {
      case 'call':
        queue.push(request);
        if (!running) {
          running = true;
          setTimeout(() => void runNext(), 0);
        }
        break;
      case 'cancel': {
        const queued = queue.findIndex((c) => c.id === request.id);
        if (queued >= 0) {
          queue.splice(queued, 1);
          channel.post({ kind: 'cancelled', id: request.id });
        }
        const token = tokens.get(request.id);
        if (token) token.cancelled = true;
        break;
      }
      default:
        throw new Error(`unknown request ${JSON.stringify(request satisfies never)}`);
    }
  });
}
