/**
 * What a learner reads on clicking a neuron or a layer: a neuron's sum written out with its
 * numbers, and a layer's operation in matrix form with its shapes.
 *
 * Numbers print as Python's `format(x, '.6g')` (`4.800000000000001` → `4.8`). Weights, sums
 * and activation values are floats and keep a point (`1.0`, `5.0`); inputs and the bias print
 * shortest (`1`, `2`), as the notebook writes `inputs = [1, 2, 3, 2.5]`, `bias = 2` and the
 * weight `1.0`. Signs use a true minus "−"; a negative factor goes in parentheses, `3×(−0.5)`,
 * and a negative bias is subtracted, `… − 1 = …`.
 */
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Shape } from '../tensor/tensor.ts';
import { formatG, formatGFloat } from '../text/format-g.ts';
import type { ActivationType } from '../layers/index.ts';
import { explainImageLayer } from './explain-image.ts';
import type { DenseLayer, Layer } from '../layers/index.ts';

export interface NeuronTerm {
  readonly input: number;
  readonly weight: number;
  /** input × weight: this term's share of the sum. */
  readonly product: number;
}

export interface NeuronExplanationOptions {
  /** One sample's values entering the layer. */
  readonly inputs: readonly number[];
  /** This neuron's weights: its column of the layer's (n_inputs, n_neurons) weights. */
  readonly weights: readonly number[];
  readonly bias: number;
  /** The neuron's sum, inputs · weights + bias, as the forward pass computed it. */
  readonly output: number;
  /** The activation layer after the neuron and the value it gives this neuron. */
  readonly activation?: { readonly type: ActivationType; readonly value: number };
}

export interface NeuronExplanation {
  /** Every term, also those the text leaves out. */
  readonly terms: NeuronTerm[];
  /** The sum on one line; with an activation, the activation on a second line. */
  readonly text: string;
}

/** Terms written out at each end of a long sum; the middle becomes `… (780 more) …`. */
const EDGE_TERMS = 2;

const ACTIVATION_NAMES: Record<ActivationType, string> = {
  relu: 'ReLU',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  linear: 'linear',
};

/** `1×0.2 + 2×0.8 + 3×(−0.5) + 2.5×1.0 + 2 = 4.8`, then e.g. `ReLU(4.8) = 4.8`. */
export function explainNeuron(options: NeuronExplanationOptions): NeuronExplanation {
  const { inputs, weights, bias, output, activation } = options;
  if (inputs.length !== weights.length) {
    throw new ShapeError(
      `${inputs.length} inputs but ${weights.length} weights: a neuron needs one weight per input`,
    );
  }
  const terms = inputs.map((input, i) => {
    const weight = weights[i]!;
    return { input, weight, product: input * weight };
  });
  const written = terms.map((t) => `${factor(short(t.input))}×${factor(float(t.weight))}`);
  const shown =
    written.length > 2 * EDGE_TERMS + 2
      ? [
          ...written.slice(0, EDGE_TERMS),
          `… (${written.length - 2 * EDGE_TERMS} more) …`,
          ...written.slice(-EDGE_TERMS),
        ]
      : written;
  const b = short(bias);
  let sum = shown.join(' + ');
  if (sum === '') sum = minus(b);
  else sum += b.startsWith('-') ? ` − ${b.slice(1)}` : ` + ${b}`;

  const lines = [`${sum} = ${minus(float(output))}`];
  if (activation) lines.push(explainActivation(activation.type, output, activation.value));
  return { terms, text: lines.join('\n') };
}

/** The second line: what the activation does to this neuron's sum z. */
function explainActivation(type: ActivationType, z: number, value: number): string {
  const zs = minus(float(z));
  const result = minus(float(value));
  switch (type) {
    case 'relu':
    case 'tanh':
    case 'linear':
      return `${ACTIVATION_NAMES[type]}(${zs}) = ${result}`;
    case 'sigmoid':
      return `sigmoid(${zs}) = 1 / (1 + e^${minus(float(-z))}) = ${result}`;
    case 'softmax': {
      // Σ e^z over the row is e^z / value: shown when both are ordinary numbers.
      const e = Math.exp(z);
      const total = e / value;
      const middle =
        Number.isFinite(total) && e > 0 && value > 0 ? ` = ${float(e)} / ${float(total)}` : '';
      return `softmax: e^${zs} / Σ e^z${middle} = ${result}`;
    }
    default:
      throw new Error(`unknown activation ${type satisfies never}`);
  }
}

/**
 * One line in matrix form with shapes, e.g. for Dense on a batch
 * `Dense: inputs @ weights + biases, (3,4) @ (4,3) + (3,) → (3,3)`.
 * `inputShape` is what enters the layer: one sample (features,) or a batch (batch, features);
 * `others`, what enters a merge layer (Add, Concatenate) along its further wires.
 */
export function explainLayer(
  layer: Layer,
  inputShape: Shape,
  others: readonly Shape[] = [],
): string {
  const x = compact(inputShape);
  const elementWise = (formula: string) => `${formula} element-wise, ${x} → ${x}`;
  switch (layer.type) {
    case 'input': {
      const features = inputShape.at(-1);
      const what =
        inputShape.length === 1 ? 'one sample' : `${inputShape[0]} samples (one per row)`;
      if (features !== layer.units) {
        return `Input: ${layer.units} features per sample, but the inputs ${x} have ${features}`;
      }
      return `Input: ${what} of ${layer.units} features, ${x}`;
    }
    case 'dense':
      return explainDense(layer, inputShape);
    case 'relu':
      return elementWise('ReLU: max(0, x)');
    case 'sigmoid':
      return elementWise('sigmoid: 1 / (1 + e^−x)');
    case 'tanh':
      return elementWise('tanh: (e^x − e^−x) / (e^x + e^−x)');
    case 'linear':
      return `linear: x passes through unchanged, ${x} → ${x}`;
    case 'softmax':
      return inputShape.length === 1
        ? `softmax: e^x / Σ e^x over the ${inputShape[0]} values, which sum to 1, ${x} → ${x}`
        : `softmax: e^x / Σ e^x per row, each row sums to 1, ${x} → ${x}`;
    default:
      // Every other kind says what it computes through the registry.
      return explainImageLayer(layer, [inputShape, ...others]);
  }
}

function explainDense(layer: DenseLayer, inputShape: Shape): string {
  const [rows, columns] = layer.weights.shape as [number, number];
  const head =
    `Dense: inputs @ weights + biases, ` +
    `${compact(inputShape)} @ ${compact(layer.weights.shape)} + ${compact(layer.biases.shape)}`;
  if (inputShape.length !== 1 && inputShape.length !== 2) {
    return `${head}: the inputs must be one sample (features,) or a batch (batch, features)`;
  }
  const features = inputShape.at(-1)!;
  if (features !== rows) {
    const hint = features === columns ? ' — transpose the weights?' : '';
    return `${head}: the inputs have ${features} features, the weights ${rows} rows${hint}`;
  }
  const out = inputShape.length === 1 ? [columns] : [inputShape[0]!, columns];
  return `${head} → ${compact(out)}`;
}

/** Neuron j's weights: column j of the (n_inputs, n_neurons) weight matrix. */
export function neuronWeights(layer: DenseLayer, neuron: number): number[] {
  const [rows, columns] = layer.weights.shape as [number, number];
  if (!Number.isInteger(neuron) || neuron < 0 || neuron >= columns) {
    throw new RangeError(
      `neuron ${neuron} does not exist: the layer has ${columns} (0–${columns - 1})`,
    );
  }
  const column: number[] = [];
  for (let i = 0; i < rows; i++) column.push(layer.weights.data[i * columns + neuron]!);
  return column;
}

/** NumPy's compact shape, `(3,4)`, as in its error messages. */
const compact = (shape: Shape) => shapeToString(shape).replaceAll(' ', '');
/** `-0` prints as `0`: a sign on zero means nothing to a learner. */
const short = (x: number) => formatG(x === 0 ? 0 : x);
const float = (x: number) => formatGFloat(x === 0 ? 0 : x);
const minus = (s: string) => (s.startsWith('-') ? '−' + s.slice(1) : s);
const factor = (s: string) => (s.startsWith('-') ? `(${minus(s)})` : s);
