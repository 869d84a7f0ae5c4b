/** A model document: the network plus what a learner keeps with it. */
import type { Tensor } from '../tensor/tensor.ts';
import type { TrainSettings } from '../worker/train-types.ts';
import type { Network } from '../net/network.ts';

export interface InputExample {
  readonly name: string;
  /** Shape (batch, features): one sample is a batch of one. */
  readonly inputs: Tensor;
}

export type MetadataValue = string | number | boolean;

export interface ModelMetadata {
  readonly name?: string;
  readonly description?: string;
  /** ISO 8601 date-times. */
  readonly created?: string;
  readonly modified?: string;
  readonly [key: string]: MetadataValue | undefined;
}

/** Where a layer's card sits on the editor's canvas, in canvas units. */
export interface LayerPosition {
  readonly x: number;
  readonly y: number;
}

/** How a model was trained, so it reopens with its settings and curves. */
export interface TrainingRecord {
  /** The data set: a generated one ("spiral:3x100") or a file name ("iris.csv"). */
  readonly dataset: string;
  readonly settings: TrainSettings;
  /** One entry per step; validation values only at epoch ends (null elsewhere). */
  readonly history: {
    readonly step: readonly number[];
    readonly loss: readonly number[];
    readonly accuracy: readonly number[];
    readonly validationLoss: readonly (number | null)[];
    readonly validationAccuracy: readonly (number | null)[];
  };
}

export interface Model {
  readonly network: Network;
  readonly examples: readonly InputExample[];
  readonly metadata: ModelMetadata;
  /**
   * The learner's arrangement: layout[i] places network.layers[i]. Absent (or a null or
   * missing entry) leaves that layer to the editor's automatic layout.
   */
  readonly layout?: readonly (LayerPosition | null)[];
  /** Present once the model has been trained in the app or with `weightcraft train`. */
  readonly training?: TrainingRecord;
}
