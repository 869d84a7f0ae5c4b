/**
 * The calling side of the live forward pass. The engine keeps the network it was sent
 * (resident-nets.ts); each call sends only what changed since the version the engine keeps:
 * a few values, a layer, the precision, the inputs, or the whole network when the layer list or
 * the wiring changed or the engine keeps nothing.
 *
 * Latest wins without cancelling: one call is in flight at a time, and a request made meanwhile
 * waits here, replacing (and rejecting with CancelledError) any request waiting before it. A call
 * the engine received therefore always runs to its end, so this side always knows which version
 * the engine keeps: the one of the last call that succeeded, or none after a failure (the engine
 * forgets its copy on any failure too). An engine that lost its copy anyway (restarted) answers
 * with NOT_KEPT, and the call goes again with the whole network.
 */
import type { Network } from '../net/network.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { CancelledError, EngineError, type EngineClient } from './engine-client.ts';
import { networkEdits } from './network-edits.ts';
import { NOT_KEPT, type LiveForwardArgs, type LiveForwardResult } from './resident-nets.ts';

export interface LiveRequest {
  readonly network: Network;
  readonly inputs: Tensor;
  /** Also run each picture flipped left to right (a model scored with test-time flips). */
  readonly mirror: boolean;
}

interface Waiting {
  readonly request: LiveRequest;
  resolve(result: LiveForwardResult): void;
  reject(error: Error): void;
}

/** What the engine keeps, as of the last call that succeeded. */
interface Kept {
  readonly version: number;
  readonly network: Network;
  readonly inputs: Tensor;
}

let keys = 0;

export class LiveForward {
  /** One kept network per client, so two clients of one engine never edit each other's. */
  readonly #key = `live-${++keys}`;
  #kept: Kept | null = null;
  #version = 0;
  #waiting: Waiting | null = null;
  #inFlight = false;

  constructor(private readonly engine: Pick<EngineClient, 'call'>) {}

  /** Every layer's output for the request; rejects with CancelledError when a newer one replaces it. */
  run(request: LiveRequest): Promise<LiveForwardResult> {
    this.#waiting?.reject(new CancelledError('a newer forward pass replaced this one'));
    return new Promise((resolve, reject) => {
      this.#waiting = { request, resolve, reject };
      void this.#next();
    });
  }

  async #next(): Promise<void> {
    if (this.#inFlight || !this.#waiting) return;
    const { request, resolve, reject } = this.#waiting;
    this.#waiting = null;
    this.#inFlight = true;
    try {
      resolve(await this.#send(request));
    } catch (error) {
      reject(error as Error);
    } finally {
      this.#inFlight = false;
      void this.#next();
    }
  }

  async #send(request: LiveRequest, again = false): Promise<LiveForwardResult> {
    const args = this.#argsFor(request);
    try {
      const result = await this.engine.call('liveForward', args);
      this.#kept = { version: args.version, network: request.network, inputs: request.inputs };
      return result;
    } catch (error) {
      this.#kept = null;
      // An engine that lost its copy (restarted) gets the whole network once more.
      if (!again && error instanceof EngineError && error.engineName === NOT_KEPT) {
        return this.#send(request, true);
      }
      throw error;
    }
  }

  #argsFor({ network, inputs, mirror }: LiveRequest): LiveForwardArgs {
    const kept = this.#kept;
    const version = ++this.#version;
    const edits = kept && networkEdits(kept.network, network);
    const changes = edits ? { base: kept!.version, edits } : { whole: network };
    // With the whole network the inputs go too: they cost little beside it.
    const sameInputs = edits !== null && inputs === kept!.inputs;
    return {
      key: this.#key,
      network: changes,
      version,
      ...(!sameInputs && { inputs }),
      mirror,
    };
  }
}
