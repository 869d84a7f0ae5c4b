/**
 * `evaluate` on a folder of class subfolders: the pictures decoded at the model's input size,
 * scored on worker threads. `split` takes only the pictures that `train` trained or validated
 * on (the same file-name hash and the share it recorded), so the figure matches its report.
 */
import { availableParallelism } from 'node:os';
import { splitByHash, type ImageSet } from '../../src-shared/data/image-set.ts';
import { precisionOf } from '../../src-shared/net/network.ts';
import { evaluateOn, evaluationChunk, type Evaluation } from '../../src-shared/train/evaluate.ts';
import type { MemoryLimit } from '../../src-shared/net/budget.ts';
import { requireBudget } from '../memory-limit.ts';
import { pictureSamples } from '../../src-shared/train/samples.ts';
import { engineReplica } from '../../src-shared/worker/replica-ops.ts';
import { lossFor } from '../../src-shared/worker/train-handler.ts';
import { startNodeEngine } from '../engine-node.ts';
import { confidentMistakes, rightOf, type EvaluationReport } from '../evaluation-report.ts';
import type { ModelInput } from '../model-input.ts';
import type { Runnable } from '../read-model.ts';
import { nonFiniteLoss } from '../evaluate-rows.ts';
import { finiteForward } from '../finite-outputs.ts';
import { sizeOf, tensor } from '../../src-shared/tensor/tensor.ts';
import { renumbering } from '../class-labels.ts';
import type { CommandIo } from '../usage.ts';
import { loadImageFolder } from './load-folder.ts';
import { LoadProgressPrinter } from './progress.ts';

export interface FolderOptions {
  split: 'all' | 'train' | 'validation';
  /** The validation share the hash split uses. */
  share: number;
  /** Average each picture's answer with its mirror image's. */
  testFlip: boolean;
  /** Print the loading progress. */
  progress: boolean;
  limit: MemoryLimit;
}

export async function evaluateFolder(
  modelPath: string,
  model: Runnable,
  input: Extract<ModelInput, { kind: 'pictures' }>,
  classNames: string[],
  folder: string,
  options: FolderOptions,
  io: CommandIo,
): Promise<EvaluationReport> {
  const workers = Math.min(2, availableParallelism());
  const printer = new LoadProgressPrinter(io);
  const loaded = await loadImageFolder(folder, {
    height: input.height,
    width: input.width,
    channels: input.channels,
    onProgress: (done, total) => options.progress && printer.progress(done, total),
    // Every picture held, each worker's chunk in a pass: refused before any is read.
    onListed: (count) => {
      const shape = [input.height, input.width, input.channels];
      const chunk = evaluationChunk(sizeOf(shape), count, workers);
      requireBudget(modelPath, model.network, {
        ...{ batch: chunk * workers, replicas: workers, mode: 'forward', limit: options.limit },
        ...{ data: { kind: 'pictures', count, shape }, nodeIds: model.nodeIds },
      });
    },
  });
  if (options.progress) printer.end();
  const set = inModelClasses(loaded.set, classNames, folder);
  const { split, share } = options;
  const indices =
    split === 'all' ? Int32Array.from(set.labels.keys()) : splitByHash(set.files, share)[split];
  if (indices.length === 0) throw new Error(`${folder}: no pictures in the ${split} split`);

  const engines = Array.from({ length: workers }, () => startNodeEngine());
  let result: Evaluation;
  try {
    const replicas = engines.map((e) => engineReplica(e.client));
    const { network } = model;
    await Promise.all(replicas.map((r) => r.load(network, precisionOf(network))));
    result = await evaluateOn(replicas, pictureSamples(set, indices), {
      loss: lossFor(network),
      outputs: classNames.length,
      endsWithSoftmax: network.layers.at(-1)?.type === 'softmax',
      testFlip: options.testFlip,
    });
  } finally {
    await Promise.all(engines.map((e) => e.close()));
  }
  if (!Number.isFinite(result.loss) || result.confidence?.some((c) => !Number.isFinite(c))) {
    throw new Error(locateNonFinite(model, set, indices) ?? nonFiniteLoss(folder, result.loss));
  }
  const { confusion, predicted, confidence } = result;
  // classNamesOf gave the model's classes, so its outputs are class scores.
  if (!confusion || !predicted || !confidence) {
    throw new Error(`${modelPath}: the network is not a classifier`);
  }
  return {
    model: modelPath,
    data: folder,
    split,
    splitRule: split === 'all' ? null : `file-name hash, share ${share}`,
    reading: null,
    samples: indices.length,
    right: rightOf(confusion),
    accuracy: result.accuracy,
    loss: result.loss,
    classes: classNames,
    confusion,
    skipped: loaded.skipped,
    mistakes: confidentMistakes({
      inputs: (k) => set.files[indices[k]!]!,
      truths: Array.from(indices, (i) => set.labels[i]!),
      predicted,
      confidence,
      classNames,
    }),
  };
}

/**
 * The first picture whose forward pass gives Infinity or NaN, as checkFinite words it; null when
 * every picture's outputs are finite (the loss overflowed on its own). Only run on failure, one
 * picture at a time on this thread.
 */
function locateNonFinite(model: Runnable, set: ImageSet, indices: Int32Array): string | null {
  const size = set.height * set.width * set.channels;
  for (const i of indices) {
    const pixels = Float32Array.from(set.pixels.subarray(i * size, (i + 1) * size));
    const x = tensor(pixels, [1, set.height, set.width, set.channels]);
    try {
      finiteForward(model, x, set.files[i]!);
    } catch (error) {
      return (error as Error).message;
    }
  }
  return null;
}

/** The folder's labels renumbered in the model's class order; unknown classes are refused. */
function inModelClasses(set: ImageSet, modelClasses: string[], folder: string): ImageSet {
  const { renumber, unknown } = renumbering(set.classNames, modelClasses);
  if (unknown.length > 0) {
    // The data does not fit the model: bad input (exit 1), not a wrong command line.
    throw new Error(
      `${folder}: class folder${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the model's classes (${modelClasses.join(', ')})`,
    );
  }
  return { ...set, classNames: modelClasses, labels: set.labels.map((l) => renumber[l]!) };
}
