/**
 * What `train` trains on, read by the data's kind with the one reader of that kind: rows of
 * features from a CSV file or a generated set (read-data.ts), split by a seeded shuffle and
 * scaled with the training rows' statistics; or a folder of class subfolders
 * (images/load-folder.ts), split by a hash of the file names, so its validation pictures never
 * change between runs. Either way: Samples for the trainer and what the training record keeps.
 */
import { existsSync } from 'node:fs';
import { describeReading } from '../src-shared/data/csv.ts';
import { splitByHash } from '../src-shared/data/image-set.ts';
import {
  applyNormalization,
  fitNormalization,
  NORMALIZATIONS,
  type NormalizationKind,
} from '../src-shared/data/normalize.ts';
import type { ImageInputLayer } from '../src-shared/layers/index.ts';
import { fileListHash } from '../src-shared/model-file/training-record.ts';
import { layerShapes, type Network } from '../src-shared/net/network.ts';
import type { Preprocessing, TrainingData } from '../src-shared/nn/model.ts';
import { featureSamples, pictureSamples, type Samples } from '../src-shared/train/samples.ts';
import type { TrainingSettings } from '../src-shared/train/settings.ts';
import { splitData } from '../src-shared/worker/row-split.ts';
import { inClasses, parseLabels } from './class-labels.ts';
import { rowsText } from './evaluate-rows.ts';
import { checkFits } from './evaluation.ts';
import { DataMisfitError, modelInput } from './model-input.ts';
import { isDataSetName, readData } from './read-data.ts';
import { featurePreprocessing } from './trained.ts';
import { LoadProgressPrinter } from './images/progress.ts';
import { UsageError, type CommandIo } from './usage.ts';
import { skippedLines } from './printable.ts';

export interface TrainingSet {
  train: Samples;
  validation: Samples | null;
  /** "300 samples, 2 features, 3 classes", for the first line `train` prints. */
  description: string;
  /** Average each evaluated picture's outputs with its mirror image's, as the app predicts. */
  testFlip: boolean;
  /** What the training record keeps of the data. */
  data: TrainingData;
  classNames: string[] | null;
  preprocessing: Preprocessing | null;
}

const FOLDER_HINT = 'a folder of class subfolders';

/** Rows of features for a network that starts with Input. */
export async function rowsForTraining(
  source: string,
  modelPath: string,
  network: Network,
  settings: TrainingSettings,
  options: {
    label?: string | undefined;
    labels?: string | undefined;
    normalize?: string | undefined;
  },
): Promise<TrainingSet> {
  const input = modelInput(network, modelPath);
  if (input.kind === 'pictures' && !existsSync(source) && !isDataSetName(source)) {
    throw new Error(`${source}: no such folder (${modelPath} takes ${FOLDER_HINT})`);
  }
  const scaling = parseNormalization(options.normalize);
  const labels = parseLabels(options.labels);
  const read = await readData(source, { label: options.label, seed: settings.seed });
  if (input.kind === 'pictures') {
    throw new DataMisfitError(modelPath, input, FOLDER_HINT, rowsText(read));
  }
  if (labels && !read.features) throw new UsageError('--labels applies to CSV files only');
  const loaded = labels ? inClasses(read, labels, '--labels lists') : read;
  checkFits(network, loaded, modelPath);
  // The scaling statistics come from the training rows alone: the split does not depend on them.
  const raw = splitData(loaded, settings.validationSplit, settings.seed);
  const normalization = fitNormalization(scaling, raw.train.x);
  const scaled = { ...loaded, x: applyNormalization(normalization, loaded.x) };
  const { train, validation } = splitData(scaled, settings.validationSplit, settings.seed);
  const count = train.y.length;
  const held = validation ? validation.y.length : 0;
  const features = loaded.x.shape[1] as number;
  return {
    train: featureSamples(train.x, train.y),
    validation: validation ? featureSamples(validation.x, validation.y, 'validation') : null,
    description:
      `${count} samples${held ? ` (+${held} for validation, chosen by a shuffle seeded with --seed)` : ''}, ` +
      `${features} feature${features === 1 ? '' : 's'}, ${classesText(loaded.features ? loaded.classNames : null, loaded.classes)}` +
      (loaded.reading ? ` (CSV read as ${describeReading(loaded.reading)})` : ''),
    testFlip: false,
    data: { name: loaded.source, hash: loaded.hash, training: count, validation: held },
    classNames: loaded.features ? loaded.classNames : null,
    preprocessing: featurePreprocessing(normalization),
  };
}

/** A folder of class subfolders for a network that starts with an image input. */
export async function picturesForTraining(
  folder: string,
  modelPath: string,
  network: Network,
  settings: TrainingSettings,
  io: CommandIo,
  onListed?: (count: number) => void,
): Promise<TrainingSet> {
  const input = imageInput(network, modelPath);
  const { shift } = settings.augment;
  if (shift >= Math.min(input.height, input.width)) {
    throw new UsageError(
      `--pad: shifts must be smaller than the ${input.height}×${input.width} pictures, found ${shift}`,
    );
  }
  // Lazily: sharp (libvips) loads only when there are pictures to decode.
  const { loadImageFolder } = await import('./images/load-folder.ts');
  const printer = new LoadProgressPrinter(io);
  const loaded = await loadImageFolder(folder, {
    height: input.height,
    width: input.width,
    channels: input.channels,
    onProgress: (done, total) => printer.progress(done, total),
    ...(onListed ? { onListed } : {}),
  });
  printer.end();
  const { set } = loaded;
  reportSkipped(loaded.skipped, io);
  const { train, validation } = splitByHash(set.files, settings.validationSplit);
  return {
    train: pictureSamples(set, train),
    validation: validation.length ? pictureSamples(set, validation) : null,
    description:
      `${train.length} samples (+${validation.length} for validation, chosen by file-name hash), ` +
      `${set.height}×${set.width}×${set.channels} pictures, ${classesText(set.classNames, set.classNames.length)}`,
    testFlip: true,
    data: {
      name: folder,
      hash: fileListHash(set.files),
      training: train.length,
      validation: validation.length,
    },
    classNames: [...set.classNames],
    preprocessing: {
      kind: 'image',
      height: input.height,
      width: input.width,
      channels: input.channels,
      mean: input.mean,
      std: input.std,
      testFlip: true,
    },
  };
}

/** `none`, `minmax` or `zscore` (also `min-max`, `z-score`). */
export function parseNormalization(text: string | undefined): NormalizationKind {
  if (text === undefined) return 'none';
  const kind = { minmax: 'min-max', zscore: 'z-score' }[text] ?? text;
  if (!(NORMALIZATIONS as readonly string[]).includes(kind)) {
    throw new UsageError(`--normalize: expected none, minmax or zscore, found "${text}"`);
  }
  return kind as NormalizationKind;
}

/** The image input of a network that ends in one score per class, or a message naming the misfit. */
function imageInput(network: Network, path: string): ImageInputLayer {
  const first = network.layers[0];
  // Model and data do not fit: bad input (exit 1), as evaluate's misfits, not a usage error.
  if (first?.type !== 'image-input') {
    throw new Error(
      `${path} starts with a ${first?.type ?? 'missing'} layer; a folder of pictures needs a model that starts with an image input (weightcraft new --template small-cnn)`,
    );
  }
  const last = layerShapes(network).at(-1)!;
  if (last.length !== 1) {
    throw new Error(
      `${path}: the network ends with a ${last.join('×')} picture; end with Flatten or GlobalAvgPool and Dense(classes)`,
    );
  }
  return first;
}

/** "3 classes", "2 classes (bright, dark)": names where the data has them. */
function classesText(names: readonly string[] | null, count: number): string {
  return `${count} classes${names ? ` (${names.join(', ')})` : ''}`;
}

function reportSkipped(skipped: { file: string; reason: string }[], io: CommandIo): void {
  io.stdout(skippedLines(skipped));
}
