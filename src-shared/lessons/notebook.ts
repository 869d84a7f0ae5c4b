/**
 * The notebook's cells as ready-made networks: each reproduces one printed output.
 * Weights are written here as in the notebook, one row per neuron, and transposed into
 * the (n_inputs, n_neurons) layout of Layer_Dense, just as the notebook's `.T` does.
 */
import type { Network } from '../net/network.ts';
import { notebookNetwork } from '../net/init.ts';
import type { DenseLayer } from '../layers/index.ts';
import { transpose } from '../tensor/ops.ts';
import { fromNested, type Tensor } from '../tensor/tensor.ts';
import type { TrainingSettings } from '../train/settings.ts';

export interface Lesson {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly network: Network;
  /** One sample (features,) or a batch (batch, features). */
  readonly inputs: Tensor;
  /** A data set and settings to train this network on, e.g. "spiral:3x100". */
  readonly training?: { readonly dataset: string; readonly settings?: Partial<TrainingSettings> };
}

/** A Dense layer from the notebook's per-neuron weight rows: weights.T, as in the notebook. */
export function denseFromNeuronRows(rows: number[][], biases: number[]): DenseLayer {
  return { type: 'dense', weights: transpose(fromNested(rows)), biases: fromNested(biases) };
}

const weights1 = [
  [0.2, 0.8, -0.5, 1.0],
  [0.5, -0.91, 0.26, -0.5],
  [-0.26, -0.27, 0.17, 0.87],
];
const biases1 = [2, 3, 0.5];
const weights2 = [
  [0.1, -0.14, 0.5],
  [-0.5, 0.12, -0.33],
  [-0.44, 0.73, -0.13],
];
const biases2 = [-1, 2, -0.5];
const X = [
  [1, 2, 3, 2.5],
  [2.0, 5.0, -1.0, 2.0],
  [-1.5, 2.7, 3.3, -0.8],
];

export const notebookLessons: readonly Lesson[] = [
  {
    id: 'single-neuron',
    title: 'One neuron',
    caption: '3 inputs, 3 weights, 1 bias: output = dot(inputs, weights) + bias.',
    network: {
      layers: [{ type: 'input', units: 3 }, denseFromNeuronRows([[0.2, 0.8, -0.5]], [2])],
    },
    inputs: fromNested([1, 2, 3]),
  },
  {
    id: 'four-inputs-three-neurons',
    title: '4 inputs → 3 neurons',
    caption: 'Each neuron has its own weights and bias; the layer computes all three at once.',
    network: { layers: [{ type: 'input', units: 4 }, denseFromNeuronRows(weights1, biases1)] },
    inputs: fromNested([1, 2, 3, 2.5]),
  },
  {
    id: 'batch',
    title: 'A batch of 3 samples',
    caption: 'inputs (3,4) @ weights.T (4,3) + biases (3,) → outputs (3,3): one row per sample.',
    network: { layers: [{ type: 'input', units: 4 }, denseFromNeuronRows(weights1, biases1)] },
    inputs: fromNested(X),
  },
  {
    id: 'two-layers',
    title: 'Two layers',
    caption: "Layer 1's outputs are layer 2's inputs.",
    network: {
      layers: [
        { type: 'input', units: 4 },
        denseFromNeuronRows(weights1, biases1),
        denseFromNeuronRows(weights2, biases2),
      ],
    },
    inputs: fromNested(X),
  },
  {
    id: 'layer-dense-seed-0',
    title: 'Layer_Dense after np.random.seed(0)',
    caption:
      'Layer_Dense(4, 5) then Layer_Dense(5, 2): weights 0.1·randn(n_inputs, n_neurons), biases 0.',
    network: notebookNetwork({ seed: 0, sizes: [4, 5, 2] }),
    inputs: fromNested(X),
  },
];
