/** Reads and validates a model file, with the file name in front of any message. */
import { readFile, stat } from 'node:fs/promises';
import { MAX_FILE_BYTES, parseModelFile } from '../src-shared/model-file/index.ts';
import { runnableGraph } from '../src-shared/document/model-io.ts';
import type { Model, TrainingRecord } from '../src-shared/nn/model.ts';
import type { Network } from '../src-shared/net/network.ts';

export async function readModel(path: string): Promise<Model> {
  let text: string;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new Error('is a folder, not a model file');
    if (info.size > MAX_FILE_BYTES) {
      throw new Error(
        `the file is ${(info.size / 2 ** 20).toFixed(1)} MiB, over the ${MAX_FILE_BYTES / 2 ** 20} MiB limit for model files`,
      );
    }
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
    throw new Error(`${path}: ${reason}`, { cause: error });
  }
  try {
    return parseModelFile(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** A model's network as it runs, with the nodes it comes from and its training record. */
export interface Runnable {
  readonly network: Network;
  /** nodeIds[i] is the model node network.layers[i] comes from. */
  readonly nodeIds: readonly string[];
  readonly training?: TrainingRecord;
}

/**
 * The network a model runs (what its first input reaches) and the node each layer comes from; a
 * model that cannot run (a wire whose shapes disagree, no input) is refused naming the file.
 */
export function runnable(model: Model, path: string): Runnable {
  try {
    return { ...runnableGraph(model), training: model.training };
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
}
