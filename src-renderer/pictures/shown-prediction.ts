/**
 * The one answer shown for a photo: the prediction panel and the Softmax card both show it, with
 * how it was obtained. It is the figure `weightcraft predict` and `evaluate` report for the
 * model: the average of the photo's and its mirror image's probabilities when the model was
 * scored with test-time flips (the training record's `testFlip`), else the plain forward pass.
 * An answer belongs to the photo it was computed from: while the forward pass has not yet
 * answered for the photo shown, there is no figure (`probabilities` is null), never the last
 * photo's under the new one's name.
 */
import type { Derived, EditorDocument, NodeId } from '../../src-shared/document/index.ts';
import { testFlipOf } from '../../src-shared/model-file/training-record.ts';
import type { Tensor } from '../../src-shared/tensor/tensor.ts';

export type PredictionMethod = 'forward pass' | 'average of the photo and its mirror image';

/** How each method is named: briefly on the Softmax card, in a sentence in the panel. */
export const METHOD_LABELS: Record<PredictionMethod, { card: string; panel: string }> = {
  'forward pass': {
    card: 'forward pass',
    panel: 'The forward pass of the photo, as the model is scored.',
  },
  'average of the photo and its mirror image': {
    card: 'avg of photo & mirror',
    panel: 'The average of the photo and its mirror image, as the model is scored.',
  },
};

export interface ShownPrediction {
  /** The Softmax node whose output this is. */
  nodeId: NodeId;
  method: PredictionMethod;
  /** Each class's probability for the sample shown; null while its photo is being computed. */
  probabilities: Float64Array | null;
}

/** The latest forward pass: each node's output (the Input's is the batch it was computed from). */
export interface ForwardResult {
  outputs: Readonly<Record<NodeId, Tensor>>;
  /** The last layer's output for the mirror image of each picture, when it was computed. */
  mirrored: Tensor | null;
}

/**
 * The answer for the photo shown, or null when the first network does not take pictures and end
 * in a softmax.
 */
export function shownPrediction(
  doc: Pick<EditorDocument, 'inputs' | 'training'>,
  derived: Derived,
  result: ForwardResult,
  sample: number,
): ShownPrediction | null {
  const chain = derived.networks[0];
  const nodeId = chain?.nodeIds.at(-1);
  const layers = chain?.network.layers;
  if (!chain || !nodeId || layers?.[0]?.type !== 'image-input' || layers.at(-1)?.type !== 'softmax')
    return null;
  // An untrained model (no training record) was never scored, with mirror images or without.
  const method: PredictionMethod =
    doc.training && testFlipOf(doc.training)
      ? 'average of the photo and its mirror image'
      : 'forward pass';
  const output = result.outputs[nodeId];
  const mirrored = method === 'forward pass' ? null : result.mirrored;
  // Computed from this very batch (not the one before), and in the way the model is scored.
  const forThisPhoto =
    result.outputs[chain.inputId] === doc.inputs &&
    output?.shape.length === 2 &&
    (method === 'forward pass' || mirrored?.shape.join() === output.shape.join());
  if (!forThisPhoto || sample >= output.shape[0]!) return { nodeId, method, probabilities: null };
  const count = output.shape[1]!;
  const row = Float64Array.from(output.data.subarray(sample * count, (sample + 1) * count));
  if (mirrored) row.forEach((p, k) => (row[k] = (p + mirrored.data[sample * count + k]!) / 2));
  return { nodeId, method, probabilities: row };
}
