/** What image training takes, reports and returns. */
import type { Layer } from '../layers/index.ts';
import type { LossName } from '../train/losses.ts';
import type { Precision } from '../train/settings.ts';

export interface ImageTrainSettings {
  epochs: number;
  batchSize: number;
  optimizer: 'sgd' | 'adam';
  /** The peak learning rate of the one-cycle schedule (or the constant rate). */
  learningRate: number;
  schedule: 'one-cycle' | 'constant';
  /** SGD's momentum (Nesterov). */
  momentum: number;
  /** Weight decay on weights, not biases or BatchNorm (L2 with SGD, decoupled with Adam). */
  weightDecay: number;
  /** Targets (1 − ε) · onehot + ε / classes. */
  labelSmoothing: number;
  /** Random shifts of up to `pad` pixels, and left–right flips, while training. */
  pad: number;
  flip: boolean;
  /** Average each validation picture's prediction with its mirror image's. */
  testFlip: boolean;
  /** Seeds the initial shuffles, augmentation and dropout. */
  seed: number;
  /** Default categorical cross-entropy. */
  loss?: LossName;
  /** Default float32. */
  precision?: Precision;
}

export const DEFAULT_IMAGE_SETTINGS: ImageTrainSettings = {
  epochs: 20,
  batchSize: 64,
  optimizer: 'sgd',
  learningRate: 0.1,
  schedule: 'one-cycle',
  momentum: 0.9,
  weightDecay: 5e-4,
  labelSmoothing: 0.1,
  pad: 4,
  flip: true,
  testFlip: true,
  seed: 0,
};

export interface ImageStepPoint {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
  learningRate: number;
}

export interface Evaluation {
  loss: number;
  accuracy: number;
  /** Rows: true class, columns: predicted class. */
  confusion: number[][];
  /** Per picture, in the order given: the predicted class and its probability. */
  predicted: Int32Array;
  confidence: Float32Array;
}

export interface ImageEpochReport {
  epoch: number;
  step: number;
  /** Mean training loss and accuracy over the epoch (augmented pictures). */
  loss: number;
  accuracy: number;
  validation: Evaluation | null;
  seconds: number;
  /** The network at the end of this epoch, to save as a checkpoint. */
  layers: Layer[];
}

export interface ImageTrainResult {
  layers: Layer[];
  reason: 'finished' | 'stopped' | 'non-finite';
  message: string | null;
  epochs: ImageEpochReport[];
}
