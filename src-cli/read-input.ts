/** Reads a batch of inputs from a JSON nested array or a CSV file. */
import {
  CsvError,
  describeReading,
  parseCsvNumbers,
  type CsvReading,
} from '../src-shared/data/csv.ts';
import type { CommandIo } from './usage.ts';
import { parseJson } from '../src-shared/model-file/parse-json.ts';
import { fromNested, nestedShape, type Tensor } from '../src-shared/tensor/tensor.ts';

export interface ParsedInputs {
  tensor: Tensor;
  /** How a CSV file was read (delimiter, decimal mark); null for JSON. */
  reading: CsvReading | null;
}

/** A JSON array of numbers (one sample) or of rows (a batch); or CSV rows, an optional header first. */
export function parseInputs(text: string, fileName: string): ParsedInputs {
  if (text.trimStart().startsWith('[')) {
    return { tensor: parseJsonInputs(text, fileName), reading: null };
  }
  return parseCsvInputs(text, fileName);
}

/** The model file's JSON reader: positions in its messages, and bounded depth, values and lists. */
function parseJsonInputs(text: string, fileName: string): Tensor {
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (error) {
    throw new Error(`${fileName}: ${(error as Error).message}`, { cause: error });
  }
  const shape = nestedShape(value);
  if ('error' in shape) throw new Error(`${fileName}: ${shape.error}`);
  if (shape.shape.length < 1 || shape.shape.length > 2 || shape.shape.includes(0)) {
    throw new Error(
      `${fileName}: expected a list of numbers or a list of rows (batch × features), found ${shape.shape.length}-D data of shape (${shape.shape.join(', ')})`,
    );
  }
  return fromNested(value as number[]);
}

/** CSV rows through the one CSV reader that `train` and `evaluate` use. */
function parseCsvInputs(text: string, fileName: string): ParsedInputs {
  try {
    const { rows, reading } = parseCsvNumbers(text);
    return { tensor: fromNested(rows), reading };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new Error(`${fileName}: ${error.message.replaceAll('\n', '; ')}`, { cause: error });
  }
}

/**
 * `forward` and `predict` print results alone on stdout (JSON or NumPy text), so a reading other
 * than comma-delimited with decimal points is said on stderr, where it cannot break a parser.
 */
export function sayReading(file: string, { reading }: ParsedInputs, io: CommandIo): void {
  if (reading && !(reading.delimiter === ',' && reading.decimal === '.')) {
    io.warn(`${file} read as ${describeReading(reading)}`);
  }
}
