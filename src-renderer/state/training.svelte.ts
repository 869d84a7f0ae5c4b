/**
 * Training in the app: the data set and settings (view state, not document history), the run in
 * the engine worker, and the history the charts draw. Weights flow back into the document a few
 * times a second as one merged undo step, so the canvas animates and Undo restores the untrained
 * network.
 */
import {
  initialiseLayers,
  setBiases,
  setWeights,
  type EditorDocument,
} from '../../src-shared/document/index.ts';
import { generateDataset, parseDatasetSpec } from '../../src-shared/data/generated.ts';
import {
  isImageNetwork,
  layerUnits,
  type Network,
  precisionOf,
} from '../../src-shared/net/network.ts';
import type { TrainingRecord } from '../../src-shared/nn/model.ts';
import { TrainHistory } from '../../src-shared/train/history.ts';
import type { Regions } from '../../src-shared/nn/regions.ts';
import { parseCsvDataset } from '../../src-shared/data/csv.ts';
import type { Normalization, NormalizationKind } from '../../src-shared/data/normalize.ts';
import { fromDenseSettings, toDenseSettings } from '../../src-shared/model-file/legacy-settings.ts';
import { contentHash, lastOfCurves } from '../../src-shared/model-file/training-record.ts';
import type { LossName } from '../../src-shared/train/losses.ts';
import type { Precision } from '../../src-shared/train/settings.ts';
import { lossFor, splitData } from '../../src-shared/worker/train-handler.ts';
import { appTrainingRecord } from './training-record.ts';
import {
  CancelledError,
  type EngineClient,
  type RunningCall,
} from '../../src-shared/worker/engine-client.ts';
import {
  DEFAULT_SETTINGS,
  type FeatureData as TrainData,
  type TrainProgress,
  type TrainResume,
  type TrainSettings,
} from '../../src-shared/worker/train-types.ts';

/** nnfs's initial weights, 0.01·randn: what Reset weights draws. */
const INIT_SCALE = 0.01;

/** Where the last run ended, so the next one can go on with the optimizer's state. */
interface LastRun extends TrainResume {
  network: Network;
  data: TrainData;
  optimizer: TrainSettings['optimizer'];
  batchSize: number;
}

function sameWeights(a: Network, b: Network): boolean {
  if (a.layers.length !== b.layers.length) return false;
  return a.layers.every((layer, i) => {
    const other = b.layers[i]!;
    if (layer.type !== 'dense' || other.type !== 'dense') return layer.type === other.type;
    const equal = (x: ArrayLike<number>, y: ArrayLike<number>) =>
      x.length === y.length && Array.prototype.every.call(x, (v: number, k: number) => v === y[k]);
    return (
      equal(layer.weights.data, other.weights.data) && equal(layer.biases.data, other.biases.data)
    );
  });
}
import type { EditorStore } from './editor.svelte.ts';

export type TrainStatus = 'idle' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';

export class TrainingSession {
  readonly #engine: EngineClient;
  readonly #store: EditorStore;
  settings: TrainSettings = $state({ ...DEFAULT_SETTINGS });
  datasetSpec = $state('spiral:3x100');
  datasetName = $state('');
  data: TrainData | null = $state.raw(null);
  status: TrainStatus = $state('idle');
  /** Why training stopped or could not start. */
  message: string | null = $state(null);
  step = $state(0);
  epoch = $state(0);
  loss: number | null = $state(null);
  accuracy: number | null = $state(null);
  regions: Regions | null = $state.raw(null);
  confusion: number[][] | null = $state.raw(null);
  /** Chart data: appended in place; `version` tells the charts to redraw. */
  readonly history = new TrainHistory();
  version = $state(0);
  #running: RunningCall<'train'> | null = null;
  /** Steps already in the history when this run started: a second run continues the count. */
  #offset = 0;
  #last: LastRun | null = null;
  /** The chain's node ids when training started: where the weights go back to. */
  #nodeIds: readonly string[] = [];
  /** What the trainer takes for the network when the settings say nothing, for the record. */
  #defaults: { loss: LossName; precision: Precision } = {
    loss: 'categorical-crossentropy',
    precision: 'float64',
  };
  /** When the first run of the current curves began. */
  #started: Date | null = null;
  /** A CSV data set's class names, scaling and hash, for the record; null for generated data. */
  #csv: { classNames: string[]; normalization: Normalization; hash: string } | null = null;

  constructor(engine: EngineClient, store: EditorStore) {
    this.#engine = engine;
    this.#store = store;
  }

  /** Draws a generated data set ("spiral:3x100") with the settings' seed. */
  generate(spec = this.datasetSpec): boolean {
    try {
      const parsed = parseDatasetSpec(spec);
      const data = generateDataset(parsed, { seed: this.settings.seed });
      this.datasetSpec = spec;
      this.#csv = null;
      this.use(data, `${parsed.name} ${parsed.classes}×${parsed.perClass}`);
      return true;
    } catch (error) {
      this.message = (error as Error).message;
      return false;
    }
  }

  /** Imports a CSV data set; returns the problem to show, or null. */
  importCsv(
    text: string,
    fileName: string,
    options: { label?: string | number; normalize: NormalizationKind },
  ): string | null {
    try {
      const parsed = parseCsvDataset(text, options);
      this.datasetSpec = fileName;
      this.#csv = {
        classNames: parsed.classes,
        normalization: parsed.normalization,
        hash: contentHash(text),
      };
      this.use(
        { x: parsed.train.x, y: parsed.train.y, classes: parsed.classes.length },
        `${fileName} (${parsed.label})`,
      );
      return null;
    } catch (error) {
      return `${fileName}: ${(error as Error).message}`;
    }
  }

  /**
   * What a saved model keeps of training, as one record: the settings, the curves, where it
   * ended, the data set (its name, a CSV file's hash, class names and scaling) and when.
   */
  record(): TrainingRecord | undefined {
    if (this.history.step.length === 0) return undefined;
    const settings = $state.snapshot(this.settings);
    const csv = this.#csv;
    const counts = this.data && splitData(this.data, settings.validationSplit, settings.seed);
    const curves = this.history.snapshot();
    const last = lastOfCurves(curves);
    const validationTotal = counts?.validation?.x.shape[0] ?? null;
    return appTrainingRecord(
      {
        data: {
          name: this.datasetSpec,
          hash: csv?.hash ?? null,
          training: counts ? (counts.train.x.shape[0] as number) : null,
          validation: counts ? (validationTotal ?? 0) : null,
        },
        settings: fromDenseSettings(settings, this.#defaults),
        final: {
          epochs: this.epoch,
          steps: this.step,
          ...last,
          // The curves hold accuracies, not counts; the count is exact when it is a whole number.
          validationRight:
            last.validationAccuracy !== null && validationTotal
              ? Math.round(last.validationAccuracy * validationTotal)
              : null,
          validationTotal: last.validationAccuracy !== null ? validationTotal : null,
        },
        classNames: csv ? [...csv.classNames] : null,
        preprocessing:
          csv && csv.normalization.kind !== 'none'
            ? {
                kind: 'features',
                normalization: csv.normalization.kind,
                offset: [...csv.normalization.offset],
                scale: [...csv.normalization.scale],
              }
            : null,
        curves,
      },
      this.#started ?? new Date(),
    );
  }

  /** Shows a reopened model's training: settings, curves, and its data set when it can be drawn again. */
  restore(record: TrainingRecord | undefined): void {
    if (this.#running) this.#running.cancel();
    this.clearHistory();
    if (!record) return;
    Object.assign(this.settings, toDenseSettings(record.settings));
    this.#started = record.started === null ? null : new Date(record.started);
    if (!this.generate(record.data.name))
      this.message = `Load ${record.data.name} again to go on training.`;
    const h = this.history;
    h.load(record.curves);
    this.step = h.lastStep;
    this.epoch = record.final.epochs;
    this.loss = h.loss.at(-1) ?? null;
    this.accuracy = h.accuracy.at(-1) ?? null;
    this.version++;
  }

  use(data: TrainData, name: string): void {
    this.data = data;
    this.datasetName = name;
    this.message = null;
    this.clearHistory();
  }

  /** Checks that the network's first chain fits the data: features in, one output per class. */
  #check(doc: EditorDocument): { network: Network; nodeIds: readonly string[] } | string {
    const chain = this.#store.derived.networks[0];
    if (!this.data) return 'Choose a data set first.';
    if (!chain || chain.network.layers.length < 2)
      return 'Build a network first: an Input connected to a Dense layer.';
    if (chain.diagnostics.length > 0)
      return `Fix the network first: ${chain.diagnostics[0]!.message}`;
    // This panel trains Dense networks on rows of features; pictures need the image trainer.
    if (isImageNetwork(chain.network))
      return 'This panel trains networks that start with an Input layer, not with pictures.';
    const units = layerUnits(chain.network);
    const features = this.data.x.shape[1]!;
    if (units[0] !== features)
      return `The data has ${features} features, but the Input layer takes ${units[0]}: set the Input to ${features}.`;
    const outputs = units.at(-1)!;
    const classes = this.data.classes;
    if (outputs !== classes && !(outputs === 1 && classes === 2)) {
      return `The data has ${classes} classes, but the last layer puts out ${outputs} values: give it ${classes} neurons.`;
    }
    void doc;
    return { network: chain.network, nodeIds: chain.nodeIds };
  }

  start(): void {
    if (this.#running) return;
    const checked = this.#check(this.#store.doc);
    if (typeof checked === 'string') {
      this.message = checked;
      this.status = 'failed';
      return;
    }
    this.#nodeIds = checked.nodeIds;
    this.#defaults = {
      loss: lossFor(checked.network),
      precision: precisionOf(checked.network),
    };
    if (this.history.step.length === 0) this.#started = new Date();
    // Going on from where the last run ended (same weights, data and optimizer) keeps Adam's
    // moments and the decayed learning rate; otherwise the step count continues after the history.
    const last = this.#last;
    const resume =
      last &&
      last.data === this.data &&
      last.optimizer === this.settings.optimizer &&
      last.batchSize === this.settings.batchSize &&
      sameWeights(last.network, checked.network)
        ? { checkpoint: last.checkpoint, epochsDone: last.epochsDone }
        : undefined;
    if (!resume) this.#offset = this.history.lastStep;
    this.message = null;
    this.status = 'running';
    this.#store.endMerge();
    const data = this.data!;
    const running = this.#engine.start(
      'train',
      {
        network: checked.network,
        data,
        settings: fromDenseSettings($state.snapshot(this.settings), this.#defaults),
        regions: data.x.shape[1] === 2,
        ...(resume ? { resume } : {}),
      },
      { onProgress: (p) => this.#receive(p) },
    );
    this.#running = running;
    running.result.then(
      (result) => {
        this.#apply(result.network);
        this.#last =
          result.reason === 'non-finite'
            ? null
            : {
                network: result.network,
                data,
                optimizer: this.settings.optimizer,
                batchSize: this.settings.batchSize,
                checkpoint: result.checkpoint,
                epochsDone: result.epoch,
              };
        this.status =
          result.reason === 'finished'
            ? 'finished'
            : result.reason === 'stopped'
              ? 'stopped'
              : 'failed';
        this.message = result.message;
        this.#store.endMerge();
        this.#running = null;
      },
      (error: Error) => {
        if (!(error instanceof CancelledError)) {
          this.status = 'failed';
          this.message = error.message;
        }
        this.#running = null;
      },
    );
  }

  pause(): void {
    this.#running?.signal('pause');
  }

  resume(): void {
    this.#running?.signal('resume');
  }

  /** One mini-batch, then paused (starts a paused run if none is going). */
  stepOnce(): void {
    if (!this.#running) this.start();
    const running = this.#running as RunningCall<'train'> | null;
    running?.signal('pause');
    running?.signal('step');
  }

  stop(): void {
    this.#running?.signal('stop');
  }

  /**
   * Starts over: every Dense layer gets 0.01·randn weights drawn in order from one
   * RandomState(seed), as nnfs's Layer_Dense after np.random.seed(seed), and zero biases.
   */
  resetWeights(): void {
    const chain = this.#store.derived.networks[0];
    if (!chain) return;
    const { seed } = this.settings;
    // Untrained weights have no training record: the saved one would describe other weights.
    this.#store.edit('Reset weights', (doc) => ({
      ...initialiseLayers(doc, { ids: chain.nodeIds, seed, scale: INIT_SCALE }),
      training: undefined,
    }));
    this.clearHistory();
  }

  clearHistory(): void {
    this.history.clear();
    this.#last = null;
    this.step = this.epoch = 0;
    this.loss = this.accuracy = null;
    this.regions = null;
    this.confusion = null;
    this.version++;
    if (!this.#running) this.status = 'idle';
  }

  #receive(progress: TrainProgress): void {
    this.history.add(progress, this.#offset);
    const last = progress.points.at(-1);
    if (last) {
      this.step = last.step + this.#offset;
      this.epoch = last.epoch;
      this.loss = last.loss;
      this.accuracy = last.accuracy;
    }
    if (progress.network) this.#apply(progress.network);
    if (progress.regions) this.regions = progress.regions;
    if (progress.confusion) this.confusion = progress.confusion;
    this.status = progress.paused ? 'paused' : 'running';
    this.version++;
  }

  /** Writes trained weights back into the document's Dense nodes, merged into one undo step. */
  #apply(network: Network): void {
    const ids = this.#nodeIds;
    this.#store.edit(
      'Train',
      (doc) =>
        network.layers.reduce((d, layer, i) => {
          const id = ids[i];
          if (layer.type !== 'dense' || !id || d.nodes[id]?.kind !== 'dense') return d;
          return setBiases(setWeights(d, { id, weights: layer.weights }), {
            id,
            biases: layer.biases,
          });
        }, doc),
      'train',
    );
  }
}
