/**
 * Training settings for every network, as one trainer takes them and the model file's training
 * record (format v4) keeps them. One optimizer family with its constants stated, so "sgd" or
 * "adam" means the same thing for a spiral and for a CNN:
 *
 *   sgd     v ← momentum·v − lr·g;  w ← w + v            (Nesterov: w ← w + momentum·v − lr·g)
 *   adam    Kingma & Ba with `epsilon` added outside the square root; weight decay as L2 (g += wd·w)
 *   adamw   Adam with decoupled weight decay (w ← w − lr·wd·w), Loshchilov & Hutter
 *
 * Schedules: `inverse-time` is the book's lr / (1 + decay·t); `one-cycle` warms up over the first
 * 30% of steps to lr, then anneals by a cosine to lr / 10⁴; `constant` keeps lr.
 */
export const OPTIMIZER_TYPES = ['sgd', 'adam', 'adamw'] as const;
export type OptimizerType = (typeof OPTIMIZER_TYPES)[number];

export const SCHEDULES = ['constant', 'inverse-time', 'one-cycle'] as const;
export type Schedule = (typeof SCHEDULES)[number];

export const LOSS_NAMES = ['categorical-crossentropy', 'binary-crossentropy', 'mse'] as const;
export type LossType = (typeof LOSS_NAMES)[number];

export const PRECISIONS = ['float64', 'float32'] as const;
/** float64 in NumPy's summation order (the notebook's numbers); float32 on the SIMD kernels. */
export type Precision = (typeof PRECISIONS)[number];

export interface TrainingSettings {
  optimizer: OptimizerType;
  /** The rate (peak rate for one-cycle). */
  learningRate: number;
  schedule: Schedule;
  /** inverse-time only: lr / (1 + decay · step). */
  decay: number;
  /** SGD only; 0 for none. */
  momentum: number;
  /** SGD only: Nesterov's look-ahead momentum. */
  nesterov: boolean;
  /** Adam and AdamW. */
  beta1: number;
  beta2: number;
  epsilon: number;
  /** On weights, never on biases or BatchNorm's gamma and beta; 0 for none. */
  weightDecay: number;
  loss: LossType;
  /** Cross-entropy targets (1 − ε)·onehot + ε/classes; 0 for none. */
  labelSmoothing: number;
  /** Image inputs only: random shifts of up to `shift` pixels and left–right flips. */
  augment: { shift: number; flip: boolean };
  /** Samples per step; 0 for the whole training set. */
  batchSize: number;
  epochs: number;
  /** Seeds shuffling, the validation split, augmentation and dropout. */
  seed: number;
  /** Share of the data held out for validation, 0 to 0.5. */
  validationSplit: number;
  precision: Precision;
}

/** The book's settings, for feature data (the spiral, CSV files): Adam with nnfs's ε. */
export const FEATURE_DEFAULTS: TrainingSettings = {
  optimizer: 'adam',
  learningRate: 0.02,
  schedule: 'inverse-time',
  decay: 1e-5,
  momentum: 0.9,
  nesterov: false,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-7,
  weightDecay: 0,
  loss: 'categorical-crossentropy',
  labelSmoothing: 0,
  augment: { shift: 0, flip: false },
  batchSize: 0,
  epochs: 3000,
  seed: 0,
  validationSplit: 0,
  precision: 'float64',
};

/** What trained the shipped cats-vs-dogs model: SGD with Nesterov momentum, one-cycle. */
export const IMAGE_DEFAULTS: TrainingSettings = {
  ...FEATURE_DEFAULTS,
  optimizer: 'sgd',
  learningRate: 0.1,
  schedule: 'one-cycle',
  decay: 0,
  nesterov: true,
  epsilon: 1e-8,
  weightDecay: 5e-4,
  labelSmoothing: 0.1,
  augment: { shift: 4, flip: true },
  batchSize: 64,
  epochs: 20,
  validationSplit: 0.1,
  precision: 'float32',
};

/**
 * The learning rate a run starts from when none is given: the book's for rows whatever the
 * optimizer; for pictures the shipped model's SGD peak, and a rate Adam and AdamW train a CNN
 * at (Adam's steps are scaled per weight, so SGD's 0.1 would throw it off at once). The CLI
 * and the Train tab both take it from here.
 */
export function defaultLearningRate(
  kind: 'features' | 'pictures',
  optimizer: OptimizerType,
): number {
  if (kind === 'features') return FEATURE_DEFAULTS.learningRate;
  return optimizer === 'sgd' ? IMAGE_DEFAULTS.learningRate : PICTURE_ADAM_RATE;
}

const PICTURE_ADAM_RATE = 0.003;
