/**
 * The data `train` and `evaluate` take: a CSV file (numeric features, a label column) or a
 * generated set named NAME:CLASSESxPOINTS, such as spiral:3x100. An existing file wins over
 * the name, so a file called `spiral:3x100` is still read as a file.
 */
import { stat } from 'node:fs/promises';
import { CsvError, parseCsvDataset, type CsvReading } from '../src-shared/data/csv.ts';
import { generateDataset, parseDatasetSpec } from '../src-shared/data/generated.ts';
import type { FeatureData } from '../src-shared/worker/train-types.ts';
import { readText } from './read-text.ts';
import { contentHash } from '../src-shared/model-file/training-record.ts';
import { UsageError } from './usage.ts';

export interface LoadedData extends FeatureData {
  /** What messages call it: the path or the data set's name, as given. */
  source: string;
  /** Class i is classNames[i]: a CSV file's labels in sorted order, or "0", "1", ... */
  classNames: string[];
  /** A CSV file's feature columns; null for generated data. */
  features: string[] | null;
  /** How a CSV file was read (delimiter, decimal mark); null for generated data. */
  reading: CsvReading | null;
  /** A CSV file's content hash, for the training record; null for generated data. */
  hash: string | null;
}

export interface DataOptions {
  /** The CSV label column: a header name, or a 0-based index (−1: the last). */
  label?: string | undefined;
  /** Seeds a generated set. */
  seed: number;
}

const GENERATED = /^[a-z]+\s*:/i;

/** Whether `source` is written as a generated data set's name (NAME:...), not a path. */
export const isDataSetName = (source: string) => GENERATED.test(source);

export async function readData(source: string, options: DataOptions): Promise<LoadedData> {
  if (!(await exists(source))) {
    if (!isDataSetName(source)) {
      throw new Error(
        `${source}: no such file (a generated data set is written NAME:CLASSESxPOINTS, e.g. spiral:3x100)`,
      );
    }
    if (options.label !== undefined) throw new UsageError('--label applies to CSV files only');
    return generated(source, options.seed);
  }
  const text = await readText(source, 'data');
  try {
    const csv = parseCsvDataset(text, { label: parseLabel(options.label) });
    return {
      source,
      x: csv.train.x,
      y: csv.train.y,
      classes: csv.classes.length,
      classNames: csv.classes,
      features: csv.features,
      reading: csv.reading,
      hash: contentHash(text),
    };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // Several problems come one per line: here they share the one line of the message.
    throw new Error(`${source}: ${error.message.replaceAll('\n', '; ')}`, { cause: error });
  }
}

function generated(source: string, seed: number): LoadedData {
  let spec;
  try {
    spec = parseDatasetSpec(source);
  } catch (error) {
    throw new UsageError(`--data: ${(error as Error).message}`, { cause: error });
  }
  const { x, y, classes } = generateDataset(spec, { seed });
  return {
    source,
    x,
    y,
    classes,
    classNames: Array.from({ length: classes }, (_, i) => String(i)),
    features: null,
    reading: null,
    hash: null,
  };
}

/** A whole number is a column index, anything else a header name. */
function parseLabel(label: string | undefined): string | number | undefined {
  return label !== undefined && /^[+-]?\d+$/.test(label.trim()) ? Number(label) : label;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}
