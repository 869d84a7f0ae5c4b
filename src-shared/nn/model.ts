/** A model document: the network plus what a learner keeps with it. */
import type { Tensor } from '../tensor/tensor.ts';
import type { Network } from './network.ts';

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

export interface Model {
  readonly network: Network;
  readonly examples: readonly InputExample[];
  readonly metadata: ModelMetadata;
}
