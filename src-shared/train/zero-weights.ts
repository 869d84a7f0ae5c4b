/**
 * Dense layers whose all-zero W would keep a run from learning, found before it starts: the Train
 * tab asks first (and offers to randomise them), the CLI prints a warning. A Dense dragged from
 * the palette starts at zero by the notebook's rule (the learner types weights by hand), so a
 * network built with the mouse and trained at once meets this.
 *
 * With W = 0 every unit of the layer computes its bias, whatever the sample. Which cases block
 * learning (derived from the gradients, then checked in NumPy on a 2-16-3 spiral network, Adam,
 * 2000 full-batch steps per case under ReLU, tanh and sigmoid; zero-weights.test.ts checks the
 * cases again with the one trainer):
 * - **dead**: read only by ReLUs, with every bias ≤ 0. Its outputs are relu(b) = 0 and ReLU's
 *   gradient there is 0, so W and b never change, whatever the layers after it hold, and those
 *   layers see only zeros: nothing before the last biases learns (the loss stays at the class
 *   priors). Any number of units.
 * - **symmetric**: ≥ 2 units, equal biases, and the first layers with weights that its output
 *   reaches (through activations, Flatten and Concatenate, which treat units alike) start at
 *   zero too. Unit j's incoming column, bias and outgoing row then equal unit k's, so their
 *   gradients are equal at every step and they stay identical forever: one unit's worth of
 *   features (after tanh, tanh(0) = 0 gives those layers nothing to learn at all).
 * Not flagged, because they learn:
 * - a hidden layer whose next layer has random weights, behind tanh, sigmoid or no activation:
 *   each unit's gradient goes back through its own row of those weights, which differ, so the
 *   units part at the first step (the spiral reached 88% from zero W1 under tanh);
 * - the last layer with weights (no layer with weights after it): dL/dW = hᵀ(p − y) differs
 *   column by column, so it learns from the first step, and the layers before it from the
 *   second (from zero W2 behind random W1 the spiral's loss fell from 1.099 to 0.73 under ReLU,
 *   0.25 under tanh). With two classes its columns do train to negatives of each other, to
 *   the last bits: p − y's two columns are negatives, so are the gradients, and SGD's and
 *   Adam's steps are odd in them. Harmless: softmax is the same for any shift of both logits.
 * - a layer whose output reaches a Dropout, BatchNorm or Add before a layer with weights: random
 *   masks, per-unit statistics or another branch's values can part the units, so the case is not
 *   clear enough to ask about.
 */
import { layerKind, type Layer } from '../layers/registry.ts';
import { inputsOf, type Network } from '../net/network.ts';
import type { Tensor } from '../tensor/tensor.ts';

export interface ZeroWeightLayer {
  /** Its index in `network.layers`. */
  readonly layer: number;
  readonly units: number;
  /** Read only by ReLUs with every bias ≤ 0: it puts out 0 and gets no gradient. */
  readonly dead: boolean;
  /** Its units start alike and stay alike: see the module's comment. */
  readonly symmetric: boolean;
}

/** Layers that treat every unit alike and have no parameters: symmetry passes through them. */
const ALIKE = new Set(['flatten', 'concatenate']);

const allZero = (t: Tensor) => t.data.every((x) => x === 0);

function weightsOf(layer: Layer): Tensor | null {
  return (
    layerKind(layer.type)
      .parameters(layer)
      .find((p) => p.field === 'weights')?.tensor ?? null
  );
}

/** readers[i]: the layers that read layers[i]'s output. */
function readersOf(network: Network): number[][] {
  const readers: number[][] = network.layers.map(() => []);
  for (let i = 1; i < network.layers.length; i++) {
    for (const j of inputsOf(network, i)) readers[j]!.push(i);
  }
  return readers;
}

/**
 * The first layers with weights that layers[from]'s output reaches through layers that treat
 * units alike, or null when it reaches one that may part them (Dropout, BatchNorm, Add).
 */
function nextWithWeights(network: Network, readers: number[][], from: number): Tensor[] | null {
  const found: Tensor[] = [];
  const queue = [...readers[from]!];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const i = queue.shift()!;
    if (seen.has(i)) continue;
    seen.add(i);
    const layer = network.layers[i]!;
    const weights = weightsOf(layer);
    if (weights) found.push(weights);
    else if (layerKind(layer.type).role === 'activation' || ALIKE.has(layer.type))
      queue.push(...readers[i]!);
    else return null;
  }
  return found;
}

/** The Dense layers whose all-zero W would block learning, in the network's order. */
export function zeroWeightLayers(network: Network): ZeroWeightLayer[] {
  const readers = readersOf(network);
  const found: ZeroWeightLayer[] = [];
  network.layers.forEach((layer, i) => {
    if (layer.type !== 'dense' || !allZero(layer.weights)) return;
    const biases = layer.biases.data;
    const units = biases.length;
    const read = readers[i]!;
    const dead =
      read.length > 0 &&
      read.every((j) => network.layers[j]!.type === 'relu') &&
      biases.every((b) => b <= 0);
    const next = nextWithWeights(network, readers, i);
    const symmetric =
      units >= 2 &&
      biases.every((b) => b === biases[0]) &&
      next !== null &&
      next.length > 0 &&
      next.every(allZero);
    if (dead || symmetric) found.push({ layer: i, units, dead, symmetric });
  });
  return found;
}

/**
 * "Dense n3: W is all zeros, so its 128 units would learn the same thing, and behind a ReLU
 * nothing at all." `name` names the layer as the caller's messages do.
 */
export function zeroWeightProblem(found: ZeroWeightLayer, name: string): string {
  const units = `${found.units} unit${found.units === 1 ? '' : 's'}`;
  if (found.symmetric && found.dead) {
    return `${name}: W is all zeros, so its ${units} would learn the same thing, and behind a ReLU nothing at all.`;
  }
  if (found.symmetric) {
    return `${name}: W is all zeros, and so are the next layer's weights, so its ${units} would learn the same thing.`;
  }
  return `${name}: W is all zeros and no bias is above 0, so behind a ReLU it puts out 0 and gets no gradient: it would learn nothing at all.`;
}
