/**
 * The worker side of the protocol: queues calls, runs them one at a time, drops a queued
 * call when the client cancels it, and passes cancellation, signals and progress to a running
 * call through its context.
 */
import {
  transferablesOf,
  type CallContext,
  type EngineRequest,
  type EngineResponse,
  type MessageChannelLike,
  type OpArgs,
  type OpName,
  type OpProgress,
  type OpResult,
  type Signal,
} from './protocol.ts';

/** One handler per operation; long ones report through the context and poll it. */
export type Handlers = {
  [K in OpName]: (
    args: OpArgs<K>,
    context: CallContext<OpProgress<K>>,
  ) => OpResult<K> | Promise<OpResult<K>>;
};

type Call = Extract<EngineRequest, { kind: 'call' }>;

export function serveEngine(
  channel: MessageChannelLike<EngineRequest, EngineResponse>,
  handlers: Handlers,
): void {
  const queue: Call[] = [];
  /** Contexts of calls not yet finished: queued ones too, so early signals are kept. */
  const contexts = new Map<number, { cancelled: boolean; signals: Signal[] }>();
  let running = false;

  const runNext = async (): Promise<void> => {
    const call = queue.shift();
    if (!call) {
      running = false;
      return;
    }
    const state = contexts.get(call.id) ?? { cancelled: false, signals: [] };
    contexts.set(call.id, state);
    const context: CallContext = {
      get cancelled() {
        return state.cancelled;
      },
      takeSignals: () => state.signals.splice(0),
      progress: (value) =>
        channel.post(
          { kind: 'progress', id: call.id, progress: value as never },
          transferablesOf(value),
        ),
    };
    try {
      const handler = handlers[call.op] as (args: unknown, context: CallContext) => unknown;
      const result = (await handler(call.args, context)) as OpResult<OpName>;
      if (state.cancelled) channel.post({ kind: 'cancelled', id: call.id });
      else channel.post({ kind: 'result', id: call.id, result }, transferablesOf(result));
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      channel.post({ kind: 'error', id: call.id, error: { name, message } });
    } finally {
      contexts.delete(call.id);
    }
    // A macrotask between calls lets cancel messages arrive before the next call starts.
    setTimeout(() => void runNext(), 0);
  };

  channel.listen((request) => {
    switch (request.kind) {
      case 'call':
        contexts.set(request.id, { cancelled: false, signals: [] });
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
          contexts.delete(request.id);
          channel.post({ kind: 'cancelled', id: request.id });
        }
        const state = contexts.get(request.id);
        if (state) state.cancelled = true;
        break;
      }
      case 'signal':
        contexts.get(request.id)?.signals.push(request.signal);
        break;
      default:
        throw new Error(`unknown request ${JSON.stringify(request satisfies never)}`);
    }
  });
}
