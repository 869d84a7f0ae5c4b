import { describe, expect, it } from 'vitest';
import { spiralData } from '../data/generated.ts';
import { initNetwork } from './init.ts';
import { RandomState } from '../rng/random-state.ts';
import { evaluateOn, EvaluationCancelled, type EvaluateOptions } from './evaluate.ts';
import { localReplica, type ReplicaClient } from './replica.ts';
import { featureSamples } from './samples.ts';

const OPTIONS: EvaluateOptions = {
  loss: 'categorical-crossentropy',
  outputs: 3,
  endsWithSoftmax: true,
  testFlip: false,
};

/** A spiral set of 300 rows and two loaded local replicas that count the rows they predict. */
async function setup() {
  const random = new RandomState(0);
  const data = spiralData(100, 3, { random });
  const network = initNetwork({ sizes: [2, 16, 3], activations: ['relu', 'softmax'], random });
  const predicted = { rows: 0 };
  const replicas: ReplicaClient[] = [localReplica(), localReplica()].map((r) => ({
    ...r,
    load: (n, p) => r.load(n, p),
    step: (a) => r.step(a),
    network: () => r.network(),
    predict: (args) => {
      predicted.rows += args.count;
      return r.predict(args);
    },
  }));
  await Promise.all(replicas.map((r) => r.load(network, 'float64')));
  return { samples: featureSamples(data.x, data.y), replicas, predicted };
}

describe('evaluateOn', () => {
  it('reports progress chunk by chunk up to every sample', async () => {
    const { samples, replicas, predicted } = await setup();
    const seen: number[] = [];
    const result = await evaluateOn(replicas, samples, {
      ...OPTIONS,
      onProgress: (done) => seen.push(done),
    });
    // 300 rows on two replicas: at least 8 chunks each, so progress moves on small sets.
    expect(seen.length).toBeGreaterThanOrEqual(16);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(300);
    expect(predicted.rows).toBe(300);
    expect(result.predicted?.length).toBe(300);
  });

  it('stops sending chunks once shouldStop is true and rejects with EvaluationCancelled', async () => {
    const { samples, replicas, predicted } = await setup();
    let done = 0;
    const evaluation = evaluateOn(replicas, samples, {
      ...OPTIONS,
      onProgress: (d) => (done = d),
      shouldStop: () => done >= 60,
    });
    await expect(evaluation).rejects.toBeInstanceOf(EvaluationCancelled);
    await expect(evaluation).rejects.toThrow('evaluation cancelled');
    // Chunks already sent come back (the replicas end idle); none is sent after the stop.
    expect(done).toBeGreaterThanOrEqual(60);
    expect(done).toBeLessThan(300);
    expect(predicted.rows).toBe(done);
  });

  it('sends nothing when stopped before the first chunk', async () => {
    const { samples, replicas, predicted } = await setup();
    await expect(
      evaluateOn(replicas, samples, { ...OPTIONS, shouldStop: () => true }),
    ).rejects.toBeInstanceOf(EvaluationCancelled);
    expect(predicted.rows).toBe(0);
  });
});
