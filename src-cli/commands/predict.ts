/**
 * `weightcraft predict MODEL INPUT...`: the class and its probability for each input, one line
 * each (`--json`: one object each, the same keys for every kind). A picture model takes picture
 * files, decoded and resized as training decoded its folder; a model of rows takes JSON or CSV
 * files of rows, scaled as its training file was, and answers for every row. A file that is not
 * a picture gets its own message line and the exit code 1, after the others are done; a file of
 * the wrong kind for the model stops the command with a message naming both shapes.
 */
import type { Tensor } from '../../src-shared/tensor/tensor.ts';
import { applyNormalization } from '../../src-shared/data/normalize.ts';
import { testFlipOf } from '../../src-shared/model-file/training-record.ts';
import { classNamesOf, DataMisfitError, modelInput, type ModelInput } from '../model-input.ts';
import {
  pictureProbabilities,
  predictionLine,
  rowProbabilities,
  toPrediction,
  type Prediction,
} from '../prediction.ts';
import { parseInputs, sayReading, type ParsedInputs } from '../read-input.ts';
import { readModel, runnable, type Runnable } from '../read-model.ts';
import { printable } from '../printable.ts';
import { readText } from '../read-text.ts';
import { memoryLimit, requireBudget } from '../memory-limit.ts';
import type { MemoryLimit } from '../../src-shared/net/budget.ts';
import { ReadError } from '../../src-node/files.ts';
import { readPreprocessing } from '../trained.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export interface PredictOptions {
  /** Pictures: each alone, not averaged with its mirror image. */
  'no-test-flip'?: boolean;
  json: boolean;
  'memory-limit'?: string;
}

const PICTURES_HINT = 'picture files';
const ROWS_HINT = 'JSON or CSV files of rows';

export async function predictCommand(
  modelPath: string | undefined,
  files: string[],
  options: PredictOptions,
  io: CommandIo,
): Promise<void> {
  if (!modelPath || files.length === 0) {
    throw new UsageError(
      'predict needs a model and at least one input: weightcraft predict MODEL INPUT... (picture files, or JSON or CSV files of rows)',
    );
  }
  const limit = memoryLimit(options['memory-limit']);
  const model = runnable(await readModel(modelPath), modelPath);
  const input = modelInput(model.network, modelPath);
  const { network, nodeIds } = model;
  // Pictures one at a time: refused before the first is decoded.
  if (input.kind === 'pictures') {
    requireBudget(modelPath, network, { batch: 1, mode: 'forward', nodeIds, limit });
  }
  const classNames = classNamesOf(model, modelPath);
  const print = (p: Prediction) =>
    io.stdout(options.json ? `${JSON.stringify(p)}\n` : `${predictionLine(p)}\n`);
  if (input.kind === 'rows') {
    if (options['no-test-flip']) throw new UsageError('--no-test-flip applies to pictures only');
    for (const file of files) {
      for (const p of await predictRows(modelPath, model, input, classNames, file, limit, io)) {
        print(p);
      }
    }
    return;
  }
  const { decodeImageFile, PictureError } = await import('../images/decode.ts');
  const flip = !options['no-test-flip'] && testFlipOf(model.training);
  const failed: string[] = [];
  for (const file of files) {
    let pixels: Uint8Array;
    try {
      pixels = await decodeImageFile(file, input);
    } catch (error) {
      if (!(error instanceof PictureError)) throw error;
      const rows = await asRows(file);
      if (rows) throw new DataMisfitError(modelPath, input, PICTURES_HINT, rowsFound(file, rows));
      failed.push(error.message);
      io.stdout(
        options.json
          ? `${JSON.stringify({ input: file, error: error.message })}\n`
          : `${printable(error.message)}\n`,
      );
      continue;
    }
    print(toPrediction(file, pictureProbabilities(model, pixels, flip, file), classNames));
  }
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${files.length} file${files.length === 1 ? ' is' : 's are'} not pictures the model could read`,
    );
  }
}

/** Every row of a JSON or CSV file, scaled as the model's training data was. */
async function predictRows(
  modelPath: string,
  model: Runnable,
  input: Extract<ModelInput, { kind: 'rows' }>,
  classNames: string[],
  file: string,
  limit: MemoryLimit,
  io: CommandIo,
): Promise<Prediction[]> {
  let parsed: ParsedInputs;
  try {
    parsed = parseInputs(await readText(file, 'input'), file);
  } catch (error) {
    // A file that cannot be read (missing, a FIFO, not UTF-8) is not worth a look as a picture.
    if (error instanceof ReadError && !/not a text file/.test(error.reason)) throw error;
    const { pictureDimensions } = await import('../images/decode.ts');
    const size = await pictureDimensions(file);
    if (!size) throw error;
    throw new DataMisfitError(
      modelPath,
      input,
      ROWS_HINT,
      `${file} is a picture (${size.width}×${size.height} pixels)`,
    );
  }
  sayReading(file, parsed, io);
  const rows = asBatch(parsed.tensor);
  const features = rows.shape[1]!;
  if (features !== input.features) {
    throw new DataMisfitError(modelPath, input, ROWS_HINT, rowsFound(file, rows));
  }
  let normalization;
  try {
    normalization = readPreprocessing(model.training, features).normalization;
  } catch (error) {
    throw new Error(`${modelPath}: ${(error as Error).message}`, { cause: error });
  }
  const { network, nodeIds } = model;
  requireBudget(modelPath, network, { batch: rows.shape[0]!, mode: 'forward', nodeIds, limit });
  const x = normalization ? applyNormalization(normalization, rows) : rows;
  const probabilities = rowProbabilities(model, x, file);
  const samples = rows.shape[0]!;
  const classes = probabilities.length / samples;
  return Array.from({ length: samples }, (_, i) =>
    toPrediction(
      `${file} row ${i + 1}`,
      probabilities.subarray(i * classes, (i + 1) * classes),
      classNames,
    ),
  );
}

/** One sample (a list of numbers) as a batch of one row. */
const asBatch = (x: Tensor): Tensor =>
  x.shape.length === 1 ? { ...x, shape: [1, x.shape[0]!] } : x;

/** A file that is not a picture but reads as rows of numbers: its rows, else null. */
async function asRows(file: string): Promise<Tensor | null> {
  try {
    return asBatch(parseInputs(await readText(file, 'input'), file).tensor);
  } catch {
    return null;
  }
}

/** "X.csv is 3 rows of 4 features", for messages. */
function rowsFound(file: string, rows: Tensor): string {
  const [n, features] = rows.shape as [number, number];
  return `${file} is ${n} row${n === 1 ? '' : 's'} of ${features} feature${features === 1 ? '' : 's'}`;
}
