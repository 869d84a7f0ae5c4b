/**
 * Loss, accuracy, confusion matrix and per-sample predictions of a network on a data set,
 * computed by replicas (this thread's or workers') chunk by chunk and scored here in order: the
 * same forward pass, loss and scoring as training, for the trainer, the CLI and the app.
 */
import { sizeOf, type TypedArray } from '../tensor/tensor.ts';
import { sampleLossesInto, toTargets, type LossName, type Targets } from './losses.ts';
import { argmaxRows, Scorer } from './metrics.ts';
import { probabilities, type ReplicaClient } from './replica.ts';
import type { Samples } from './samples.ts';

export interface Evaluation {
  loss: number;
  accuracy: number;
  /** Rows: true class, columns: predicted class; null for regression. */
  confusion: number[][] | null;
  /** Per sample, in order, for classifiers: the predicted class and its probability. */
  predicted: Int32Array | null;
  confidence: Float32Array | null;
}

export interface EvaluateOptions {
  loss: LossName;
  /** The network's output width, and whether its last layer is a softmax. */
  outputs: number;
  endsWithSoftmax: boolean;
  /** Pictures: average each output with its mirror image's. */
  testFlip: boolean;
  /** Mean squared error on values: an output within this of its target counts as right. */
  precision?: number;
  /** Called after each chunk with the samples done so far. */
  onProgress?: (done: number) => void;
  /**
   * Asked before each chunk is sent: true stops the evaluation, which rejects with
   * EvaluationCancelled once the chunks already sent are back (so the replicas are idle).
   */
  shouldStop?: () => boolean;
}

/** The rejection of an evaluation stopped by its `shouldStop`. */
export class EvaluationCancelled extends Error {
  constructor() {
    super('evaluation cancelled');
    this.name = 'EvaluationCancelled';
  }
}

/** Chunks per replica at least, so progress moves and a cancel is prompt on small sets too. */
const CHUNKS_PER_REPLICA = 8;

/**
 * Samples per chunk of an evaluation: about 1 MB of inputs, at most 1,024, and enough chunks
 * for every replica (the compute budget sizes its check by it too).
 */
export function evaluationChunk(sampleSize: number, count: number, replicas: number): number {
  return Math.max(
    1,
    Math.min(
      1024,
      Math.floor(2 ** 20 / sampleSize),
      Math.ceil(count / (CHUNKS_PER_REPLICA * Math.max(1, replicas))),
    ),
  );
}

/** Evaluates `samples` on loaded replicas; each takes the next chunk as soon as it is free. */
export async function evaluateOn(
  replicas: readonly ReplicaClient[],
  samples: Samples,
  options: EvaluateOptions,
): Promise<Evaluation> {
  const { loss, outputs: width } = options;
  const count = samples.count;
  const chunk = evaluationChunk(sizeOf(samples.shape), count, replicas.length);
  const starts: number[] = [];
  for (let s = 0; s < count; s += chunk) starts.push(s);
  const outputs: TypedArray[] = new Array(starts.length);
  let next = 0;
  let done = 0;
  let stopped = false;
  await Promise.all(
    replicas.map(async (replica) => {
      while (next < starts.length) {
        stopped ||= options.shouldStop?.() ?? false;
        if (stopped) return;
        const c = next++;
        const start = starts[c]!;
        const end = Math.min(start + chunk, count);
        const batch = samples.gather(Int32Array.from({ length: end - start }, (_, i) => start + i));
        outputs[c] = await replica.predict({
          inputs: batch.inputs,
          count: batch.count,
          flip: options.testFlip,
        });
        done += batch.count;
        options.onProgress?.(done);
      }
    }),
  );
  if (stopped) throw new EvaluationCancelled();
  const all = toTargets(loss, samples.labels, count, width);
  const score = new Scorer(loss, width, options.precision ?? 0, all.kind === 'classes');
  const losses = new Float64Array(chunk);
  const classifier = score.confusion !== null && loss !== 'binary-crossentropy';
  const predicted = classifier ? new Int32Array(count) : null;
  const confidence = classifier ? new Float32Array(count) : null;
  let total = 0;
  starts.forEach((start, c) => {
    const output = outputs[c]!;
    const rows = Math.min(chunk, count - start);
    const part = sliceTargets(all, start, rows, width);
    sampleLossesInto(loss, output, part, losses, rows, width);
    for (let i = 0; i < rows; i++) total += losses[i]!;
    score.add(output, part, rows);
    if (predicted && confidence) {
      const p = probabilities(output, width, options.endsWithSoftmax);
      const best = argmaxRows(p, rows, width);
      for (let i = 0; i < rows; i++) {
        predicted[start + i] = best[i]!;
        confidence[start + i] = p[i * width + best[i]!]!;
      }
    }
  });
  return {
    loss: count === 0 ? 0 : total / count,
    accuracy: score.accuracy,
    confusion: score.confusion,
    predicted,
    confidence,
  };
}

function sliceTargets(t: Targets, start: number, count: number, width: number): Targets {
  return t.kind === 'classes'
    ? { kind: 'classes', classes: t.classes.subarray(start, start + count) }
    : { kind: 'values', values: t.values.subarray(start * width, (start + count) * width) };
}
