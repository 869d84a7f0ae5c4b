/**
 * Training and inference as users run them:
 * - dense training through the engine's `train` operation in a Node engine worker (what the CLI
 *   and the app go through) against the core trainer's step loop, same network and data;
 * - a training step and inference of the shipped CNN's shape at batch 64 on 1 and 2 engine
 *   workers (the CLI's `--workers`) against PyTorch on 1 and 2 threads.
 */
import { readFileSync } from 'node:fs';
import { startNodeEngine, type NodeEngine } from '../../src-cli/engine-node.ts';
import { runnableNetwork } from '../../src-shared/document/model-io.ts';
import type { ImageSet } from '../../src-shared/data/image-set.ts';
import { parseModelFile } from '../../src-shared/model-file/index.ts';
import type { Layer } from '../../src-shared/layers/registry.ts';
import type { Network } from '../../src-shared/net/network.ts';
import { RandomState } from '../../src-shared/rng/random-state.ts';
import { pictureSamples } from '../../src-shared/train/samples.ts';
import { FEATURE_DEFAULTS, IMAGE_DEFAULTS } from '../../src-shared/train/settings.ts';
import { createTrainer } from '../../src-shared/train/trainer.ts';
import { engineReplica } from '../../src-shared/worker/replica-ops.ts';
import { ResidentDataClient } from '../../src-shared/worker/resident-data-client.ts';
import { denseTrainer, DENSE_BATCH, DENSE_SAMPLES } from './core-rows.ts';
import { sampler } from './measure.ts';
import { MODEL_FILE } from './model-layers.ts';
import { processSide, THREADS, type References } from './references.ts';
import { rateUnit, type RowResult } from './report.ts';
import { measureRow, OURS } from './rows.ts';

const CNN_BATCH = 64;
/** Pictures in the synthetic training set: a few batches, so steps walk through shuffles. */
const CNN_PICTURES = 4 * CNN_BATCH;
/** Epochs of one engine `train` call: long enough that sending the data is a small share. */
const ENGINE_EPOCHS = 2;

/** The model's layers as reference_server.py builds them in PyTorch. */
export function torchLayers(network: Network): Record<string, unknown>[] {
  return network.layers.flatMap((layer: Layer): Record<string, unknown>[] => {
    switch (layer.type) {
      case 'image-input':
        return [];
      case 'conv2d': {
        const [kernel, , , filters] = layer.weights.shape as number[];
        return [{ type: 'conv2d', filters, kernel, stride: layer.stride, padding: layer.padding }];
      }
      case 'batchnorm':
        return [{ type: 'batchnorm', epsilon: layer.epsilon, momentum: layer.momentum }];
      case 'maxpool2d':
        return [{ type: 'maxpool2d', size: layer.size, stride: layer.stride }];
      case 'dense':
        return [{ type: 'dense', units: layer.weights.shape[1] }];
      default:
        return [{ type: layer.type }];
    }
  });
}

function shippedCnn(): { network: Network; torchCase: Record<string, unknown> } {
  const network = runnableNetwork(parseModelFile(readFileSync(MODEL_FILE, 'utf8')));
  const input = network.layers[0];
  if (input?.type !== 'image-input') throw new Error(`${MODEL_FILE.pathname}: no image-input`);
  return {
    network,
    torchCase: {
      layers: torchLayers(network),
      batch: CNN_BATCH,
      height: input.height,
      width: input.width,
      channels: input.channels,
      mean: input.mean,
      std: input.std,
      classes: 2,
      shift: IMAGE_DEFAULTS.augment.shift,
      labelSmoothing: IMAGE_DEFAULTS.labelSmoothing,
    },
  };
}

function randomPictures(network: Network, count: number): ImageSet {
  const input = network.layers[0] as Extract<Layer, { type: 'image-input' }>;
  const rng = new RandomState(1);
  const size = input.height * input.width * input.channels;
  return {
    height: input.height,
    width: input.width,
    channels: input.channels as 1 | 3,
    classNames: ['a', 'b'],
    pixels: Uint8Array.from({ length: count * size }, () => rng.randint(0, 256)),
    labels: Int32Array.from({ length: count }, (_, i) => i % 2),
    files: Array.from({ length: count }, (_, i) => `${i % 2 ? 'b' : 'a'}/${i}.png`),
  };
}

/** Median of a few timings, for the costs printed beside the dense engine row. */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

export async function denseEngineRow(
  engine: NodeEngine,
): Promise<{ row: RowResult; notes: string[] }> {
  const random = new RandomState(0);
  const core = await denseTrainer(random);
  const x = random.randn(DENSE_SAMPLES, 784);
  const y = Int32Array.from({ length: DENSE_SAMPLES }, () => random.randint(0, 10));
  const network = await core.network();
  const data = { kind: 'features' as const, x, y, classes: 10 };
  const settings = {
    ...FEATURE_DEFAULTS,
    learningRate: 0.001,
    decay: 0,
    batchSize: DENSE_BATCH,
    epochs: ENGINE_EPOCHS,
  };
  // As the app does: the data set goes to the engine once (the first send also waits for the
  // worker to start, so the one timed is a second send), and runs name it.
  const kept = new ResidentDataClient(engine.client);
  await kept.ref(data);
  kept.forget();
  let start = performance.now();
  await kept.ref(data);
  const sendSeconds = (performance.now() - start) / 1000;
  let reports = 0;
  const closing: number[] = [];
  const withClosing: number[] = [];
  const engineSide = {
    name: OURS,
    // The whole call, as the app makes it: epochs trained, reports received, weights returned.
    // Then, untimed here, the exact evaluation the app asks for when a run ends.
    async sample() {
      start = performance.now();
      const result = await kept.call('train', { network, settings, regions: false }, data, {
        onProgress: () => reports++,
      });
      const call = (performance.now() - start) / 1000;
      start = performance.now();
      await kept.call('evaluateRows', { network: result.network, settings }, data);
      closing.push((performance.now() - start) / 1000);
      withClosing.push((call + closing.at(-1)!) / result.step);
      return call / result.step;
    },
  };
  // Here "ours" is the engine, and the reference is the core trainer it should keep up with.
  const coreSide = { name: 'core trainer', sample: sampler(() => core.step()) };
  const row = await measureRow(
    `dense training 784-128-10 float64, batch ${DENSE_BATCH}, Adam: engine train op`,
    1,
    rateUnit('steps/s', 1),
    engineSide,
    [coreSide],
  );
  process.stderr.write(`  bench: the engine sent ${reports} progress reports\n`);
  const mb = (x.data.byteLength / 2 ** 20).toFixed(0);
  // What a user waits for from a run's start to its exact figures, beside the row's steps alone.
  const coreSeconds = row.references[0]?.summary.median;
  const together = median(withClosing);
  const againstCore = coreSeconds
    ? ` (${(coreSeconds / together).toFixed(2)}× the core trainer)`
    : '';
  return {
    row,
    notes: [
      `engine train op: one whole \`train\` call on a data set the engine keeps (${DENSE_SAMPLES} samples, ` +
        `${ENGINE_EPOCHS} epochs of ${DENSE_SAMPLES / DENSE_BATCH} steps, progress received, weights returned) ÷ its ` +
        'steps; core trainer: its step() loop. WC÷ref there is the engine ÷ the core trainer (aim ≥ 0.8×). Not ' +
        `timed in the row: sending the data set once (keepData, ${mb} MB): ${sendSeconds.toFixed(3)} s; the ` +
        `exact evaluation of every row after each run (evaluateRows, which the app asks for when a run ends): ` +
        `median ${median(closing).toFixed(3)} s; the call and that evaluation together: ` +
        `${(1 / together).toFixed(0)} steps/s${againstCore}.`,
    ],
  };
}

export async function trainingRows(
  refs: References,
): Promise<{ rows: RowResult[]; notes: string[] }> {
  const rows: RowResult[] = [];
  const notes: string[] = [];
  const engines = THREADS.map(() => startNodeEngine());
  try {
    const dense = await denseEngineRow(engines[0]!);
    rows.push(dense.row);
    notes.push(...dense.notes);

    const { network, torchCase } = shippedCnn();
    const set = randomPictures(network, CNN_PICTURES);
    const all = Int32Array.from({ length: CNN_PICTURES }, (_, i) => i);
    for (const threads of THREADS) {
      const trainer = await createTrainer({
        network,
        data: pictureSamples(set, all),
        settings: { ...IMAGE_DEFAULTS, epochs: 1_000_000 },
        replicas: engines.slice(0, threads).map((e) => engineReplica(e.client)),
      });
      rows.push(
        await measureRow(
          `CNN training step, cats-vs-dogs shape, batch ${CNN_BATCH}`,
          threads,
          rateUnit('img/s', CNN_BATCH),
          { name: OURS, sample: sampler(() => trainer.step()) },
          processSide('PyTorch', refs.torch.get(threads), {
            kind: 'torch-cnn-train',
            ...torchCase,
          }),
        ),
      );
    }
    const inputs = set.pixels.subarray(0, CNN_BATCH * set.height * set.width * set.channels);
    for (const threads of THREADS) {
      const used = engines.slice(0, threads);
      await Promise.all(
        used.map((e) => e.client.call('replicaLoad', { network, precision: 'float32' })),
      );
      const share = CNN_BATCH / threads;
      const size = set.height * set.width * set.channels;
      const predict = () =>
        Promise.all(
          used.map((e, i) =>
            e.client.call('replicaPredict', {
              inputs: inputs.slice(i * share * size, (i + 1) * share * size),
              count: share,
              flip: false,
            }),
          ),
        );
      rows.push(
        await measureRow(
          `CNN inference, cats-vs-dogs shape, batch ${CNN_BATCH}`,
          threads,
          rateUnit('img/s', CNN_BATCH),
          { name: OURS, sample: sampler(predict) },
          processSide('PyTorch', refs.torch.get(threads), {
            kind: 'torch-cnn-infer',
            ...torchCase,
          }),
        ),
      );
    }
    notes.push(
      `CNN: ${THREADS.join(' and ')} engine workers (the CLI's --workers) with float32 kernels; the trainer ` +
        'step is SGD Nesterov, shift 4 + flip augmentation, label smoothing 0.1 (IMAGE_DEFAULTS), ' +
        'and PyTorch does the same at torch.set_num_threads = the thread count.',
    );
  } finally {
    await Promise.all(engines.map((e) => e.close()));
  }
  return { rows, notes };
}
