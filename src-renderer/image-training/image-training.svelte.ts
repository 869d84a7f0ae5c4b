/**
 * Training an image model in the app: the one trainer over the two replica workers, on the folder
 * the Evaluate tab or this one loaded, holding out the same validation pictures as
 * `weightcraft train` (at the share the model's training record holds, else the CLI's default). After
 * every epoch the weights go into the document, merged into one undo step; Stop ends the run and
 * keeps the weights of the last finished epoch.
 */
import { splitByHash } from '../../src-shared/data/image-set.ts';
import { pictureSamples } from '../../src-shared/train/samples.ts';
import { IMAGE_DEFAULTS, type TrainingSettings } from '../../src-shared/train/settings.ts';
import {
  createTrainer,
  type EpochReport,
  type StepReport,
} from '../../src-shared/train/trainer.ts';
import { validationShareOf } from '../../src-shared/train/validation-share.ts';
import { imageModelOf, matchClasses } from '../evaluation/image-model.ts';
import { claimReplicas, releaseReplicas } from '../evaluation/image-workers.ts';
import type { FolderData } from '../images/folder-data.svelte.ts';
import type { EditorStore } from '../state/editor.svelte.ts';
import { fileListHash } from '../../src-shared/model-file/training-record.ts';
import type { ImageInputLayer, Layer } from '../../src-shared/layers/index.ts';
import type { TrainingData } from '../../src-shared/nn/model.ts';
import { appTrainingRecord } from '../state/training-record.ts';
import { withTrainedLayers } from './trained-layers.ts';

export type ImageTrainStatus = 'idle' | 'running' | 'stopping' | 'finished' | 'stopped' | 'failed';

/** The settings the panel offers; the rest are the CLI's defaults. */
export interface ImageTrainChoices {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** `adam` is AdamW with PyTorch's ε, as in `weightcraft train`. */
  optimizer: 'sgd' | 'adam';
}

const MERGE_KEY = 'image-train';
/** `weightcraft train`'s default peak learning rates. */
const DEFAULT_LEARNING_RATE = { sgd: IMAGE_DEFAULTS.learningRate, adam: 0.003 } as const;
/** Validation averages each picture's outputs with its mirror image's, as prediction does. */
const TEST_FLIP = true;

/** The latest step, as the panel shows it. */
export type ImageStepPoint = Pick<
  StepReport,
  'step' | 'epoch' | 'loss' | 'accuracy' | 'learningRate'
>;
/** An epoch's figures, with its last step and the time it took. */
export type ImageEpochReport = EpochReport & { step: number; seconds: number };

export class ImageTrainingSession {
  readonly folder: FolderData;
  settings: ImageTrainChoices = $state({
    epochs: 5,
    batchSize: IMAGE_DEFAULTS.batchSize,
    learningRate: IMAGE_DEFAULTS.learningRate,
    optimizer: 'sgd',
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
    const ids = this.#store.derived.networks[0]!.nodeIds;
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
    const choices = $state.snapshot(this.settings);
    const settings: TrainingSettings = {
      ...IMAGE_DEFAULTS,
      ...choices,
      optimizer: choices.optimizer === 'adam' ? 'adamw' : 'sgd',
      validationSplit: share,
    };
    this.#clear();
    const started = new Date();
    this.#store.endMerge();
    const run = {
      ids,
      settings,
      input: model.input,
      classNames: set.classNames,
      data: {
        name: 'picture folder',
        hash: fileListHash(set.files),
        training: train.length,
        validation: validation.length,
      },
      started,
    };
    try {
      const trainer = await createTrainer({
        network: { layers: model.layers },
        data: pictureSamples(set, train),
        validation: pictureSamples(set, validation),
        settings,
        testFlip: TEST_FLIP,
        replicas,
      });
      this.stepsPerEpoch = trainer.stepsPerEpoch;
      let epochStarted = performance.now();
      let stopped = false;
      while (!trainer.done) {
        const point = await trainer.step();
        if ('stopped' in point) {
          this.#fail(point.message);
          return;
        }
        this.#step(point);
        if (point.epochEnd) {
          const seconds = (performance.now() - epochStarted) / 1000;
          epochStarted = performance.now();
          const report = { ...point.epochEnd, step: point.step, seconds };
          this.#epoch(report, (await trainer.network()).layers, run);
        }
        if (this.#stop) {
          stopped = true;
          break;
        }
      }
      // A stopped run's weights are mid-epoch: the document keeps the last finished epoch's.
      this.status = stopped ? 'stopped' : 'finished';
      this.message = !stopped
        ? null
        : this.lastEpoch
          ? `Stopped; the weights of epoch ${this.lastEpoch.epoch} are kept.`
          : 'Stopped before the first epoch ended; the weights are as they were.';
    } catch (error) {
      this.#fail(`Training stopped: ${(error as Error).message}`);
    } finally {
      releaseReplicas();
      this.#store.endMerge();
    }
  }

  /** Switches the optimizer; a learning rate left at one's default takes the other's (as the CLI). */
  chooseOptimizer(optimizer: ImageTrainChoices['optimizer']): void {
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
    layers: readonly Layer[],
    run: {
      ids: readonly string[];
      settings: TrainingSettings;
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
        settings: run.settings,
        final: {
          epochs: report.epoch,
          steps: report.step,
          loss: report.loss,
          accuracy: report.accuracy,
          validationLoss: v ? v.loss : null,
          validationAccuracy: v ? v.accuracy : null,
          validationRight: v?.confusion
            ? v.confusion.reduce((sum, row, i) => sum + row[i]!, 0)
            : null,
          validationTotal: v?.predicted ? v.predicted.length : null,
        },
        classNames: [...run.classNames],
        preprocessing: {
          kind: 'image',
          height: input.height,
          width: input.width,
          channels: input.channels,
          mean: [...input.mean],
          std: [...input.std],
          testFlip: TEST_FLIP,
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
      (doc) => withTrainedLayers(doc, { ids: run.ids, layers: [...layers], training }),
      MERGE_KEY,
    );
  }
}
