/**
 * The document's network as an image classifier the replicas can run, with its class names, or
 * the reason it is not one. Class names come from the model's training record (what
 * `weightcraft train` writes); a folder's classes are matched to them by name.
 */
import type { ImageSet } from '../../src-shared/data/image-set.ts';
import {
  modelFromDocument,
  runnableNetwork,
  type EditorDocument,
} from '../../src-shared/document/index.ts';
import type { ImageInputLayer } from '../../src-shared/layers/index.ts';
import { layerUnits, type Network } from '../../src-shared/net/network.ts';

export interface ImageModel {
  /** The layers its Image input reaches, with `inputs` when they branch and merge. */
  readonly network: Network;
  readonly input: ImageInputLayer;
  readonly outputs: number;
  /** The classes the model was trained on, in output order; null when it does not say. */
  readonly classNames: readonly string[] | null;
}

export function imageModelOf(doc: EditorDocument): ImageModel | string {
  let network;
  try {
    network = runnableNetwork(modelFromDocument(doc));
  } catch (error) {
    return `Fix the network first: ${(error as Error).message}`;
  }
  const layers = network.layers;
  const input = layers[0];
  if (input?.type !== 'image-input') {
    return 'This network takes rows of numbers; open or build one that starts with an image input.';
  }
  if (!layers.some((l) => l.type === 'dense'))
    return 'The network needs a Dense layer that gives one output per class.';
  return {
    network,
    input,
    outputs: layerUnits(network).at(-1)!,
    classNames: doc.training?.classNames ?? null,
  };
}

/**
 * The set with its labels renumbered to the model's output order, or why the two do not fit.
 * A model that names no classes takes the folder's (sorted) order.
 */
export function matchClasses(model: ImageModel, set: ImageSet): ImageSet | string {
  const folder = set.classNames;
  if (!model.classNames) {
    return folder.length === model.outputs
      ? set
      : `The model has ${model.outputs} outputs, but the folder has ${folder.length} classes (${folder.join(', ')}).`;
  }
  const names = model.classNames;
  const missing = folder.filter((name) => !names.includes(name));
  if (missing.length > 0 || names.length !== model.outputs) {
    return `The model knows the classes ${names.join(', ')}; the folder has ${folder.join(', ')}${missing.length > 0 ? ` (${missing.join(', ')} unknown to the model)` : ''}.`;
  }
  const order = folder.map((name) => names.indexOf(name));
  if (order.every((to, from) => to === from) && folder.length === names.length) return set;
  return {
    ...set,
    classNames: names,
    labels: Int32Array.from(set.labels, (label) => order[label]!),
  };
}
