/** What the engine's `train` operation takes, reports while it runs, and returns. */
import type { ImageSet } from '../data/image-set.ts';
import type { Network } from '../net/network.ts';
import type { Regions } from '../nn/regions.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { HealthHint } from '../train/training-health.ts';
import type { TrainerCheckpoint } from '../train/trainer.ts';

/** Rows of features with a class per row (the spiral, a CSV file). */
export interface FeatureData {
  kind?: 'features';
  /** Shape (samples, features). */
  x: Tensor;
  /** Class index per sample. */
  y: Int32Array;
  classes: number;
}

/**
 * A folder of pictures; `settings.validationSplit` holds out pictures by a hash of their file
 * names, the same ones `weightcraft train` holds out.
 */
export interface PictureData {
  kind: 'pictures';
  set: ImageSet;
  /** Average each validation picture's outputs with its mirror image's. */
  testFlip: boolean;
}

export type TrainData = FeatureData | PictureData;

/** Metrics of one training step. */
export interface StepPoint {
  step: number;
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface TrainProgress {
  /** Every step since the last report, so charts miss none. */
  points: StepPoint[];
  /** Validation metrics at the end of each epoch reported here. */
  validation: { step: number; loss: number; accuracy: number }[];
  /** The current weights, sent a few times a second for the canvas. */
  network: Network | null;
  regions: Regions | null;
  /** Rows: true class, columns: predicted class, on the training rows (the validation pictures). */
  confusion: number[][] | null;
  paused: boolean;
  /** Signs raised since the last report that the run cannot learn (each once per run). */
  hints: HealthHint[];
  /** The run's steps per epoch and in all, for progress bars and time left. */
  steps?: { perEpoch: number; total: number };
}

export interface TrainResult {
  network: Network;
  reason: 'finished' | 'stopped' | 'non-finite';
  /** Why training stopped early, with a hint (e.g. lower the learning rate). */
  message: string | null;
  step: number;
  epoch: number;
  /** The optimizer's state, to go on training where this run ended. */
  checkpoint: TrainerCheckpoint;
}

/** Continues an earlier run: its optimizer state, and the epochs it already trained. */
export interface TrainResume {
  checkpoint: TrainerCheckpoint;
  epochsDone: number;
}

/** Signals a running `train` call understands. */
export type TrainSignal = 'pause' | 'resume' | 'step' | 'stop';
