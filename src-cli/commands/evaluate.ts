/**
 * `weightcraft evaluate`: a model's loss, accuracy and confusion matrix on a data set, as a
 * table or (`--json`) one JSON object. A model trained by `weightcraft train` on a CSV file
 * brings its class names and feature scaling, and new data is read the same way.
 */
import { applyNormalization } from '../../src-shared/data/normalize.ts';
import { isFolder } from '../read-text.ts';
import { evaluateImagesCommand, type EvaluateImagesOptions } from './evaluate-images.ts';
import { checkFits, evaluateNetwork } from '../evaluation.ts';
import { parseWhole } from '../options.ts';
import { formatAccuracy, formatLoss } from '../progress.ts';
import { readData, type LoadedData } from '../read-data.ts';
import { readModel, runnable } from '../read-model.ts';
import { readPreprocessing } from '../trained.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export interface EvaluateOptions extends Omit<EvaluateImagesOptions, 'json'> {
  data?: string;
  label?: string;
  seed?: string;
  json: boolean;
}

export async function evaluateCommand(
  modelPath: string | undefined,
  options: EvaluateOptions,
  io: CommandIo,
): Promise<void> {
  if (!modelPath) {
    throw new UsageError('evaluate needs a model file: weightcraft evaluate MODEL --data DATA');
  }
  if (!options.data) {
    throw new UsageError('evaluate needs --data: a CSV file or a data set such as spiral:3x100');
  }
  const seed = parseWhole(options.seed ?? '0', '--seed', 2 ** 32 - 1);
  const model = runnable(await readModel(modelPath), modelPath);
  if (await isFolder(options.data)) {
    return evaluateImagesCommand(modelPath, model, options.data, options, io);
  }
  let data = await readData(options.data, { label: options.label, seed });
  const features = data.x.shape[1] as number;
  const first = model.network.layers[0];
  let stored;
  try {
    stored = readPreprocessing(model.training, first?.type === 'input' ? first.units : features);
  } catch (error) {
    throw new Error(`${modelPath}: ${(error as Error).message}`, { cause: error });
  }
  if (stored.classNames && data.features) data = inModelClasses(data, stored.classNames);
  checkFits(model.network, data, modelPath);
  const x = stored.normalization ? applyNormalization(stored.normalization, data.x) : data.x;
  const { loss, accuracy, confusion } = await evaluateNetwork(model.network, x, data.y);
  const samples = data.y.length;
  if (options.json) {
    io.stdout(
      JSON.stringify({ loss, accuracy, confusion, samples, classes: data.classNames }) + '\n',
    );
    return;
  }
  const right = confusion ? confusion.reduce((sum, row, i) => sum + row[i]!, 0) : 0;
  io.stdout(
    `${modelPath} on ${data.source}: ${samples} samples\n` +
      `loss      ${formatLoss(loss)}\n` +
      `accuracy  ${formatAccuracy(accuracy)}  (${right} of ${samples} right)\n` +
      (confusion ? `\n${confusionTable(confusion, data.classNames)}` : ''),
  );
}

/** Renumbers a CSV file's classes as the model's training file numbered them. */
function inModelClasses(data: LoadedData, classNames: string[]): LoadedData {
  const index = new Map(classNames.map((name, i) => [name, i]));
  const unknown = data.classNames.find((name) => !index.has(name));
  if (unknown !== undefined) {
    throw new Error(
      `${data.source}: the label "${unknown}" is not one of the classes the model was trained on (${classNames.join(', ')})`,
    );
  }
  const renumber = data.classNames.map((name) => index.get(name)!);
  return {
    ...data,
    y: data.y.map((c) => renumber[c]!),
    classes: classNames.length,
    classNames,
  };
}

/** Rows: true class; columns: predicted class; each labelled with the class name. */
export function confusionTable(confusion: number[][], classNames: string[]): string {
  const names = confusion.map((_, i) => classNames[i] ?? String(i));
  const corner = 'true \\ predicted';
  const first = Math.max(corner.length, ...names.map((n) => n.length));
  const width = Math.max(
    ...names.map((n) => n.length),
    ...confusion.flat().map((v) => String(v).length),
  );
  const row = (label: string, cells: string[]) =>
    [label.padEnd(first), ...cells.map((c) => c.padStart(width))].join('  ').trimEnd();
  return (
    'confusion matrix (rows: true class, columns: predicted class)\n' +
    [row(corner, names), ...confusion.map((counts, i) => row(names[i]!, counts.map(String)))].join(
      '\n',
    ) +
    '\n'
  );
}
