/** Reads a batch of inputs from a JSON nested array or a CSV file. */
import { fromNested, nestedShape, type Tensor } from '../src-shared/tensor/tensor.ts';

/** A JSON array of numbers (one sample) or of rows (a batch); or CSV rows, an optional header first. */
export function parseInputs(text: string, fileName: string): Tensor {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) return parseJsonInputs(trimmed, fileName);
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

function parseCsvInputs(text: string, fileName: string): Tensor {
  const rows: number[][] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = line.split(',').map((cell) => cell.trim());
    const values = cells.map(Number);
    const bad = cells.findIndex((cell, i) => cell === '' || !Number.isFinite(values[i]));
    if (bad >= 0) {
      // A first line of words is a header; anywhere else a non-number is an error.
      if (rows.length === 0 && index === lines.findIndex((l) => l.trim() !== '')) return;
      throw new Error(
        `${fileName}: line ${index + 1}, column ${bad + 1}: expected a number, found ${JSON.stringify(cells[bad])}`,
      );
    }
    if (rows.length > 0 && values.length !== rows[0]!.length) {
      throw new Error(
        `${fileName}: line ${index + 1}: expected ${rows[0]!.length} values like the first row, found ${values.length}`,
      );
    }
    rows.push(values);
  });
  if (rows.length === 0) throw new Error(`${fileName}: no rows of numbers found`);
  return fromNested(rows);
}
