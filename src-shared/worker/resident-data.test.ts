/**
 * Data sets sent once: a run or an evaluation on a data set the engine keeps computes what it
 * computes on the same data sent whole, whatever came before; a restarted engine gets the data
 * set again; a key the engine does not keep is refused, naming it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spiralData } from '../data/generated.ts';
import { initNetwork } from '../train/init.ts';
import { FEATURE_DEFAULTS } from '../train/settings.ts';
import { EngineClient, EngineError } from './engine-client.ts';
import { serveEngine } from './engine-host.ts';
import { makeEngineHandlers } from './handlers.ts';
import type { EngineRequest, EngineResponse } from './protocol.ts';
import { DATA_NOT_KEPT } from './resident-data.ts';
import { ResidentDataClient } from './resident-data-client.ts';
import { evaluateRows, train } from './train-handler.ts';
import type { FeatureData } from './train-types.ts';

/**
 * A client and an engine over an in-memory port that copies messages as postMessage does and
 * counts the data sets sent; `restart` puts a fresh engine (keeping nothing) behind the port.
 */
function engine() {
  let toHost: ((m: EngineRequest) => void)[] = [];
  const toClient: ((m: EngineResponse) => void)[] = [];
  const sent = { keepData: 0 };
  const start = () => {
    toHost = [];
    serveEngine(
      {
        post: (m) => setTimeout(() => toClient.forEach((h) => h(structuredClone(m))), 0),
        listen: (h) => toHost.push(h),
      },
      makeEngineHandlers(),
    );
  };
  start();
  const client = new EngineClient({
    post: (m) => {
      if (m.kind === 'call' && m.op === 'keepData') sent.keepData++;
      setTimeout(() => toHost.forEach((h) => h(structuredClone(m))), 0);
    },
    listen: (h) => toClient.push(h),
  });
  return { client, sent, restart: start };
}

const sets: FeatureData[] = [1, 2].map((seed) => {
  const data = spiralData(12, 3, { seed });
  return { x: data.x, y: data.y as Int32Array, classes: 3 };
});
const network = initNetwork({ sizes: [2, 6, 3], activations: ['relu', 'softmax'], seed: 0 });
const settingsOf = (validationSplit: number, seed: number) => ({
  ...FEATURE_DEFAULTS,
  epochs: 2,
  batchSize: 8,
  validationSplit,
  seed,
});
const quiet = { cancelled: false, takeSignals: () => [], progress: () => {} };

describe('data sets the engine keeps', () => {
  it('train and evaluate as the same data sent whole, over any sequence of calls', async () => {
    const call = fc.record({
      set: fc.integer({ min: 0, max: 1 }),
      op: fc.constantFrom('train' as const, 'evaluateRows' as const),
      split: fc.constantFrom(0, 0.25),
      seed: fc.integer({ min: 0, max: 1 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(call, { minLength: 1, maxLength: 5 }), async (calls) => {
        const { client, sent } = engine();
        const kept = new ResidentDataClient(client);
        let changes = 0;
        for (const [i, { set, op, split, seed }] of calls.entries()) {
          if (i === 0 || set !== calls[i - 1]!.set) changes++;
          const data = sets[set]!;
          const settings = settingsOf(split, seed);
          if (op === 'train') {
            const args = { network, settings, regions: false };
            const got = await kept.call('train', args, data);
            expect(got).toEqual(await train({ ...args, data }, quiet));
          } else {
            const got = await kept.call('evaluateRows', { network, settings }, data);
            expect(got).toEqual(await evaluateRows({ network, settings, data }));
          }
        }
        // Each data set crosses once per change of data set, never per call.
        expect(sent.keepData).toBe(changes);
      }),
      { numRuns: 25 },
    );
  });

  it('sends the data set again to an engine that restarted', async () => {
    const { client, sent, restart } = engine();
    const kept = new ResidentDataClient(client);
    const settings = settingsOf(0, 0);
    const before = await kept.call('evaluateRows', { network, settings }, sets[0]!);
    restart();
    expect(await kept.call('evaluateRows', { network, settings }, sets[0]!)).toEqual(before);
    expect(sent.keepData).toBe(2);
  });

  it('refuses a key it does not keep, naming the key', async () => {
    const { client } = engine();
    const call = client.call('train', {
      network,
      data: { kind: 'kept', key: 'data-none' },
      settings: settingsOf(0, 0),
      regions: false,
    });
    await expect(call).rejects.toThrow(EngineError);
    await expect(call).rejects.toMatchObject({
      name: DATA_NOT_KEPT,
      message:
        'the engine keeps no data set "data-none" (it restarted, or the data set was never sent): send it again with keepData',
    });
  });
});
