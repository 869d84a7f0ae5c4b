/** Reads and validates a model file, with the file name in front of any message. */
import { parseModelFile } from '../src-shared/model-file/index.ts';
import { runnableGraph } from '../src-shared/document/model-io.ts';
import type { Model, TrainingRecord } from '../src-shared/nn/model.ts';
import type { Network } from '../src-shared/net/network.ts';
import { readText } from './read-text.ts';

export async function readModel(path: string): Promise<Model> {
  const text = await readText(path, 'model');
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
