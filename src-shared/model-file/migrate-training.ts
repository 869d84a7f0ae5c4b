/**
 * Version 3 kept what training did in up to three shapes; version 4 keeps one `training` record.
 * This step builds the record from what a version 3 file holds:
 * - the `training` section the app and `weightcraft train` wrote for feature networks
 *   (`dataset`, the old settings, `history`);
 * - the flat `trained.*` metadata keys `weightcraft train` wrote (feature and image networks) and
 *   the app's image training wrote, `trained.classes` and `trained.normalization` as JSON text.
 * Settings the old trainers did not record are the values they used: dense SGD without Nesterov,
 * dense Adam with ε 1e-7 and nnfs's inverse-time decay; image SGD with Nesterov momentum, image Adam
 * with ε 1e-8 and decoupled weight decay (AdamW), and the image trainer's defaults of the time.
 * Values of the wrong type are passed on as they are, for validation to name.
 */
import { FEATURE_DEFAULTS, IMAGE_DEFAULTS, type TrainingSettings } from '../train/settings.ts';
import { isObject, type JsonObject } from './checks.ts';

const PREFIX = 'trained.';

/** The old image trainer's defaults (image-train/types.ts before format v4). */
const OLD_IMAGE: TrainingSettings = {
  ...IMAGE_DEFAULTS,
  decay: 0,
  nesterov: true,
  epsilon: 1e-8,
};

/** The metadata without its `trained.*` keys, and the training record they and the section make. */
export function migrateTraining(document: JsonObject): {
  metadata: unknown;
  training: unknown;
} {
  const { metadata, training: section, layers } = document;
  const flat: JsonObject = {};
  let kept: unknown = metadata;
  if (isObject(metadata)) {
    kept = Object.fromEntries(Object.entries(metadata).filter(([key]) => !key.startsWith(PREFIX)));
    for (const [key, value] of Object.entries(metadata)) {
      if (key.startsWith(PREFIX)) flat[key.slice(PREFIX.length)] = value;
    }
  }
  if (section === undefined && Object.keys(flat).length === 0) {
    return { metadata: kept, training: undefined };
  }
  const list = Array.isArray(layers) ? layers : [];
  const first: unknown = list[0];
  const last: unknown = list.at(-1);
  const image = isObject(first) && first.type === 'image-input';
  if (section !== undefined && !isV3Section(section)) {
    // Not the old shape: validation names what is wrong with it.
    return { metadata: kept, training: section };
  }
  const old = section?.settings;
  const lastType = isObject(last) ? last.type : undefined;
  const settings = image ? imageSettings(flat) : denseSettings(old ?? flat, lastType, flat.batch);
  const curves = section?.history ?? {
    step: [],
    loss: [],
    accuracy: [],
    validationLoss: [],
    validationAccuracy: [],
  };
  return {
    metadata: kept,
    training: {
      weightcraft: null,
      started: null,
      ended: null,
      data: {
        name: section?.dataset ?? flat.data ?? 'unknown',
        hash: null,
        training: null,
        validation: null,
      },
      settings,
      final: finalFigures(flat, curves, settings.epochs),
      classNames: classNames(flat.classes),
      preprocessing: preprocessing(image ? first : undefined, flat),
      curves,
    },
  };
}

interface V3Section {
  dataset: unknown;
  settings: JsonObject;
  history: {
    step: unknown[];
    loss: unknown[];
    accuracy: unknown[];
    validationLoss: unknown[];
    validationAccuracy: unknown[];
  };
}

function isV3Section(value: unknown): value is V3Section {
  return (
    isObject(value) &&
    isObject(value.settings) &&
    isObject(value.history) &&
    ['step', 'loss', 'accuracy', 'validationLoss', 'validationAccuracy'].every((key) =>
      Array.isArray((value.history as JsonObject)[key]),
    )
  );
}

const number = (value: unknown, fallback: number): number =>
  typeof value === 'number' ? value : fallback;

/** The dense trainer: its loss followed the last layer (worker/train-handler.ts's lossFor). */
function denseSettings(old: JsonObject, lastType: unknown, batch: unknown): TrainingSettings {
  const d = FEATURE_DEFAULTS;
  return {
    ...d,
    optimizer: old.optimizer === 'sgd' ? 'sgd' : (old.optimizer as 'adam'),
    learningRate: number(old.learningRate, d.learningRate),
    schedule: 'inverse-time',
    decay: number(old.decay, d.decay),
    momentum: number(old.momentum, d.momentum),
    nesterov: false,
    epsilon: 1e-7,
    loss:
      lastType === 'softmax'
        ? 'categorical-crossentropy'
        : lastType === 'sigmoid'
          ? 'binary-crossentropy'
          : 'mse',
    // The section names it batchSize, the flat keys batch.
    batchSize: number(old.batchSize ?? batch, d.batchSize),
    epochs: number(old.epochs, d.epochs),
    seed: number(old.seed, d.seed),
    validationSplit: number(old.validationSplit, 0),
  };
}

function imageSettings(flat: JsonObject): TrainingSettings {
  const d = OLD_IMAGE;
  const weightDecay = number(flat.weightDecay, d.weightDecay);
  const adam = flat.optimizer === 'adam';
  return {
    ...d,
    // The old image Adam decayed weights apart from the gradient: AdamW.
    optimizer: adam ? 'adamw' : 'sgd',
    learningRate: number(flat.learningRate, adam ? 0.003 : d.learningRate),
    schedule: flat.schedule === 'constant' ? 'constant' : 'one-cycle',
    momentum: number(flat.momentum, d.momentum),
    weightDecay,
    labelSmoothing: number(flat.labelSmoothing, d.labelSmoothing),
    augment: {
      shift: number(flat.pad, d.augment.shift),
      flip: typeof flat.flip === 'boolean' ? flat.flip : d.augment.flip,
    },
    batchSize: number(flat.batch, d.batchSize),
    epochs: number(flat.epochsPlanned ?? flat.epochs, d.epochs),
    seed: number(flat.seed, d.seed),
    validationSplit: number(flat.validationSplit, d.validationSplit),
  };
}

/**
 * The flat keys' figures (the CLI measured them on the whole sets after training), else the
 * curves' last values.
 */
function finalFigures(flat: JsonObject, curves: V3Section['history'], epochs: number): JsonObject {
  const lastOf = (values: unknown[]) => values.findLast((v) => v !== null) ?? null;
  const validationAccuracy = flat.validationAccuracy ?? lastOf(curves.validationAccuracy);
  const total = flat.validationPictures ?? null;
  const right =
    typeof total === 'number' && typeof validationAccuracy === 'number'
      ? Math.round(validationAccuracy * total)
      : null;
  return {
    epochs: flat.epochs ?? epochs,
    steps: flat.steps ?? curves.step.at(-1) ?? 0,
    loss: flat.loss ?? lastOf(curves.loss),
    accuracy: flat.accuracy ?? lastOf(curves.accuracy),
    validationLoss: flat.validationLoss ?? lastOf(curves.validationLoss),
    validationAccuracy,
    validationRight: right,
    validationTotal: total,
  };
}

/** `trained.classes` held the names as JSON text: `"[\"Cat\",\"Dog\"]"`. */
function classNames(value: unknown): unknown {
  if (value === undefined) return null;
  return typeof value === 'string' ? parsed(value) : value;
}

function preprocessing(imageInput: unknown, flat: JsonObject): unknown {
  if (isObject(imageInput)) {
    const { height, width, channels, mean, std } = imageInput;
    return { kind: 'image', height, width, channels, mean, std, testFlip: flat.testFlip !== false };
  }
  if (flat.normalization === undefined) return null;
  const scaling = typeof flat.normalization === 'string' ? parsed(flat.normalization) : null;
  if (!isObject(scaling)) return flat.normalization;
  return {
    kind: 'features',
    normalization: scaling.kind,
    offset: scaling.offset,
    scale: scaling.scale,
  };
}

/** JSON text's value, or the text itself when it is not JSON (validation then names it). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
