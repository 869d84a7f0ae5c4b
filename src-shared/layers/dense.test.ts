import { describe, expect, it } from 'vitest';
import { add, dot, ShapeError } from '../tensor/ops.ts';
import { fromNested, tensor, toNested } from '../tensor/tensor.ts';
import {
  numericGradient,
  randomTensor,
  relativeError,
  weightedSum,
} from '../train/test-support.ts';
import { forwardLayer } from '../net/forward.ts';
import { denseKind, type DenseLayer } from './dense.ts';
import { outputShape, parameterCount } from './registry.ts';
import {
  checkLayer,
  PRECISIONS,
  randomFloat32,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

/** The float64 layer of the old train/dense tests: nnfs's Layer_Dense with random values. */
const layer: DenseLayer = {
  type: 'dense',
  weights: randomTensor([4, 3], 10, 0.5),
  biases: randomTensor([3], 11, 0.1),
};
const inputs = randomTensor([6, 4], 12);
/** The loss Σ output ⊙ R has dL/doutput = R. */
const r = randomTensor([6, 3], 13);

function forward64(l: DenseLayer, x: Float64Array, batch: number): Float64Array {
  return runtimeOf(l, [[l.weights.shape[0]!]], 'float64').forward([x], batch, {
    training: true,
  }) as Float64Array;
}

describe('Dense forward', () => {
  it('computes inputs @ weights + biases in float32', () => {
    const l: DenseLayer = {
      type: 'dense',
      weights: tensor([1, 2, 3, 4, 5, 6], [2, 3], 'float32'),
      biases: tensor([0.5, 0, -1], [3], 'float32'),
    };
    const y = runtimeOf(l, [[2]], 'float32').forward([Float32Array.from([1, 1, 2, 0])], 2, {
      training: false,
    });
    expect(y).toBeInstanceOf(Float32Array);
    expect(Array.from(y)).toEqual([5.5, 7, 8, 2.5, 4, 5]);
  });

  it('gives NumPy’s dot(x, W) + b bit for bit in float64', () => {
    const want = add(dot(inputs, layer.weights), layer.biases);
    const y = forward64(layer, inputs.data as Float64Array, 6);
    expect([...y]).toEqual([...want.data]);
    // … and the app's forward pass of one layer gives the same bits.
    expect([...forwardLayer(layer, inputs).data]).toEqual([...y]);
  });

  it('names the shapes when a batch does not fit', () => {
    expect(() => outputShape(layer, [[3]])).toThrow(
      new ShapeError('dense takes 4 features per sample (W (4, 3)), found 3'),
    );
    expect(() => outputShape(layer, [[2, 2, 1]])).toThrow(
      'dense needs (batch, features), found (batch, 2, 2, 1) — add Flatten or global average pooling',
    );
    expect(() => outputShape(layer, [[4], [4]])).toThrow('dense takes one input, found 2');
  });
});

describe('Dense backward', () => {
  it('matches the book’s small example', () => {
    // nnfs ch. 9: dvalues of ones through weights.T and inputs.T.
    const w = fromNested([
      [0.2, 0.5, -0.26],
      [0.8, -0.91, -0.27],
      [-0.5, 0.26, 0.17],
      [1.0, -0.5, 0.87],
    ]);
    const x = fromNested([
      [1, 2, 3, 2.5],
      [2, 5, -1, 2],
      [-1.5, 2.7, 3.3, -0.8],
    ]);
    const ones = fromNested([
      [1, 1, 1],
      [2, 2, 2],
      [3, 3, 3],
    ]);
    const runtime = runtimeOf(
      { type: 'dense', weights: w, biases: fromNested([2, 3, 0.5]) },
      [[4]],
      'float64',
    );
    runtime.forward([x.data], 3, { training: true });
    const dx = new Float64Array(12);
    runtime.backward(ones.data, [dx]);
    const [dweights, dbiases] = runtime.params.map((p) => p.grad);
    expect([...dbiases!]).toEqual([6, 6, 6]);
    const round = (m: number[][]) => m.map((row) => row.map((v) => +v.toFixed(12)));
    expect(round(toNested(tensor(dweights!, [4, 3])) as number[][])).toEqual([
      [0.5, 0.5, 0.5],
      [20.1, 20.1, 20.1],
      [10.9, 10.9, 10.9],
      [4.1, 4.1, 4.1],
    ]);
    expect([...dx.slice(0, 4)].map((v) => +v.toFixed(12))).toEqual([0.44, -0.38, -0.07, 1.37]);
  });

  describe('agrees with central differences (train/dense’s check: h 1e-6, ‖·‖ error < 1e-6)', () => {
    // The layer's own copies of the weights are what the loss reads, so differences go through them.
    const runtime = runtimeOf(layer, [[4]], 'float64');
    const x = Float64Array.from(inputs.data);
    const loss = () => weightedSum(tensor(runtime.forward([x], 6, { training: true }), [6, 3]), r);
    runtime.forward([x], 6, { training: true });
    const dx = new Float64Array(x.length);
    runtime.backward(r.data, [dx]);
    const [w, b] = runtime.params;
    const analytic = { dweights: w!.grad.slice(), dbiases: b!.grad.slice(), dinputs: dx };
    it.each([
      ['dweights', () => w!.value],
      ['dbiases', () => b!.value],
      ['dinputs', () => x],
    ] as const)('%s', (name, values) => {
      expect(relativeError(analytic[name], numericGradient(values(), loss))).toBeLessThan(1e-6);
    });
  });

  it.each(PRECISIONS)('gradients match central differences in %s', (precision) => {
    const l: DenseLayer = {
      type: 'dense',
      weights: tensor(randomFloat32(15, 21), [5, 3], 'float32'),
      biases: tensor(randomFloat32(3, 22), [3], 'float32'),
    };
    const check = checkLayer(
      runtimeOf(l, [[5]], precision),
      randomValues(4 * 5, 23, precision),
      4,
      { h: STEP[precision] },
    );
    expect(check.input).toBeLessThan(TOLERANCE[precision]);
    expect(check.params['weights']).toBeLessThan(TOLERANCE[precision]);
    expect(check.params['biases']).toBeLessThan(TOLERANCE[precision]);
  });

  it('asks for no dL/dx when given null, and still fills the parameters’ gradients', () => {
    const runtime = runtimeOf(layer, [[4]], 'float64');
    runtime.forward([inputs.data], 6, { training: true });
    runtime.backward(r.data, [null]);
    expect(
      relativeError(
        runtime.params[1]!.grad,
        [0, 1, 2].map((j) => colSum(r.data, j)),
      ),
    ).toBe(0);
  });
});

function colSum(m: ArrayLike<number>, j: number): number {
  let sum = 0;
  for (let row = 0; row < m.length; row += 3) sum += m[row + j]!;
  return sum;
}

describe('the Dense kind', () => {
  it('creates zeroed (features × units) weights, and reads its settings back', () => {
    const created = denseKind.create({ units: 5 }, [[7]]);
    expect(created.weights.shape).toEqual([7, 5]);
    expect(created.biases.shape).toEqual([5]);
    expect([...created.weights.data].every((v) => v === 0)).toBe(true);
    expect(denseKind.settingsOf(created)).toEqual({ units: 5 });
    expect(denseKind.create(denseKind.settingsOf(created), [[7]])).toEqual(created);
    expect(outputShape(created, [[7]])).toEqual([5]);
    expect(() => denseKind.create({ units: 5 }, [[4, 4, 1]])).toThrow(/add Flatten/);
  });

  it('lists weights (decayed) and biases (not), and counts them', () => {
    expect(denseKind.parameters(layer).map((p) => [p.field, p.decay])).toEqual([
      ['weights', true],
      ['biases', false],
    ]);
    expect(parameterCount(layer)).toBe(15);
    expect(denseKind.describe(layer)).toBe('inputs @ weights + biases, 4×3 weights');
  });

  it('saves its current values in the layer’s own dtype', () => {
    const runtime = runtimeOf(layer, [[4]], 'float32');
    runtime.params[0]!.value[0] = 0.25;
    const saved = runtime.toLayer() as DenseLayer;
    expect(saved.weights.dtype).toBe('float64');
    expect(saved.weights.data[0]).toBe(0.25);
    expect(layer.weights.data[0]).not.toBe(0.25);
  });
});
