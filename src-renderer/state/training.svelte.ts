/**
 * Training in the app, for every network: the data (generated or CSV rows for a feature Input, a
 * folder of class subfolders for an Image input), the record's settings, the run in the engine's
 * training worker, and the history the charts draw. The UI thread only draws: the worker trains
 * (over replica workers for pictures) and reports every step. The weights go back into the
 * document with the run's training record as one merged undo step (rows a few times a second,
 * pictures at each epoch's end), so the canvas follows and Undo restores the untrained network.
 */
import {
  DEFAULT_WEIGHT_SCALE,
  describeNode,
  initialiseLayers,
  type EditorDocument,
} from '../../src-shared/document/index.ts';
import { generateDataset, parseDatasetSpec } from '../../src-shared/data/generated.ts';
import { splitByHash, type ImageSet } from '../../src-shared/data/image-set.ts';
import { isImageNetwork, layerUnits, type Network } from '../../src-shared/net/network.ts';
import type { Preprocessing, TrainingData, TrainingRecord } from '../../src-shared/nn/model.ts';
import { TrainHistory } from '../../src-shared/train/history.ts';
import type { Regions } from '../../src-shared/nn/regions.ts';
import { parseCsvDataset } from '../../src-shared/data/csv.ts';
import {
  applyNormalization,
  fitNormalization,
  type NormalizationKind,
} from '../../src-shared/data/normalize.ts';
import {
  contentHash,
  fileListHash,
  lastOfCurves,
} from '../../src-shared/model-file/training-record.ts';
import {
  FEATURE_DEFAULTS,
  IMAGE_DEFAULTS,
  type TrainingSettings,
} from '../../src-shared/train/settings.ts';
import type { LossName } from '../../src-shared/train/losses.ts';
import type { HealthHint } from '../../src-shared/train/training-health.ts';
import { zeroWeightLayers, zeroWeightProblem } from '../../src-shared/train/zero-weights.ts';
import { splitData } from '../../src-shared/worker/row-split.ts';
import type { KeptDataRef } from '../../src-shared/worker/resident-data.ts';
import { ResidentDataClient, sameData } from '../../src-shared/worker/resident-data-client.ts';
import { lossFor } from '../../src-shared/worker/train-handler.ts';
import {
  CancelledError,
  type EngineClient,
  type RunningCall,
} from '../../src-shared/worker/engine-client.ts';
import type {
  FeatureData,
  TrainData,
  TrainProgress,
  TrainResume,
} from '../../src-shared/worker/train-types.ts';
import { imageModelOf, matchClasses } from '../evaluation/image-model.ts';
import type { LoadedFolder } from '../images/load-folder.ts';
import type { PictureSize } from '../images/decode.ts';
import type { EditorStore } from './editor.svelte.ts';
import { EpochClock } from './epoch-clock.ts';
import { appTrainingRecord } from './training-record.ts';
import { withTrainedLayers } from './trained-layers.ts';
import { appMemoryLimit, pictureReplicaCount } from './memory-budget.ts';
import { checkBudget, type MemoryLimit } from '../../src-shared/net/budget.ts';

/** nnfs's initial weights, 0.01·randn: what Reset weights draws. */
const INIT_SCALE = 0.01;
const MERGE_KEY = 'train';
/** Validation averages each picture's outputs with its mirror image's, as prediction does. */
const TEST_FLIP = true;

export type TrainStatus = 'idle' | 'running' | 'paused' | 'finished' | 'stopped' | 'failed';
/** What the network's Input takes: rows of numbers, or pictures. */
export type DataKind = 'features' | 'pictures';

/** The settings a network of each kind starts from. */
export const DEFAULTS: Record<DataKind, TrainingSettings> = {
  features: FEATURE_DEFAULTS,
  pictures: IMAGE_DEFAULTS,
};

/** Where pictures come from: the folder the Evaluate tab loads too (`FolderData`). */
export interface PictureSource {
  /** The folder decoded at `size`, or null (then `message` says why) when none is chosen. */
  at(size: PictureSize): Promise<LoadedFolder | null>;
  readonly message: string | null;
}

/** What the record says about the data of a run, besides the curves. */
interface RunData {
  /** The run's settings; a continued run's epochs count the runs before it. */
  settings?: TrainingSettings;
  data: TrainingData;
  classNames: string[] | null;
  preprocessing: Preprocessing | null;
}

/** Where the last run ended, so the next one can go on with the optimizer's state. */
interface LastRun extends TrainResume {
  /** The document's nodes and wires as the run left them: any edit since starts afresh. */
  nodes: EditorDocument['nodes'];
  edges: EditorDocument['edges'];
  data: TrainData;
  settings: TrainingSettings;
}

const copySettings = (s: TrainingSettings): TrainingSettings => ({
  ...s,
  augment: { ...s.augment },
});

export class TrainingSession {
  readonly #engine: EngineClient;
  /** The data set the engine keeps for this session's runs. */
  readonly #data: ResidentDataClient;
  readonly #store: EditorStore;
  readonly folder: PictureSource;
  settings: TrainingSettings = $state(copySettings(FEATURE_DEFAULTS));
  /** The kind of network `settings` were chosen for: another kind starts from its defaults. */
  #settingsKind: DataKind = 'features';
  datasetSpec = $state('spiral:3x100');
  datasetName = $state('');
  /** Rows for a feature network. */
  rows: FeatureData | null = $state.raw(null);
  /** What the rows' classes are called: a CSV file's labels, a generated set's names. */
  rowNames: readonly string[] | null = $state.raw(null);
  status: TrainStatus = $state('idle');
  /** Why training stopped or could not start. */
  message: string | null = $state(null);
  step = $state(0);
  epoch = $state(0);
  loss: number | null = $state(null);
  accuracy: number | null = $state(null);
  validationAccuracy: number | null = $state(null);
  /** Of the current run: the steps of one epoch and of the whole run (0 until it reports). */
  stepsPerEpoch = $state(0);
  totalSteps = $state(0);
  secondsPerEpoch: number | null = $state(null);
  secondsLeft: number | null = $state(null);
  regions: Regions | null = $state.raw(null);
  /** Rows: true class, columns: predicted, on the rows or on the validation pictures. */
  confusion: number[][] | null = $state.raw(null);
  /** Signs that the current run cannot learn, with their likely causes (trainer's hints). */
  hints: readonly HealthHint[] = $state.raw([]);
  /** The class names of the run's pictures, for the confusion matrix. */
  classNames: readonly string[] | null = $state.raw(null);
  /** Chart data: appended in place; `version` tells the charts to redraw. */
  readonly history = new TrainHistory();
  version = $state(0);
  #running: RunningCall<'train'> | null = null;
  /** A start waiting for its pictures to decode. */
  #starting = false;
  /** Steps already in the history when this run started: a second run continues the count. */
  #offset = 0;
  #last: LastRun | null = null;
  /** The network's node ids when training started: where the weights go back to. */
  #nodeIds: readonly string[] = [];
  #run: RunData | null = null;
  /** When the first run of the current curves began. */
  #started: Date | null = null;
  /** A CSV data set's class names, scaling and hash, for the record; null for generated data. */
  #csv: RunData | null = null;
  /** A CSV file's scaling, fitted when a run starts; the last fit, for the same rows and split. */
  #scaling: NormalizationKind = 'none';
  #scaled: {
    rows: FeatureData;
    share: number;
    seed: number;
    result: { data: FeatureData; preprocessing: RunData['preprocessing'] };
  } | null = null;
  readonly #clock = new EpochClock();

  /** The compute budget a run is checked against before it goes to the worker. */
  readonly #limit: MemoryLimit;

  constructor(
    engine: EngineClient,
    store: EditorStore,
    folder: PictureSource,
    limit: MemoryLimit = appMemoryLimit(),
  ) {
    this.#engine = engine;
    this.#data = new ResidentDataClient(engine);
    this.#store = store;
    this.folder = folder;
    this.#limit = limit;
  }

  /** Rows of numbers or pictures: what the document's first Input takes. */
  get kind(): DataKind {
    const first = this.#store.derived.networks[0]?.network;
    return first && isImageNetwork(first) ? 'pictures' : 'features';
  }

  get running(): boolean {
    return this.#starting || this.status === 'running' || this.status === 'paused';
  }

  /** Takes the defaults of the network's kind when it changed (a CNN after the spiral). */
  fitSettings(kind: DataKind = this.kind): void {
    if (kind === this.#settingsKind) return;
    this.#settingsKind = kind;
    this.settings = copySettings(DEFAULTS[kind]);
  }

  /**
   * A lesson's settings and data set, replacing the last lesson's: a lesson without data leaves
   * none (the spiral of the lesson before would not fit its network).
   */
  useLesson(training: { dataset: string; settings?: Partial<TrainingSettings> } | undefined): void {
    this.#settingsKind = 'features';
    this.settings = { ...copySettings(FEATURE_DEFAULTS), ...training?.settings };
    if (training) {
      this.generate(training.dataset);
      return;
    }
    this.#csv = null;
    this.rows = null;
    this.rowNames = null;
    this.datasetName = '';
    this.message = null;
    this.clearHistory();
  }

  /** Draws a generated data set ("spiral:3x100") with the settings' seed. */
  generate(spec = this.datasetSpec): boolean {
    try {
      const parsed = parseDatasetSpec(spec);
      const data = generateDataset(parsed, { seed: this.settings.seed });
      this.datasetSpec = spec;
      this.#csv = null;
      this.use(data, `${parsed.name} ${parsed.classes}×${parsed.perClass}`, data.names ?? null);
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
      // Read raw: the scaling is fitted on the training rows when a run starts (#scaledRows).
      const parsed = parseCsvDataset(text, { ...options, normalize: 'none' });
      this.datasetSpec = fileName;
      this.#csv = {
        data: { name: fileName, hash: contentHash(text), training: null, validation: null },
        classNames: parsed.classes,
        preprocessing: null,
      };
      this.#scaling = options.normalize;
      this.use(
        { x: parsed.train.x, y: parsed.train.y, classes: parsed.classes.length },
        `${fileName} (${parsed.label})`,
        parsed.classes,
      );
      return null;
    } catch (error) {
      return `${fileName}: ${(error as Error).message}`;
    }
  }

  use(rows: FeatureData, name: string, names: readonly string[] | null = null): void {
    this.rows = rows;
    this.rowNames = names;
    this.datasetName = name;
    this.message = null;
    this.clearHistory();
  }

  /**
   * The run's training record: the settings, the curves, where it ended, the data (its name, a
   * file's or a folder's hash, the split's counts, class names, preprocessing) and when.
   */
  record(): TrainingRecord | undefined {
    const run = this.#run;
    if (!run || this.history.step.length === 0) return undefined;
    const curves = this.history.snapshot();
    const last = lastOfCurves(curves);
    const total = run.data.validation;
    return appTrainingRecord(
      {
        data: run.data,
        settings: run.settings ?? copySettings($state.snapshot(this.settings)),
        final: {
          epochs: this.epoch,
          steps: this.step,
          ...last,
          // Accuracy is right / total, so the count comes back exactly.
          validationRight:
            last.validationAccuracy !== null && total
              ? Math.round(last.validationAccuracy * total)
              : null,
          validationTotal: last.validationAccuracy !== null ? total : null,
        },
        classNames: run.classNames,
        preprocessing: run.preprocessing,
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
    const kind = this.kind;
    this.#settingsKind = kind;
    this.settings = copySettings({ ...DEFAULTS[kind], ...record.settings });
    this.#started = record.started === null ? null : new Date(record.started);
    if (kind === 'features' && !this.generate(record.data.name))
      this.message = `Load ${record.data.name} again to go on training.`;
    const h = this.history;
    h.load(record.curves);
    this.step = h.lastStep;
    this.epoch = record.final.epochs;
    this.loss = h.loss.at(-1) ?? null;
    this.accuracy = h.accuracy.at(-1) ?? null;
    this.validationAccuracy = record.final.validationAccuracy;
    this.version++;
  }

  /** The network, where its weights go back, the data and what the record says about it. */
  async #prepare(): Promise<
    { network: Network; nodeIds: readonly string[]; data: TrainData; run: RunData } | string
  > {
    const derived = this.#store.derived.networks[0];
    if (!derived || derived.network.layers.length < 2)
      return 'Build a network first: an Input connected to a Dense layer.';
    if (derived.diagnostics.length > 0)
      return `Fix the network first: ${derived.diagnostics[0]!.message}`;
    const { network, nodeIds } = derived;
    const share = this.settings.validationSplit;
    if (isImageNetwork(network)) {
      const model = imageModelOf(this.#store.doc);
      if (typeof model === 'string') return model;
      const { height, width, channels, mean, std } = model.input;
      const loaded = await this.folder.at({ height, width, channels });
      if (!loaded)
        return this.folder.message ?? 'Choose a folder of pictures first: one subfolder per class.';
      const set: ImageSet | string = matchClasses(model, loaded.set);
      if (typeof set === 'string') return set;
      const split = splitByHash(set.files, share);
      return {
        network,
        nodeIds,
        data: { kind: 'pictures', set, testFlip: TEST_FLIP },
        run: {
          data: {
            name: loaded.root,
            hash: fileListHash(set.files),
            training: split.train.length,
            validation: split.validation.length,
          },
          classNames: [...set.classNames],
          preprocessing: {
            kind: 'image',
            height,
            width,
            channels,
            mean: [...mean],
            std: [...std],
            testFlip: TEST_FLIP,
          },
        },
      };
    }
    const rows = this.rows;
    if (!rows) return 'Choose a data set first.';
    const units = layerUnits(network);
    const features = rows.x.shape[1]!;
    if (units[0] !== features)
      return `The data has ${features} features, but the Input layer takes ${units[0]}: set the Input to ${features}.`;
    const outputs = units.at(-1)!;
    if (outputs !== rows.classes && !(outputs === 1 && rows.classes === 2)) {
      return `The data has ${rows.classes} classes, but the last layer puts out ${outputs} values: give it ${rows.classes} neurons.`;
    }
    const split = splitData(rows, share, this.settings.seed);
    const counts = {
      training: split.train.x.shape[0]!,
      validation: split.validation?.x.shape[0] ?? 0,
    };
    const csv = this.#csv;
    const scaled = this.#scaledRows(rows, share);
    return {
      network,
      nodeIds,
      data: scaled.data,
      run: {
        data: { name: this.datasetSpec, hash: csv?.data.hash ?? null, ...counts },
        classNames: this.rowNames ? [...this.rowNames] : null,
        preprocessing: scaled.preprocessing,
      },
    };
  }

  /**
   * A CSV file's rows scaled with statistics of its training rows alone, as `weightcraft train`
   * fits them (the validation rows must not leak into them); the same object for the same rows,
   * split and seed, so a run can go on where the last one ended.
   */
  #scaledRows(
    rows: FeatureData,
    share: number,
  ): { data: FeatureData; preprocessing: RunData['preprocessing'] } {
    const kind = this.#csv ? this.#scaling : 'none';
    if (kind === 'none') return { data: rows, preprocessing: null };
    const { seed } = this.settings;
    const kept = this.#scaled;
    if (kept && kept.rows === rows && kept.share === share && kept.seed === seed)
      return kept.result;
    const normalization = fitNormalization(kind, splitData(rows, share, seed).train.x);
    const result = {
      data: { ...rows, x: applyNormalization(normalization, rows.x) },
      preprocessing: {
        kind: 'features' as const,
        normalization: kind,
        offset: [...normalization.offset],
        scale: [...normalization.scale],
      },
    };
    this.#scaled = { rows, share, seed, result };
    return result;
  }

  /** Starts a run (paused before its first step with `paused`); resolves once it is under way. */
  async start({ paused = false } = {}): Promise<void> {
    if (this.running) return;
    this.#starting = true;
    this.message = null;
    let prepared;
    try {
      prepared = await this.#prepare();
    } finally {
      this.#starting = false;
    }
    if (typeof prepared === 'string') {
      this.message = prepared;
      this.status = 'failed';
      return;
    }
    const { network, nodeIds, data, run } = prepared;
    const refused = this.#overBudget(network, nodeIds, data);
    if (refused !== null) {
      this.message = `Training not started: ${refused}`;
      this.status = 'failed';
      return;
    }
    // The engine keeps the data set: sent the first time, named by the runs after.
    let kept: KeptDataRef;
    this.#starting = true;
    try {
      kept = await this.#data.ref(data);
    } catch (error) {
      this.message = `Training not started: ${(error as Error).message}`;
      this.status = 'failed';
      return;
    } finally {
      this.#starting = false;
    }
    const fitted = lossFitting(network, this.settings.loss);
    if (fitted) {
      this.settings.loss = fitted.loss;
      this.message = fitted.note;
    }
    const settings = copySettings($state.snapshot(this.settings));
    const doc = this.#store.doc;
    // Going on from where the last run ended (same network, data and settings but the epochs)
    // keeps Adam's moments and the decayed learning rate; otherwise the steps count on after the
    // history.
    const last = this.#last;
    const resume =
      last &&
      sameData(last.data, data) &&
      last.edges === doc.edges &&
      nodeIds.every((id) => last.nodes[id] === doc.nodes[id]) &&
      sameSettings(last.settings, settings)
        ? { checkpoint: last.checkpoint, epochsDone: last.epochsDone }
        : undefined;
    if (!resume) this.#offset = this.history.lastStep;
    if (this.history.step.length === 0) this.#started = new Date();
    this.#nodeIds = nodeIds;
    this.#run = {
      ...run,
      settings: { ...settings, epochs: settings.epochs + (resume?.epochsDone ?? 0) },
    };
    this.classNames = run.classNames;
    this.hints = [];
    this.status = 'running';
    this.#store.endMerge();
    this.#clock.start(Date.now(), this.step - this.#offset);
    this.secondsLeft = this.secondsPerEpoch = null;
    const running = this.#engine.start(
      'train',
      {
        network,
        data: kept,
        settings,
        regions: data.kind !== 'pictures' && data.x.shape[1] === 2,
        layerNames: nodeIds.map((id) => describeNode(doc.nodes[id]!)),
        ...(resume ? { resume } : {}),
      },
      { onProgress: (p) => this.#receive(p) },
    );
    this.#running = running;
    if (paused) {
      running.signal('pause');
      running.signal('step');
    }
    running.result.then(
      (result) => {
        this.#apply(result.network);
        this.#last =
          result.reason === 'non-finite'
            ? null
            : {
                nodes: this.#store.doc.nodes,
                edges: this.#store.doc.edges,
                data,
                settings,
                checkpoint: result.checkpoint,
                epochsDone: result.epoch,
              };
        this.status =
          result.reason === 'finished'
            ? 'finished'
            : result.reason === 'stopped'
              ? 'stopped'
              : 'failed';
        this.message = this.message ?? result.message;
        this.secondsLeft = null;
        this.#store.endMerge();
        this.#running = null;
        if (result.reason !== 'non-finite' && data.kind !== 'pictures')
          void this.#exactConfusion(result.network, data, settings);
      },
      (error: Error) => {
        // An engine that lost the data set (restarted) gets it again with the next run.
        if (ResidentDataClient.notKept(error)) this.#data.forget();
        if (!(error instanceof CancelledError)) {
          this.status = 'failed';
          this.message = `Training stopped: ${error.message}`;
        }
        this.#running = null;
      },
    );
  }

  /**
   * The confusion matrix of the trained weights on every row, once a run is over (while it
   * runs, the matrix counts each batch's own predictions). A run started meanwhile keeps its own.
   */
  async #exactConfusion(
    network: Network,
    data: TrainData,
    settings: TrainingSettings,
  ): Promise<void> {
    const version = this.version;
    try {
      const exact = await this.#data.call('evaluateRows', { network, settings }, data);
      if (this.version === version && !this.running) this.confusion = exact.confusion;
    } catch {
      // The batches' matrix stays: the run's result is in, only its last figure is not exact.
    }
  }

  /**
   * Why a step of this run would not fit this device (the compute budget, with the data held),
   * or null: checked before the worker is asked to train.
   */
  #overBudget(network: Network, nodeIds: readonly string[], data: TrainData): string | null {
    const pictures = data.kind === 'pictures';
    const count = pictures ? data.set.labels.length : data.x.shape[0]!;
    const shape = pictures ? [data.set.height, data.set.width, data.set.channels] : [];
    return checkBudget(network, {
      batch: Math.min(this.settings.batchSize || count, count),
      mode: 'train',
      replicas: pictures ? pictureReplicaCount() : 1,
      optimizerSlots: this.settings.optimizer === 'sgd' ? 1 : 2,
      data: pictures
        ? { kind: 'pictures', count, shape }
        : { kind: 'rows', count, features: data.x.shape[1]! },
      nodeIds,
      limit: this.#limit,
    });
  }

  pause(): void {
    this.#running?.signal('pause');
  }

  resume(): void {
    this.#running?.signal('resume');
  }

  /** One mini-batch, then paused (starts a paused run if none is going). */
  async stepOnce(): Promise<void> {
    if (!this.#running) return this.start({ paused: true });
    this.#running.signal('pause');
    this.#running.signal('step');
  }

  stop(): void {
    this.#running?.signal('stop');
  }

  /**
   * Starts over: every Dense layer gets 0.01·randn weights drawn in order from one
   * RandomState(seed), as nnfs's Layer_Dense after np.random.seed(seed), and zero biases.
   */
  resetWeights(): void {
    const derived = this.#store.derived.networks[0];
    if (!derived) return;
    const { seed } = this.settings;
    // Untrained weights have no training record: the saved one would describe other weights.
    this.#store.edit('Reset weights', (doc) => ({
      ...initialiseLayers(doc, { ids: derived.nodeIds, seed, scale: INIT_SCALE }),
      training: undefined,
    }));
    this.clearHistory();
  }

  /**
   * The Dense layers of the network to train whose all-zero W would keep it from learning
   * (train/zero-weights.ts), each with the problem named as the canvas names the layer.
   */
  zeroWeights(): { id: string; problem: string }[] {
    const derived = this.#store.derived.networks[0];
    if (!derived || derived.diagnostics.length > 0) return [];
    return zeroWeightLayers(derived.network).map((found) => {
      const id = derived.nodeIds[found.layer]!;
      return { id, problem: zeroWeightProblem(found, describeNode(this.#store.doc.nodes[id]!)) };
    });
  }

  /**
   * Draws W for these Dense layers as the Inspector's notebook initialisation does:
   * np.random.seed(seed), then 0.1·randn for each in the network's order, zero biases. One
   * undo step, so Undo brings the zeros back.
   */
  randomiseZeroWeights(ids: readonly string[]): void {
    const { seed } = this.settings;
    this.#store.edit('Randomise zero weights', (doc) =>
      initialiseLayers(doc, { ids, seed, scale: DEFAULT_WEIGHT_SCALE }),
    );
  }

  clearHistory(): void {
    this.history.clear();
    this.#last = null;
    this.step = this.epoch = 0;
    this.loss = this.accuracy = this.validationAccuracy = null;
    this.regions = null;
    this.confusion = null;
    this.hints = [];
    this.secondsPerEpoch = this.secondsLeft = null;
    this.version++;
    if (!this.#running) this.status = 'idle';
  }

  #receive(progress: TrainProgress): void {
    this.history.add(progress, this.#offset);
    const now = Date.now();
    if (progress.steps) {
      this.stepsPerEpoch = progress.steps.perEpoch;
      this.totalSteps = progress.steps.total;
    }
    for (const point of progress.points) {
      if (this.stepsPerEpoch > 0 && point.step % this.stepsPerEpoch === 0)
        this.#clock.epochEnded(now);
    }
    const last = progress.points.at(-1);
    if (last) {
      this.step = last.step + this.#offset;
      this.epoch = last.epoch;
      this.loss = last.loss;
      this.accuracy = last.accuracy;
      this.secondsPerEpoch = this.#clock.secondsPerEpoch;
      this.secondsLeft = this.#clock.secondsLeft(now, last.step, this.totalSteps);
    }
    const check = progress.validation.at(-1);
    if (check) this.validationAccuracy = check.accuracy;
    if (progress.network) this.#apply(progress.network);
    if (progress.regions) this.regions = progress.regions;
    if (progress.confusion) this.confusion = progress.confusion;
    if (progress.hints.length) this.hints = [...this.hints, ...progress.hints];
    this.status = progress.paused ? 'paused' : 'running';
    this.version++;
  }

  /** Writes the trained layers and the record into the document, merged into one undo step. */
  #apply(network: Network): void {
    const ids = this.#nodeIds;
    const training = this.record();
    const applied = this.#store.edit(
      'Train',
      (doc) => withTrainedLayers(doc, { ids, layers: network.layers, training }),
      MERGE_KEY,
    );
    if (!applied && this.#running) {
      this.message = `Training stopped: ${this.#store.problem ?? 'the network changed'}`;
      this.#running.signal('stop');
    }
  }
}

/** Settings equal but for the epochs, which a continued run adds to. */
function sameSettings(a: TrainingSettings, b: TrainingSettings): boolean {
  const plain = (s: TrainingSettings) => JSON.stringify({ ...s, epochs: 0 });
  return plain(a) === plain(b);
}

const LOSS_WORDS: Record<LossName, string> = {
  'categorical-crossentropy': 'cross-entropy',
  'binary-crossentropy': 'binary cross-entropy',
  mse: 'mean squared error',
};

/**
 * The loss to use instead when `loss` cannot work with the network's last layer: cross-entropy
 * needs probabilities (a softmax; after a sigmoid, binary cross-entropy), and a last layer that
 * gives neither takes mean squared error. Null when `loss` fits.
 */
export function lossFitting(
  network: Network,
  loss: LossName,
): { loss: LossName; note: string } | null {
  const wanted = lossFor(network);
  const last = network.layers.at(-1)!.type;
  const fits =
    loss === 'mse' || loss === wanted || (loss === 'binary-crossentropy' && last === 'softmax');
  if (fits) return null;
  return {
    loss: wanted,
    note: `Training with ${LOSS_WORDS[wanted]}: ${LOSS_WORDS[loss]} does not fit a network that ends in ${last === 'sigmoid' ? 'a sigmoid' : `a ${last} layer`}.`,
  };
}
