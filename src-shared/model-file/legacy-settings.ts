/**
 * The Train tab's feature settings (the worker's TrainSettings) as the record's TrainingSettings:
 * SGD without Nesterov, Adam with nnfs's ε 1e-7 and inverse-time decay. This file goes once the
 * Train tab edits TrainingSettings itself.
 */
import type { LossName } from '../train/losses.ts';
import { FEATURE_DEFAULTS, type Precision, type TrainingSettings } from '../train/settings.ts';
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
