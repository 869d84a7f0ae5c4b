/**
 * `weightcraft evaluate MODEL --data FOLDER`: accuracy, loss and the confusion matrix of an
 * image model on a folder of class subfolders, computed on worker threads, and the pictures it
 * got most confidently wrong. `--split validation` takes only the pictures that `train` held
 * out (the same file-name hash and the share it recorded), so the figure matches its report.
 */
import { availableParallelism } from 'node:os';
import { splitByHash, type ImageSet } from '../../src-shared/data/image-set.ts';
import { validationShareOf } from '../../src-shared/train/validation-share.ts';
import { precisionOf } from '../../src-shared/net/network.ts';
import { evaluateOn, type Evaluation } from '../../src-shared/train/evaluate.ts';
import { pictureSamples } from '../../src-shared/train/samples.ts';
import { engineReplica } from '../../src-shared/worker/replica-ops.ts';
import { lossFor } from '../../src-shared/worker/train-handler.ts';
import { testFlipOf } from '../../src-shared/model-file/training-record.ts';
import type { Runnable } from '../read-model.ts';
import { startNodeEngine } from '../engine-node.ts';
import { loadImageFolder } from '../images/load-folder.ts';
import { LoadProgressPrinter } from '../images/progress.ts';
import { parseChoice, parseNumber } from '../options.ts';
import { formatAccuracy, formatLoss } from '../progress.ts';
import { UsageError, type CommandIo } from '../usage.ts';
import { confusionTable } from './evaluate.ts';
import { classNamesOf } from './predict.ts';
import { visionLayers } from './train-images.ts';

export interface EvaluateImagesOptions {
  split?: string;
  validation?: string;
  json: boolean;
}

const MISTAKES_SHOWN = 10;

export async function evaluateImagesCommand(
  modelPath: string,
  model: Runnable,
  folder: string,
  options: EvaluateImagesOptions,
  io: CommandIo,
): Promise<void> {
  const layers = visionLayers(model.network, modelPath);
  const input = layers[0] as { height: number; width: number; channels: 1 | 3 };
  const modelClasses = classNamesOf(model, modelPath);
  const split = parseChoice(options.split ?? 'all', '--split', [
    'all',
    'validation',
    'train',
  ] as const);
  const share = options.validation
    ? parseNumber(options.validation, '--validation', {
        min: 0,
        max: 0.5,
        minOpen: true,
        expected: 'a share above 0, up to 0.5',
      })
    : validationShareOf(model.training);

  const printer = new LoadProgressPrinter(io);
  const loaded = await loadImageFolder(folder, {
    height: input.height,
    width: input.width,
    channels: input.channels,
    onProgress: (done, total) => !options.json && printer.progress(done, total),
  });
  if (!options.json) printer.end();
  const set = inModelClasses(loaded.set, modelClasses, folder);
  const parts = splitByHash(set.files, share);
  const indices = split === 'all' ? Int32Array.from(set.labels.keys()) : parts[split];
  if (indices.length === 0) throw new Error(`${folder}: no pictures in the ${split} split`);

  const workers = Math.min(2, availableParallelism());
  const engines = Array.from({ length: workers }, () => startNodeEngine());
  let result: Evaluation;
  try {
    const replicas = engines.map((e) => engineReplica(e.client));
    const network = { ...model.network, layers };
    await Promise.all(replicas.map((r) => r.load(network, precisionOf(network))));
    result = await evaluateOn(replicas, pictureSamples(set, indices), {
      loss: lossFor(network),
      outputs: modelClasses.length,
      endsWithSoftmax: layers.at(-1)?.type === 'softmax',
      testFlip: testFlipOf(model.training),
    });
  } finally {
    await Promise.all(engines.map((e) => e.close()));
  }
  const mistakes = confidentMistakes(result, set, indices, modelClasses);
  if (options.json) {
    io.stdout(
      JSON.stringify({
        loss: result.loss,
        accuracy: result.accuracy,
        confusion: result.confusion,
        samples: indices.length,
        classes: modelClasses,
        skipped: loaded.skipped,
        mistakes,
      }) + '\n',
    );
    return;
  }
  const right = result.confusion!.reduce((sum, row, i) => sum + row[i]!, 0);
  const where = split === 'all' ? '' : ` (${split} split: file-name hash, share ${share})`;
  io.stdout(
    `${modelPath} on ${folder}${where}: ${indices.length} pictures` +
      (loaded.skipped.length ? `, ${loaded.skipped.length} files skipped (not pictures)` : '') +
      '\n' +
      `loss      ${formatLoss(result.loss)}\n` +
      `accuracy  ${formatAccuracy(result.accuracy)}  (${right} of ${indices.length} right)\n\n` +
      confusionTable(result.confusion!, modelClasses) +
      (mistakes.length
        ? `\nmost confident mistakes:\n` +
          mistakes
            .slice(0, MISTAKES_SHOWN)
            .map((m) => `  ${m.file}: ${m.predicted} ${(m.confidence * 100).toFixed(1)}%\n`)
            .join('')
        : ''),
  );
}

/** The folder's labels renumbered in the model's class order; unknown classes are refused. */
function inModelClasses(set: ImageSet, modelClasses: string[], folder: string): ImageSet {
  const index = new Map(modelClasses.map((name, i) => [name, i]));
  const unknown = set.classNames.filter((name) => !index.has(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `${folder}: class folder${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the model's classes (${modelClasses.join(', ')})`,
    );
  }
  const renumber = set.classNames.map((name) => index.get(name)!);
  return { ...set, classNames: modelClasses, labels: set.labels.map((l) => renumber[l]!) };
}

export interface Mistake {
  file: string;
  truth: string;
  predicted: string;
  confidence: number;
}

/** Wrong predictions, most confident first. */
export function confidentMistakes(
  result: Evaluation,
  set: ImageSet,
  indices: ArrayLike<number>,
  classNames: string[],
): Mistake[] {
  const mistakes: Mistake[] = [];
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!result.predicted || !result.confidence || result.predicted[k] === set.labels[i]) continue;
    mistakes.push({
      file: set.files[i]!,
      truth: classNames[set.labels[i]!]!,
      predicted: classNames[result.predicted[k]!]!,
      confidence: result.confidence[k]!,
    });
  }
  return mistakes.sort((a, b) => b.confidence - a.confidence);
}
