/**
 * Training an image model in the app: `trainImages` over the two replica workers, on the folder
 * the Evaluate tab or this one loaded, holding out the same validation pictures as
 * `weightcraft train` (at the share the model's training record holds, else the CLI's default). After
 * every epoch the weights go into the document, merged into one undo step; Stop ends the run and
 * keeps the weights of the last finished epoch.
 */
import { splitByHash } from '../../src-shared/data/image-set.ts';
import { trainImages } from '../../src-shared/image-train/trainer.ts';
import {
  DEFAULT_IMAGE_SETTINGS,
  type ImageEpochReport,
  type ImageStepPoint,
  type ImageTrainSettings,
} from '../../src-shared/image-train/types.ts';
import { validationShareOf } from '../../src-shared/image-train/validation-share.ts';
import { imageModelOf, matchClasses } from '../evaluation/image-model.ts';
import { claimReplicas, releaseReplicas } from '../evaluation/image-workers.ts';
import type { FolderData } from '../images/folder-data.svelte.ts';
import type { EditorStore } from '../state/editor.svelte.ts';
import { fromImageSettings } from '../../src-shared/model-file/legacy-settings.ts';
import { fileListHash } from '../../src-shared/model-file/training-record.ts';
import type { ImageInputLayer } from '../../src-shared/layers/index.ts';
import type { TrainingData } from '../../src-shared/nn/model.ts';
import { appTrainingRecord } from '../state/training-record.ts';
import { withTrainedLayers } from './trained-layers.ts';

export type ImageTrainStatus = 'idle' | 'running' | 'stopping' | 'finished' | 'stopped' | 'failed';

/** The settings the panel offers; the rest are the CLI's defaults. */
export type ImageTrainChoices = Pick<
  ImageTrainSettings,
  'epochs' | 'batchSize' | 'learningRate' | 'optimizer'
>;

const MERGE_KEY = 'image-train';
/** `weightcraft train`'s default peak learning rates. */
const DEFAULT_LEARNING_RATE = { sgd: DEFAULT_IMAGE_SETTINGS.learningRate, adam: 0.003 } as const;

export class ImageTrainingSession {
  readonly folder: FolderData;
  settings: ImageTrainChoices = $state({
    epochs: 5,
    batchSize: DEFAULT_IMAGE_SETTINGS.batchSize,
    learningRate: DEFAULT_IMAGE_SETTINGS.learningRate,
    optimizer: DEFAULT_IMAGE_SETTINGS.optimizer,
  });
  status: ImageTrainStatus = $state('idle');
  message: string | null = $state(null);
  /** The latest step, and the step count of one epoch. */
  point: ImageStepPoint | null = $state.raw(null);
  stepsPerEpoch = $state(0);
  lastEpoch: ImageEpochReport | null = $state.raw(null);
  /** Chart data, appended in place; `version` tells the charts to redraw. */
  readonly history = {
    step: [] as number[],
    loss: [] as number[],
    accuracy: [] as number[],
    validationLoss: [] as (number | null)[],
    validationAccuracy: [] as (number | null)[],
  };
  version = $state(0);
  readonly #store: EditorStore;
  #stop = false;

  constructor(store: EditorStore, folder: FolderData) {
    this.#store = store;
    this.folder = folder;
  }

  /** The share of pictures held out: the model's metadata's, else the CLI's 0.1. */
  get validationShare(): number {
    return validationShareOf(this.#store.doc.training);
  }

  get running(): boolean {
    return this.status === 'running' || this.status === 'stopping';
  }

  async start(): Promise<void> {
    if (this.running) return;
    const model = imageModelOf(this.#store.doc);
    if (typeof model === 'string') return this.#fail(model);
    const ids = this.#store.derived.chains[0]!.nodeIds;
    const { height, width, channels } = model.input;
    this.status = 'running';
    this.message = null;
    this.#stop = false;
    const loaded = await this.folder.at({ height, width, channels });
    if (!loaded) return this.#fail(this.folder.message ?? 'Choose a folder of pictures first.');
    const set = matchClasses(model, loaded.set);
    if (typeof set === 'string') return this.#fail(set);
    const replicas = claimReplicas('the training');
    if (typeof replicas === 'string') return this.#fail(replicas);
    const share = this.validationShare;
    const { train, validation } = splitByHash(set.files, share);
    const settings: ImageTrainSettings = {
      ...DEFAULT_IMAGE_SETTINGS,
      ...$state.snapshot(this.settings),
    };
    this.#clear();
    const started = new Date();
    this.stepsPerEpoch = Math.ceil(train.length / settings.batchSize);
    this.#store.endMerge();
    try {
      const result = await trainImages({
        layers: model.layers,
        set,
        train,
        validation,
        settings,
        replicas,
        onStep: (point) => this.#step(point),
        onEpoch: (report) =>
          this.#epoch(report, {
            ids,
            settings,
            share,
            input: model.input,
            classNames: set.classNames,
            data: {
              name: 'picture folder',
              hash: fileListHash(set.files),
              training: train.length,
              validation: validation.length,
            },
            started,
          }),
        shouldStop: () => this.#stop,
      });
      // A stopped run's weights are mid-epoch: the document keeps the last finished epoch's.
      this.status = result.reason === 'non-finite' ? 'failed' : result.reason;
      this.message =
        result.reason === 'stopped'
          ? this.lastEpoch
            ? `Stopped; the weights of epoch ${this.lastEpoch.epoch} are kept.`
            : 'Stopped before the first epoch ended; the weights are as they were.'
          : result.message;
    } catch (error) {
      this.#fail(`Training stopped: ${(error as Error).message}`);
    } finally {
      releaseReplicas();
      this.#store.endMerge();
    }
  }

  /** Switches the optimizer; a learning rate left at one's default takes the other's (as the CLI). */
  chooseOptimizer(optimizer: ImageTrainSettings['optimizer']): void {
    const s = this.settings;
    if (s.learningRate === DEFAULT_LEARNING_RATE[s.optimizer]) {
      s.learningRate = DEFAULT_LEARNING_RATE[optimizer];
    }
    s.optimizer = optimizer;
  }

  stop(): void {
    if (this.status !== 'running') return;
    this.#stop = true;
    this.status = 'stopping';
  }

  #fail(message: string): void {
    this.status = 'failed';
    this.message = message;
  }

  #clear(): void {
    for (const values of Object.values(this.history)) values.length = 0;
    this.point = null;
    this.lastEpoch = null;
    this.version++;
  }

  #step(point: ImageStepPoint): void {
    const h = this.history;
    h.step.push(point.step);
    h.loss.push(point.loss);
    h.accuracy.push(point.accuracy);
    h.validationLoss.push(null);
    h.validationAccuracy.push(null);
    this.point = point;
    this.version++;
  }

  #epoch(
    report: ImageEpochReport,
    run: {
      ids: readonly string[];
      settings: ImageTrainSettings;
      share: number;
      input: ImageInputLayer;
      classNames: readonly string[];
      data: TrainingData;
      started: Date;
    },
  ): void {
    const v = report.validation;
    const h = this.history;
    if (v && h.step.length > 0) {
      h.validationLoss[h.step.length - 1] = v.loss;
      h.validationAccuracy[h.step.length - 1] = v.accuracy;
    }
    this.lastEpoch = report;
    this.version++;
    const { input } = run;
    const training = appTrainingRecord(
      {
        data: run.data,
        settings: fromImageSettings(run.settings, run.share),
        final: {
          epochs: report.epoch,
          steps: report.step,
          loss: report.loss,
          accuracy: report.accuracy,
          validationLoss: v ? v.loss : null,
          validationAccuracy: v ? v.accuracy : null,
          validationRight: v ? v.confusion.reduce((sum, row, i) => sum + row[i]!, 0) : null,
          validationTotal: v ? v.predicted.length : null,
        },
        classNames: [...run.classNames],
        preprocessing: {
          kind: 'image',
          height: input.height,
          width: input.width,
          channels: input.channels,
          mean: [...input.mean],
          std: [...input.std],
          testFlip: run.settings.testFlip,
        },
        curves: {
          step: [...h.step],
          loss: [...h.loss],
          accuracy: [...h.accuracy],
          validationLoss: [...h.validationLoss],
          validationAccuracy: [...h.validationAccuracy],
        },
      },
      run.started,
    );
    this.#store.edit(
      'Train',
      (doc) => withTrainedLayers(doc, { ids: run.ids, layers: report.layers, training }),
      MERGE_KEY,
    );
  }
}
