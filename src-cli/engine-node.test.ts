import { afterAll, describe, expect, it } from 'vitest';
import { notebookNetwork } from '../src-shared/net/init.ts';
import { fromNested, toNested } from '../src-shared/tensor/tensor.ts';
import { EngineError } from '../src-shared/worker/engine-client.ts';
import { startNodeEngine } from './engine-node.ts';

const engine = startNodeEngine();
afterAll(() => engine.close());

const X = fromNested([
  [1, 2, 3, 2.5],
  [2, 5, -1, 2],
  [-1.5, 2.7, 3.3, -0.8],
]);
const network = notebookNetwork({ seed: 0, sizes: [4, 5, 2] });

describe('the engine in a worker thread', () => {
  it('runs the forward pass and returns every layer output as float64 tensors', async () => {
    const { outputs } = await engine.client.call('forward', { network, inputs: X });
    expect(outputs.map((t) => t.shape)).toEqual([
      [3, 5],
      [3, 2],
    ]);
    expect(outputs[0]!.data).toBeInstanceOf(Float64Array);
    expect((toNested(outputs[1]!) as number[][])[0]![0]).toBeCloseTo(0.148296, 6);
  });

  it('reports a shape error with its name and the notebook-style message', async () => {
    const wrong = engine.client.call('forward', { network, inputs: fromNested([[1, 2, 3]]) });
    await expect(wrong).rejects.toBeInstanceOf(EngineError);
    await expect(wrong).rejects.toThrow('the input layer takes 4 features per sample, found 3');
  });
});
