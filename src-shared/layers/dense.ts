/**
 * The notebook's `Layer_Dense`, forward and backward side by side (nnfs's formulas):
 *
 *   forward:  output   = inputs @ weights + biases        (batch×in) @ (in×out) + (out,)
 *   backward: dweights = inputsᵀ @ dvalues                 (in×batch) @ (batch×out)
 *             dbiases  = Σ over the batch of dvalues      (out,)
 *             dinputs  = dvalues @ weightsᵀ                (batch×out) @ (out×in)
 *
 * In float64 the products sum in order, as NumPy's `dot(...) + b`, so outputs are the notebook's.
 */
import { gemm64Bytes, gemmBytes } from '../kernels/working-set.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, zeros, type Tensor, type TypedArray } from '../tensor/tensor.ts';
import { matrixShape } from '../model-file/checks.ts';
import { MAX_UNITS } from '../model-file/limits.ts';
import type { LayerReader } from './file-form.ts';
import type { LayerKind } from './kind.ts';
import { expectFeatures } from './shapes.ts';
import { param, saved } from './tensors.ts';

export interface DenseLayer {
  readonly type: 'dense';
  /** Shape (n_inputs, n_neurons): column j holds neuron j's weights. */
  readonly weights: Tensor;
  /** Shape (n_neurons,). */
  readonly biases: Tensor;
}

/** A Dense layer placed but never connected: its neurons are known, its weights not yet. */
export interface DenseDraft extends Omit<DenseLayer, 'weights'> {
  readonly weights: null;
}

/**
 * Weights (n_inputs, n_neurons) as the notebook's Layer_Dense holds them; biases (n_neurons,).
 * Weights may be absent: a layer placed but not yet connected knows its neurons only.
 * Whether n_inputs fits the layer before is checked when the network runs.
 */
function readDense(from: LayerReader): DenseLayer | DenseDraft {
  const biases = from.vector('biases', 'a list of numbers, one per neuron');
  if (biases.length === 0) from.fail('biases', 'expected at least one neuron, found an empty list');
  if (biases.length > MAX_UNITS) {
    from.fail('biases', `expected at most ${MAX_UNITS} neurons, found ${biases.length}`);
  }
  const neurons = biases.length;
  if (from.fields.weights === undefined) {
    return { type: 'dense', weights: null, biases: from.tensor(biases, [neurons], 'biases') };
  }
  const expected = `a matrix of ${neurons} columns (n_inputs × n_neurons, one column per bias)`;
  const weights = from.matrix('weights', expected);
  if (weights.rows === 0 || weights.rows > MAX_UNITS || weights.cols !== neurons) {
    const hint = weights.rows === neurons && weights.cols !== neurons ? ' — transposed?' : '';
    from.fail('weights', `expected ${expected}, found ${matrixShape(weights)}${hint}`);
  }
  return {
    type: 'dense',
    weights: from.tensor(weights.data, [weights.rows, neurons], 'weights'),
    biases: from.tensor(biases, [neurons], 'biases'),
  };
}

export const denseKind: LayerKind<DenseLayer, DenseLayer | DenseDraft> = {
  type: 'dense',
  label: 'Dense',
  hint: 'inputs @ W + b',
  role: 'layer',
  settings: [{ key: 'units', label: 'Neurons', min: 1, max: 100_000, integer: true }],
  defaults: { units: 3 },
  settingsOf: (layer) => ({ units: layer.biases.shape[0]! }),
  describe: (l) => `inputs @ weights + biases, ${l.weights.shape.join('×')} weights`,
  create({ units }, inputs) {
    const features = expectFeatures('dense', inputs);
    return { type: 'dense', weights: zeros([features, units!]), biases: zeros([units!]) };
  },
  outputShape(layer, inputs) {
    const [rows, columns] = layer.weights.shape as [number, number];
    const features = expectFeatures('dense', inputs);
    if (features !== rows) {
      throw new ShapeError(
        `dense takes ${rows} features per sample (W ${shapeToString(layer.weights.shape)}), found ${features}`,
      );
    }
    return [columns];
  },
  parameters: (layer) => [
    { field: 'weights', tensor: layer.weights, decay: true },
    { field: 'biases', tensor: layer.biases, decay: false },
  ],
  cost(layer) {
    const [nIn, nOut] = layer.weights.shape as [number, number];
    return {
      flops: 2 * nIn * nOut,
      // Both precisions' products run in the kernels' memory: x · W forward; xᵀ · dy and
      // dy · Wᵀ back.
      kernelBytes(batch, precision, training) {
        const products: [number, number, number, boolean][] = [[batch, nOut, nIn, false]];
        if (training) products.push([nIn, nOut, batch, false], [batch, nIn, nOut, true]);
        const bytes = precision === 'float64' ? gemm64Bytes : gemmBytes;
        return Math.max(...products.map(([m, n, k, transB]) => bytes(m, n, k, transB)));
      },
    };
  },
  runtime(layer, _inputs, backend) {
    const [nIn, nOut] = layer.weights.shape as [number, number];
    const w = param(backend, 'weights', layer.weights, true);
    const b = param(backend, 'biases', layer.biases, false);
    const output = backend.scratch();
    let input: TypedArray = w.value;
    let batch = 0;
    return {
      outShape: [nOut],
      params: [w, b],
      forward(xs, n) {
        input = xs[0]!;
        batch = n;
        const y = output.get(n * nOut);
        backend.gemm(n, nOut, nIn, input, w.value, y);
        const bias = b.value;
        for (let row = 0; row < y.length; row += nOut) {
          for (let j = 0; j < nOut; j++) y[row + j] = y[row + j]! + bias[j]!;
        }
        return y;
      },
      backward(dy, [dx]) {
        backend.gemm(nIn, nOut, batch, input, dy, w.grad, { transA: true });
        // np.sum(dvalues, axis=0) adds the rows in order.
        const db = b.grad;
        db.fill(0);
        for (let row = 0; row < batch * nOut; row += nOut) {
          for (let j = 0; j < nOut; j++) db[j] = db[j]! + dy[row + j]!;
        }
        if (dx) backend.gemm(batch, nIn, nOut, dy, w.value, dx, { transB: true });
      },
      toLayer: () => ({
        type: 'dense',
        weights: saved(w.value, [nIn, nOut], layer.weights.dtype),
        biases: saved(b.value, [nOut], layer.biases.dtype),
      }),
    };
  },
  file: {
    keys: ['weights', 'biases'],
    // In the model's precision: float32 in an image model, float64 (exactly) otherwise.
    write: (layer, out) => ({
      // A Dense layer not yet connected has no weights: its biases say how many neurons.
      weights: layer.weights ? out.tensor(layer.weights, 'weights') : undefined,
      biases: out.tensor(layer.biases, 'biases'),
    }),
    read: readDense,
  },
};
