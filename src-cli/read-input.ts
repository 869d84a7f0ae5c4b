/** Reads a batch of inputs from a JSON nested array or a CSV file. */
import { CsvError, parseCsvNumbers, type CsvReading } from '../src-shared/data/csv.ts';
import { fromNested, nestedShape, type Tensor } from '../src-shared/tensor/tensor.ts';

export interface ParsedInputs {
  tensor: Tensor;
  /** How a CSV file was read (delimiter, decimal mark); null for JSON. */
  reading: CsvReading | null;
}

/** A JSON array of numbers (one sample) or of rows (a batch); or CSV rows, an optional header first. */
export function parseInputs(text: string, fileName: string): ParsedInputs {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return { tensor: parseJsonInputs(trimmed, fileName), reading: null };
  return parseCsvInputs(text, fileName);
}

function parseJsonInputs(text: string, fileName: string): Tensor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName}: not valid JSON (${(error as Error).message})`, { cause: error });
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

/** Comma-delimited with decimal points: what a CSV file is unless it says otherwise. */
export const isPlainReading = (r: CsvReading) => r.delimiter === ',' && r.decimal === '.';
