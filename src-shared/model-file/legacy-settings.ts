/**
 * The settings today's two trainers take, as the record's TrainingSettings: the values each
 * trainer actually uses where its own settings say nothing (dense SGD has no Nesterov and Adam
 * ε 1e-7 with nnfs's inverse-time decay; image SGD is Nesterov, image Adam ε 1e-8 with
 * decoupled weight decay). This file goes once one trainer takes TrainingSettings itself.
 */
import type { ImageTrainSettings } from '../image-train/types.ts';
import type { LossName } from '../train/losses.ts';
import {
  FEATURE_DEFAULTS,
  IMAGE_DEFAULTS,
  type Precision,
  type TrainingSettings,
} from '../train/settings.ts';
import type { TrainSettings } from '../worker/train-types.ts';

/**
 * The dense trainer's settings; `network` gives what the trainer takes when they say nothing:
 * the loss its last layer asks for and its own precision.
 */
export function fromDenseSettings(
  s: TrainSettings,
  network: { loss: LossName; precision: Precision },
): TrainingSettings {
  return {
    ...FEATURE_DEFAULTS,
    optimizer: s.optimizer,
    learningRate: s.learningRate,
    schedule: 'inverse-time',
    decay: s.decay,
    momentum: s.momentum,
    nesterov: false,
    epsilon: 1e-7,
    loss: s.loss ?? network.loss,
    batchSize: s.batchSize,
    epochs: s.epochs,
    seed: s.seed,
    validationSplit: s.validationSplit,
    precision: s.precision ?? network.precision,
  };
}

/** Back to the dense trainer's settings, for the app to show a reopened model's. */
export function toDenseSettings(s: TrainingSettings): TrainSettings {
  return {
    optimizer: s.optimizer === 'sgd' ? 'sgd' : 'adam',
    learningRate: s.learningRate,
    decay: s.decay,
    momentum: s.momentum,
    batchSize: s.batchSize,
    epochs: s.epochs,
    seed: s.seed,
    validationSplit: s.validationSplit,
    loss: s.loss,
    precision: s.precision,
  };
}

/** The image trainer's settings and the share it held out for validation. */
export function fromImageSettings(
  s: ImageTrainSettings,
  validationSplit: number,
): TrainingSettings {
  const adam = s.optimizer === 'adam';
  return {
    ...IMAGE_DEFAULTS,
    // Its Adam decays weights apart from the gradient: AdamW (image-train/trainer.ts).
    optimizer: adam ? 'adamw' : 'sgd',
    learningRate: s.learningRate,
    schedule: s.schedule,
    decay: 0,
    momentum: s.momentum,
    nesterov: true,
    epsilon: 1e-8,
    weightDecay: s.weightDecay,
    loss: s.loss ?? 'categorical-crossentropy',
    labelSmoothing: s.labelSmoothing,
    augment: { shift: s.pad, flip: s.flip },
    batchSize: s.batchSize,
    epochs: s.epochs,
    seed: s.seed,
    validationSplit,
    precision: s.precision ?? 'float32',
  };
}
