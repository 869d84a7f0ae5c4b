/**
 * What a model takes and what it tells apart, as `evaluate` and `predict` need it: rows of
 * features or pictures of a size, and its class names. Data of the wrong kind is refused in one
 * line naming what the model takes and what was found.
 */
import { layerShapes, type Network } from '../src-shared/net/network.ts';
import { lossFor } from '../src-shared/worker/train-handler.ts';
import type { Runnable } from './read-model.ts';

export type ModelInput =
  | { kind: 'rows'; features: number }
  | { kind: 'pictures'; height: number; width: number; channels: 1 | 3 };

/** The model's input layer as a kind of data. */
export function modelInput(network: Network, path: string): ModelInput {
  const first = network.layers[0];
  if (first?.type === 'image-input') {
    const { height, width, channels } = first;
    return { kind: 'pictures', height, width, channels };
  }
  if (first?.type === 'input') return { kind: 'rows', features: first.units };
  throw new Error(
    `${path}: the network starts with ${first?.type ?? 'nothing'}, not an input layer`,
  );
}

/** "rows of 4 features", "8×8×3 pictures". */
export function inputText(input: ModelInput): string {
  if (input.kind === 'rows') {
    return `rows of ${input.features} feature${input.features === 1 ? '' : 's'}`;
  }
  return `${input.height}×${input.width}×${input.channels} pictures`;
}

/** Data of a kind or shape the model cannot take: exit code 1, with both shapes named. */
export class DataMisfitError extends Error {
  override name = 'DataMisfitError';
  constructor(
    modelPath: string,
    input: ModelInput,
    /** Where to find data of the right kind: "a folder of class subfolders". */
    hint: string,
    /** What was found, a sentence's end: "blobs.csv is a CSV file of 2 features per row". */
    found: string,
  ) {
    super(`${modelPath} takes ${inputText(input)} (${hint}), but ${found}`);
  }
}

/**
 * The classes a classifier tells apart: the names `train` stored, else "0", "1", ... (as a
 * generated data set names them). Softmax puts out one unit per class; sigmoid one unit for
 * two classes; any other last layer is not a classifier.
 */
export function classNamesOf(model: Runnable, path: string): string[] {
  const output = layerShapes(model.network).at(-1)!;
  if (output.length !== 1) {
    throw new Error(
      `${path}: the network ends with a ${output.join('×')} picture, not one score per class: end it with Flatten or GlobalAvgPool and Dense(classes)`,
    );
  }
  const units = output[0]!;
  const last = model.network.layers.at(-1)!.type;
  const loss = lossFor(model.network);
  if (loss === 'mse') {
    throw new Error(
      `${path}: the network ends in a ${last} layer, so it is not a classifier: end it in softmax (one unit per class) or sigmoid (two classes)`,
    );
  }
  const classes = loss === 'binary-crossentropy' ? 2 : units;
  if (loss === 'binary-crossentropy' && units !== 1) {
    throw new Error(
      `${path}: a sigmoid output tells 2 classes apart with 1 unit, but the network puts out ${units}`,
    );
  }
  const stored = model.training?.classNames ? [...model.training.classNames] : null;
  if (stored && stored.length !== classes) {
    throw new Error(
      `${path}: the training record names ${stored.length} classes, but the network tells ${classes} apart`,
    );
  }
  return stored ?? Array.from({ length: classes }, (_, k) => String(k));
}
