/**
 * Evaluating the document's image model on a folder: all its pictures, or only the validation
 * pictures `weightcraft train` holds out (chosen by file-name hash, at the share the model's
 * training recorded), so the numbers can match.
 */
import { splitByHash } from '../../src-shared/data/image-set.ts';
import {
  EvaluationCancelled,
  evaluateOn,
  evaluationChunk,
} from '../../src-shared/train/evaluate.ts';
import { checkBudget, type MemoryLimit } from '../../src-shared/net/budget.ts';
import { sizeOf } from '../../src-shared/tensor/tensor.ts';
import { appMemoryLimit } from '../state/memory-budget.ts';
import { pictureSamples } from '../../src-shared/train/samples.ts';
import { validationShareOf } from '../../src-shared/train/validation-share.ts';
import { FolderData } from '../images/folder-data.svelte.ts';
import type { PickedFolder } from '../images/folder-files.ts';
import type { EditorDocument } from '../../src-shared/document/index.ts';
import type { EditorStore } from '../state/editor.svelte.ts';
import { imageModelOf, matchClasses } from './image-model.ts';
import { claimReplicas, releaseReplicas, REPLICAS } from './image-workers.ts';
import type { EvaluatedSet, PictureEvaluation } from './results.ts';

export type EvaluationScope = 'all' | 'validation';

export class EvaluationSession {
  readonly folder = new FolderData();
  scope: EvaluationScope = $state('all');
  /** Average each picture's prediction with its mirror image's, as training's reports do. */
  flip = $state(true);
  running = $state(false);
  result: EvaluatedSet | null = $state.raw(null);
  message: string | null = $state(null);
  /** While pictures are scored: how many are done, of how many, and seconds since the start. */
  progress: { done: number; total: number; seconds: number } | null = $state.raw(null);
  readonly #store: EditorStore;
  /** Set by cancel(); evaluateOn checks it before sending each chunk. */
  #stop = false;
  /** The document the result was computed for. */
  #evaluated: EditorDocument | null = $state.raw(null);

  /** The compute budget an evaluation is checked against before it goes to the workers. */
  readonly #limit: MemoryLimit;

  constructor(store: EditorStore, limit: MemoryLimit = appMemoryLimit()) {
    this.#store = store;
    this.#limit = limit;
  }

  /** The network has changed since the result was computed. */
  get stale(): boolean {
    return this.result !== null && this.#evaluated !== this.#store.doc;
  }

  /** The share of pictures the model's training held out: its metadata's, else the CLI's 0.1. */
  get validationShare(): number {
    return validationShareOf(this.#store.doc.training);
  }

  /** Why the document's network cannot be evaluated on pictures, or null. */
  get problem(): string | null {
    const model = imageModelOf(this.#store.doc);
    return typeof model === 'string' ? model : null;
  }

  /** Loads a picked or dropped folder at the model's input size, then evaluates on it. */
  async useFolder(picked: PickedFolder): Promise<void> {
    const model = imageModelOf(this.#store.doc);
    if (typeof model === 'string') {
      this.message = model;
      return;
    }
    const { height, width, channels } = model.input;
    if (await this.folder.load(picked, { height, width, channels })) await this.evaluate();
  }

  async evaluate(): Promise<void> {
    if (this.running) return;
    const model = imageModelOf(this.#store.doc);
    if (typeof model === 'string') {
      this.message = model;
      return;
    }
    this.message = null;
    this.running = true;
    try {
      const { height, width, channels } = model.input;
      const loaded = await this.folder.at({ height, width, channels });
      if (!loaded) return;
      const set = matchClasses(model, loaded.set);
      if (typeof set === 'string') {
        this.message = set;
        return;
      }
      const indices =
        this.scope === 'validation'
          ? splitByHash(set.files, this.validationShare).validation
          : Int32Array.from(set.labels, (_, i) => i);
      if (indices.length === 0) {
        this.message = 'No picture of this folder falls in the validation split: evaluate on all.';
        return;
      }
      // Each worker's chunk in a pass, with the pictures held: refused before the workers start.
      const shape = [height, width, channels];
      const count = indices.length;
      const chunk = evaluationChunk(sizeOf(shape), count, REPLICAS);
      const refused = checkBudget(model.network, {
        ...{ batch: chunk * REPLICAS, replicas: REPLICAS, mode: 'forward', limit: this.#limit },
        data: { kind: 'pictures', count: set.labels.length, shape },
      });
      if (refused !== null) {
        this.message = `Not evaluated: ${refused}`;
        return;
      }
      const replicas = claimReplicas('the evaluation');
      if (typeof replicas === 'string') {
        this.message = replicas;
        return;
      }
      try {
        const doc = this.#store.doc;
        const { network } = model;
        this.#stop = false;
        const total = indices.length;
        const start = performance.now();
        this.progress = { done: 0, total, seconds: 0 };
        await Promise.all(replicas.map((r) => r.load(network, 'float32')));
        const evaluation = await evaluateOn(replicas, pictureSamples(set, indices), {
          loss: 'categorical-crossentropy',
          outputs: model.outputs,
          endsWithSoftmax: network.layers.at(-1)?.type === 'softmax',
          testFlip: this.flip,
          onProgress: (done) => {
            this.progress = { done, total, seconds: (performance.now() - start) / 1000 };
          },
          shouldStop: () => this.#stop,
        });
        if (!evaluation.confusion || !evaluation.predicted || !evaluation.confidence) {
          throw new Error('the model is not a classifier');
        }
        this.result = { set, indices, evaluation: evaluation as PictureEvaluation };
        this.#evaluated = doc;
      } finally {
        releaseReplicas();
      }
    } catch (error) {
      this.message =
        error instanceof EvaluationCancelled
          ? `Evaluation cancelled${this.result ? ': the result below is the previous one' : ''}.`
          : `Could not evaluate: ${(error as Error).message}`;
    } finally {
      this.running = false;
      this.progress = null;
    }
  }

  /** Stops the evaluation in progress once the chunks already sent are back; the result stays. */
  cancel(): void {
    if (this.running) this.#stop = true;
  }
}
