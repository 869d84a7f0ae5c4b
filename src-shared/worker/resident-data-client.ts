/**
 * The calling side of data sets sent once (resident-data.ts): `ref` sends a data set to the
 * engine the first time it is used and names it by key after that, so a second run, a continued
 * run or an evaluation on the same rows moves none of them. The engine keeps a snapshot: the
 * caller treats a data set it sent as immutable (a changed data set is a new object, sent anew).
 * An engine that lost it (restarted) answers DATA_NOT_KEPT; `forget` then makes the next `ref`
 * send it again, and `call` does that by itself.
 */
import { EngineError, type CallOptions, type EngineClient } from './engine-client.ts';
import type { OpArgs, OpResult } from './protocol.ts';
import { DATA_NOT_KEPT, type KeptDataRef } from './resident-data.ts';
import type { TrainData } from './train-types.ts';

let keys = 0;

/** Calls that take a data set. */
type DataOp = 'train' | 'evaluateRows';

export class ResidentDataClient {
  /** One kept data set per client, so two callers of one engine never replace each other's. */
  readonly #key = `data-${++keys}`;
  /** The data set the engine keeps under the key, once sent; its sending while under way. */
  #sent: { data: TrainData; done: Promise<unknown> } | null = null;

  constructor(private readonly engine: Pick<EngineClient, 'call'>) {}

  /** The reference to `data` in the engine, sending it first unless the engine keeps it. */
  async ref(data: TrainData): Promise<KeptDataRef> {
    if (!this.#sent || !sameData(this.#sent.data, data)) {
      const done = this.engine.call('keepData', { key: this.#key, data });
      this.#sent = { data, done };
      done.catch(() => {
        if (this.#sent?.done === done) this.#sent = null;
      });
    }
    await this.#sent.done;
    return { kind: 'kept', key: this.#key };
  }

  /** The engine no longer keeps the data set (it restarted): the next `ref` sends it. */
  forget(): void {
    this.#sent = null;
  }

  /** Whether an error says the engine keeps no data set under the key a call named. */
  static notKept(error: unknown): boolean {
    return error instanceof EngineError && error.engineName === DATA_NOT_KEPT;
  }

  /** `op` on `data` by reference; sent again once when the engine turns out to have lost it. */
  async call<K extends DataOp>(
    op: K,
    args: Omit<OpArgs<K>, 'data'>,
    data: TrainData,
    options: CallOptions<K> = {},
  ): Promise<OpResult<K>> {
    const run = async () =>
      this.engine.call(op, { ...args, data: await this.ref(data) } as OpArgs<K>, options);
    try {
      return await run();
    } catch (error) {
      if (!ResidentDataClient.notKept(error)) throw error;
      this.forget();
      return run();
    }
  }
}

/**
 * The same data set: the same rows object, or the same pictures, labels and flips (the app makes
 * a new data object for a folder at each start).
 */
export function sameData(a: TrainData, b: TrainData): boolean {
  if (a.kind === 'pictures' && b.kind === 'pictures') {
    return (
      a.set.pixels === b.set.pixels &&
      a.set.labels.every((l, i) => l === b.set.labels[i]) &&
      a.testFlip === b.testFlip
    );
  }
  return a === b;
}
