/**
 * `weightcraft evaluate MODEL DATA`: any classifier's loss, accuracy and confusion matrix on
 * data of its kind, as a table or (`--json`) one JSON object with the same keys for every kind.
 * The data names its reader: a folder is pictures in class subfolders; a file is a CSV file;
 * NAME:CLASSESxPOINTS is a generated data set. Data the model cannot take is refused naming
 * what the model takes and what was found.
 */
import { existsSync } from 'node:fs';
import { validationShareOf } from '../../src-shared/train/validation-share.ts';
import { testFlipOf } from '../../src-shared/model-file/training-record.ts';
import { parseLabels } from '../class-labels.ts';
import { evaluateRows, ROWS_HINT, rowsText } from '../evaluate-rows.ts';
import { reportJson, reportText, type EvaluationReport } from '../evaluation-report.ts';
import { classNamesOf, DataMisfitError, modelInput, type ModelInput } from '../model-input.ts';
import { parseChoice, parseNumber, parseWhole } from '../options.ts';
import { isDataSetName, readData, type LoadedData } from '../read-data.ts';
import { readModel, runnable, type Runnable } from '../read-model.ts';
import { isFolder } from '../read-text.ts';
import { UsageError, type CommandIo } from '../usage.ts';
import { memoryLimit, requireBudget } from '../memory-limit.ts';
import type { MemoryLimit } from '../../src-shared/net/budget.ts';

export interface EvaluateOptions {
  /** CSV files: the label column. */
  label?: string;
  /** CSV files, for a model without stored class names: the label of class 0, 1, …. */
  labels?: string;
  /** Generated data sets: their seed. */
  seed?: string;
  /** Folders: all pictures, or the part `train` trained or validated on. */
  split?: string;
  /** Folders: the validation share of that split; the one training recorded by default. */
  validation?: string;
  /** Folders: score each picture alone, not averaged with its mirror image. */
  'no-test-flip'?: boolean;
  json: boolean;
  'memory-limit'?: string;
}

const FOLDER_HINT = 'a folder of class subfolders';

export async function evaluateCommand(
  modelPath: string | undefined,
  source: string | undefined,
  options: EvaluateOptions,
  io: CommandIo,
): Promise<void> {
  if (!modelPath || !source) {
    throw new UsageError(
      'evaluate needs a model and data: weightcraft evaluate MODEL DATA (a folder of class subfolders, a CSV file, or a data set such as spiral:3x100)',
    );
  }
  const limit = memoryLimit(options['memory-limit']);
  const model = runnable(await readModel(modelPath), modelPath);
  const input = modelInput(model.network, modelPath);
  const report = (await isFolder(source))
    ? await onFolder(modelPath, model, input, source, { ...options, limit }, io)
    : await onRows(modelPath, model, input, source, { ...options, limit });
  io.stdout(options.json ? reportJson(report) : reportText(report));
}

async function onFolder(
  modelPath: string,
  model: Runnable,
  input: ModelInput,
  folder: string,
  options: EvaluateOptions & { limit: MemoryLimit },
  io: CommandIo,
): Promise<EvaluationReport> {
  if (input.kind !== 'pictures') {
    throw new DataMisfitError(modelPath, input, ROWS_HINT, `${folder} is a folder of pictures`);
  }
  onlyFor(options, ['label', 'labels', 'seed'], 'CSV files and generated data sets');
  const classNames = classNamesOf(model, modelPath);
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
  // Lazily: sharp (libvips) loads only when there are pictures to decode.
  const { evaluateFolder } = await import('../images/evaluate-folder.ts');
  return evaluateFolder(
    modelPath,
    model,
    input,
    classNames,
    folder,
    {
      split,
      share,
      testFlip: !options['no-test-flip'] && testFlipOf(model.training),
      progress: !options.json,
      limit: options.limit,
    },
    io,
  );
}

async function onRows(
  modelPath: string,
  model: Runnable,
  input: ModelInput,
  source: string,
  options: EvaluateOptions & { limit: MemoryLimit },
): Promise<EvaluationReport> {
  const seed = parseWhole(options.seed ?? '0', '--seed', 2 ** 32 - 1);
  const labels = parseLabels(options.labels);
  if (input.kind === 'pictures' && !existsSync(source) && !isDataSetName(source)) {
    throw new Error(`${source}: no such folder (${modelPath} takes ${FOLDER_HINT})`);
  }
  const data = await readRows(source, { label: options.label, seed }, (found) =>
    input.kind === 'pictures'
      ? new DataMisfitError(
          modelPath,
          input,
          FOLDER_HINT,
          `${found}: weightcraft predict ${modelPath} ${source} classifies one picture`,
        )
      : new DataMisfitError(modelPath, input, ROWS_HINT, found),
  );
  if (input.kind === 'pictures') {
    throw new DataMisfitError(modelPath, input, FOLDER_HINT, rowsText(data));
  }
  onlyFor(options, ['split', 'validation', 'no-test-flip'], 'folders of pictures');
  // Every row in one pass, as the probabilities are computed.
  const [count, features] = data.x.shape as [number, number];
  requireBudget(modelPath, model.network, {
    ...{ batch: count, mode: 'forward', limit: options.limit, nodeIds: model.nodeIds },
    data: { kind: 'rows', count, features },
  });
  return evaluateRows(modelPath, model, input, data, labels);
}

/**
 * A CSV file or a generated data set. A picture file given instead gets `misfit`'s message,
 * with the picture's size, rather than the CSV reader's complaint about its bytes.
 */
async function readRows(
  source: string,
  options: { label: string | undefined; seed: number },
  misfit: (found: string) => Error,
): Promise<LoadedData> {
  try {
    return await readData(source, options);
  } catch (error) {
    const { pictureDimensions } = await import('../images/decode.ts');
    const size = await pictureDimensions(source);
    if (!size) throw error;
    throw misfit(`${source} is a picture (${size.width}×${size.height} pixels)`);
  }
}

/** Refuses options that do not apply to the data given. */
function onlyFor(options: EvaluateOptions, names: (keyof EvaluateOptions)[], kind: string): void {
  const given = names.find((name) => options[name] !== undefined);
  if (given) throw new UsageError(`--${given} applies to ${kind} only`);
}
