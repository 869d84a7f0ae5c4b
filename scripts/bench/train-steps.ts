/**
 * Training-step speed of both kinds of network, each as a ratio to a GEMM of the same kernels
 * timed in the same process, so runs on a noisy machine (and runs of different commits) compare:
 * - pictures: one replica's step (forward, loss, backward) on the shipped CNN, a share of 32;
 * - features: the trainer's step on 784-128-10, batch 64, Adam, float64.
 * `npx tsx scripts/bench/train-steps.ts` prints the lines alone.
 */
import { readFileSync } from 'node:fs';
import { runnableNetwork } from '../../src-shared/document/model-io.ts';
import { fastKernels } from '../../src-shared/kernels/index.ts';
import { parseModelFile } from '../../src-shared/model-file/index.ts';
import { Net } from '../../src-shared/net/net.ts';
import { RandomState } from '../../src-shared/rng/random-state.ts';
import { tensor } from '../../src-shared/tensor/tensor.ts';
import { initNetwork } from '../../src-shared/train/init.ts';
import { Replica } from '../../src-shared/train/replica.ts';
import { featureSamples } from '../../src-shared/train/samples.ts';
import { FEATURE_DEFAULTS, IMAGE_DEFAULTS } from '../../src-shared/train/settings.ts';
import { createTrainer } from '../../src-shared/train/trainer.ts';
import { bestSeconds, randomFloat32 } from './measure.ts';

const SHARE = 32;
const GEMM = 256;

export async function benchTrainSteps(): Promise<string[]> {
  const kernels = fastKernels();
  const [a, b, c] = [
    randomFloat32(GEMM * GEMM),
    randomFloat32(GEMM * GEMM),
    randomFloat32(GEMM * GEMM),
  ];
  const gemm = await bestSeconds(() => kernels.gemm(GEMM, GEMM, GEMM, a, b, c));

  const model = parseModelFile(readFileSync('resources/models/cats-vs-dogs.json', 'utf8'));
  const layers = [...runnableNetwork(model).layers];
  const replica = new Replica(new Net({ layers }, { precision: 'float32', kernels }));
  const params = new Net({ layers }, { precision: 'float32' }).params.map((p) => p.value);
  const rng = new RandomState(0);
  const inputs = Uint8Array.from({ length: SHARE * 64 * 64 * 3 }, () => rng.randint(0, 256));
  const labels = Int32Array.from({ length: SHARE }, (_, i) => i % 2);
  const step = {
    params,
    inputs,
    labels,
    count: SHARE,
    loss: IMAGE_DEFAULTS.loss,
    shift: 4,
    flip: true,
    labelSmoothing: 0.1,
    precision: 0,
  };
  let n = 0;
  const cnn = await bestSeconds(() => replica.step({ ...step, seed: [0, n++, 0] }), {
    minRepeats: 5,
    minSeconds: 3,
    maxSeconds: 10,
  });

  const x = tensor(randomFloat32(1024 * 784), [1024, 784]);
  const y = Int32Array.from({ length: 1024 }, (_, i) => i % 10);
  const trainer = await createTrainer({
    network: initNetwork({ sizes: [784, 128, 10], activations: ['relu', 'softmax'], seed: 0 }),
    data: featureSamples(x, y),
    settings: { ...FEATURE_DEFAULTS, learningRate: 0.001, decay: 0, batchSize: 64, epochs: 1000 },
  });
  const dense = await bestSeconds(async () => {
    for (let i = 0; i < 16; i++) await trainer.step();
  });
  const ratio = (seconds: number) => (seconds / gemm).toFixed(1);
  return [
    `train steps, as multiples of one ${GEMM}³ float32 GEMM (${(gemm * 1e3).toFixed(2)} ms, ${kernels.name}) in this process:`,
    `  CNN replica step, cats-vs-dogs model, ${SHARE} pictures: ${(cnn * 1e3).toFixed(0)} ms = ${ratio(cnn)} GEMMs`,
    `  Dense step 784-128-10, batch 64, Adam, float64: ${((dense / 16) * 1e3).toFixed(2)} ms = ${ratio(dense / 16)} GEMMs`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of await benchTrainSteps()) console.log(line);
}
