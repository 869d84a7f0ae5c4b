/**
 * The calling side of the protocol: request ids, promises, progress, signals and cancellation.
 * (The live forward pass's latest-wins lives in live-forward.ts: it never cancels a call the
 * engine received, since the engine keeps what each call sends.)
 */
import {
  copiedForTransfer,
  type EngineRequest,
  type EngineResponse,
  type MessageChannelLike,
  type OpArgs,
  type OpName,
  type OpProgress,
  type OpResult,
  type Signal,
} from './protocol.ts';

export class CancelledError extends Error {
  override name = 'CancelledError';
}

/** An error thrown in the engine, with its original name (e.g. ShapeError). */
export class EngineError extends Error {
  constructor(
    readonly engineName: string,
    message: string,
  ) {
    super(message);
    this.name = engineName;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: ((value: unknown) => void) | undefined;
}

/** A call in flight: its result, and ways to steer it while it runs. */
export interface RunningCall<K extends OpName> {
  readonly id: number;
  readonly result: Promise<OpResult<K>>;
  signal(signal: Signal): void;
  cancel(): void;
}

export interface CallOptions<K extends OpName = OpName> {
  /** Progress reports of a long operation, in order. */
  onProgress?: (progress: OpProgress<K>) => void;
  /** Buffers to move to the worker instead of copying (the caller must not use them after). */
  transfer?: ArrayBuffer[];
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly channel: MessageChannelLike<EngineResponse, EngineRequest>) {
    channel.listen((response) => this.receive(response));
  }

  call<K extends OpName>(
    op: K,
    args: OpArgs<K>,
    options: CallOptions<K> = {},
  ): Promise<OpResult<K>> {
    return this.start(op, args, options).result;
  }

  /** Like `call`, but returns a handle to signal or cancel the running operation. */
  start<K extends OpName>(op: K, args: OpArgs<K>, options: CallOptions<K> = {}): RunningCall<K> {
    const id = this.nextId++;
    const result = new Promise<OpResult<K>>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        progress: options.onProgress as ((value: unknown) => void) | undefined,
      });
    });
    const sent = copiedForTransfer(args, options.transfer);
    this.channel.post({ kind: 'call', id, op, args: sent.args } as EngineRequest, sent.transfer);
    return {
      id,
      result,
      signal: (signal) => {
        if (this.pending.has(id)) this.channel.post({ kind: 'signal', id, signal });
      },
      cancel: () => this.cancel(id),
    };
  }

  /** Rejects the call at once with CancelledError and tells the worker to drop it. */
  cancel(id: number): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    pending.reject(new CancelledError(`call ${id} was superseded`));
    this.channel.post({ kind: 'cancel', id });
  }

  /**
   * The worker is gone (it crashed, or ran out of memory): every call still waiting fails with
   * `reason`, so no caller waits forever.
   */
  fail(reason: string): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new EngineError('WorkerError', reason));
    }
  }

  private receive(response: EngineResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return; // already cancelled here
    if (response.kind === 'progress') {
      pending.progress?.(response.progress);
      return;
    }
    this.pending.delete(response.id);
    switch (response.kind) {
      case 'result':
        pending.resolve(response.result);
        break;
      case 'error':
        pending.reject(new EngineError(response.error.name, response.error.message));
        break;
      case 'cancelled':
        pending.reject(new CancelledError(`call ${response.id} was cancelled`));
        break;
      default:
        throw new Error(`unknown response ${JSON.stringify(response satisfies never)}`);
    }
  }
}
