import { describe, expect, it } from 'vitest';
import { EngineClient } from './engine-client.ts';
import { serveEngine, type Handlers } from './engine-host.ts';
import type { CallContext, EngineRequest, EngineResponse, MessageChannelLike } from './protocol.ts';

/** Two ends of an in-memory channel; messages arrive asynchronously, as between threads. */
function channelPair() {
  const toHost: ((m: EngineRequest) => void)[] = [];
  const toClient: ((m: EngineResponse) => void)[] = [];
  const host: MessageChannelLike<EngineRequest, EngineResponse> = {
    post: (m) => setTimeout(() => toClient.forEach((h) => h(structuredClone(m))), 0),
    listen: (h) => toHost.push(h),
  };
  const client: MessageChannelLike<EngineResponse, EngineRequest> = {
    post: (m) => setTimeout(() => toHost.forEach((h) => h(structuredClone(m))), 0),
    listen: (h) => toClient.push(h),
  };
  return { host, client };
}

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('engine host and client', () => {
  it('streams progress, delivers signals to a running call, and cancels it', async () => {
    const { host, client } = channelPair();
    const seen: string[] = [];
    /** The host's own count: steps reported, and turns of its loop spent paused. */
    const hostCounts = { step: 0, pausedTurns: 0 };
    // A long operation: counts steps, reports each, pauses on 'pause' until 'resume'.
    const counting = async (_args: unknown, context: CallContext) => {
      let paused = false;
      while (!context.cancelled) {
        for (const s of context.takeSignals()) {
          seen.push(s);
          paused = s === 'pause';
        }
        if (!paused) context.progress({ step: ++hostCounts.step });
        else hostCounts.pausedTurns++;
        await tick();
      }
      return { outputs: [] };
    };
    serveEngine(host, { forward: counting } as unknown as Handlers);
    const engine = new EngineClient(client);
    const steps: number[] = [];
    const running = engine.start('forward', {} as never, {
      onProgress: (p) => steps.push((p as unknown as { step: number }).step),
    });
    await expect.poll(() => steps.length).toBeGreaterThan(3);
    running.signal('pause');
    await expect.poll(() => seen).toEqual(['pause']);
    // Paused for five turns of its loop: every step it reported before has arrived (messages
    // and turns are timers, run in order), and no step came after.
    await expect.poll(() => hostCounts.pausedTurns).toBeGreaterThanOrEqual(5);
    const pausedAt = steps.length;
    expect(pausedAt).toBe(hostCounts.step);
    running.signal('resume');
    await expect.poll(() => steps.length).toBeGreaterThan(pausedAt);
    expect(steps).toEqual(steps.map((_, i) => i + 1));
    running.cancel();
    await expect(running.result).rejects.toThrow('was superseded');
  });

  it('returns errors by name and message', async () => {
    const { host, client } = channelPair();
    const failing = () => {
      throw new RangeError('no such thing');
    };
    serveEngine(host, { forward: failing } as unknown as Handlers);
    const result = new EngineClient(client).call('forward', {} as never);
    await expect(result).rejects.toMatchObject({ name: 'RangeError', message: 'no such thing' });
  });
});

describe('EngineClient.fail', () => {
  it('fails every waiting call when the worker is gone, so none waits forever', async () => {
    const client = new EngineClient({ post: () => {}, listen: () => {} });
    const waiting = client.call('replicaNetwork', {});
    client.fail('the engine worker stopped: out of memory');
    await expect(waiting).rejects.toThrow('the engine worker stopped: out of memory');
  });
});
