/**
 * The float64 core (the notebook's exact numbers, WebAssembly SIMD, one thread) against NumPy on
 * one thread: matrix multiply, the forward pass of 784-128-10, and the core trainer's step.
 */
import { forwardOn, netFor } from '../../src-shared/net/forward.ts';
import { notebookNetwork } from '../../src-shared/net/init.ts';
import { float64Backend } from '../../src-shared/layers/backend.ts';
import { RandomState } from '../../src-shared/rng/random-state.ts';
import { featureSamples } from '../../src-shared/train/samples.ts';
import { FEATURE_DEFAULTS } from '../../src-shared/train/settings.ts';
import { createTrainer } from '../../src-shared/train/trainer.ts';
import { sampler } from './measure.ts';
import { processSide, type References } from './references.ts';
import { MILLISECONDS, rateUnit, gemmFlops, type RowResult } from './report.ts';
import { measureRow, OURS } from './rows.ts';

/** Samples of the dense training rows: 100 batches of 64, 784 features, 10 classes. */
export const DENSE_SAMPLES = 6400;
export const DENSE_BATCH = 64;

export async function denseTrainer(random: RandomState) {
  return createTrainer({
    network: notebookNetwork({ seed: 0, sizes: [784, 128, 10], activations: ['relu', 'softmax'] }),
    data: featureSamples(
      random.randn(DENSE_SAMPLES, 784),
      Int32Array.from({ length: DENSE_SAMPLES }, () => random.randint(0, 10)),
    ),
    settings: {
      ...FEATURE_DEFAULTS,
      learningRate: 0.001,
      decay: 0,
      batchSize: DENSE_BATCH,
      epochs: 1_000_000,
    },
  });
}

export async function coreRows(refs: References): Promise<RowResult[]> {
  const numpy = refs.numpy.get(1);
  const random = new RandomState(0);
  const results: RowResult[] = [];
  for (const n of [64, 128, 256]) {
    const a = random.randn(n, n).data;
    const b = random.randn(n, n).data;
    const c = new Float64Array(n * n);
    results.push(
      await measureRow(
        `GEMM float64 ${n}³`,
        1,
        rateUnit('GFLOP/s', gemmFlops(n) / 1e9),
        { name: OURS, sample: sampler(() => float64Backend.gemm(n, n, n, a, b, c)) },
        processSide('NumPy', numpy, { kind: 'gemm', n, dtype: 'float64' }),
      ),
    );
  }
  const network = notebookNetwork({
    seed: 0,
    sizes: [784, 128, 10],
    activations: ['relu', 'softmax'],
  });
  // The net is built once and kept, as the engine keeps the live pass's between edits.
  const net = netFor(network);
  for (const batch of [1, 64]) {
    const x = random.randn(batch, 784);
    results.push(
      await measureRow(
        `forward 784-128-10 float64, batch ${batch}`,
        1,
        MILLISECONDS,
        { name: OURS, sample: sampler(() => forwardOn(net, x)) },
        processSide('NumPy', numpy, { kind: 'dense-forward', sizes: [784, 128, 10], batch }),
      ),
    );
  }
  const trainer = await denseTrainer(random);
  results.push(
    await measureRow(
      `train step 784-128-10 float64, batch ${DENSE_BATCH}, Adam (core trainer)`,
      1,
      rateUnit('steps/s', 1),
      { name: OURS, sample: sampler(() => trainer.step()) },
      processSide('NumPy', numpy, {
        kind: 'dense-train',
        samples: DENSE_SAMPLES,
        batch: DENSE_BATCH,
      }),
    ),
  );
  return results;
}
