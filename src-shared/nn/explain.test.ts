import { describe, expect, it } from 'vitest';
import { lessonById } from '../lessons/index.ts';
import { fromNested, zeros } from '../tensor/tensor.ts';
import { explainLayer, explainNeuron, neuronWeights } from './explain.ts';
import type { DenseLayer, Layer } from '../layers/index.ts';
import { forward, forwardLayer } from '../net/forward.ts';

/** The 4→3 lesson: one sample [1, 2, 3, 2.5] through the notebook's first layer. */
function fourToThree() {
  const lesson = lessonById('four-inputs-three-neurons');
  const dense = lesson.network.layers[1] as DenseLayer;
  const outputs = Array.from(forward(lesson.network, lesson.inputs)[0]!.data);
  const inputs = Array.from(lesson.inputs.data);
  const neuron = (j: number) => ({
    inputs,
    weights: neuronWeights(dense, j),
    bias: dense.biases.data[j]!,
    output: outputs[j]!,
  });
  return { dense, outputs, neuron };
}

describe('explainNeuron', () => {
  it("writes out the notebook's 4→3 neurons exactly", () => {
    const { outputs, neuron } = fourToThree();
    expect(outputs).toEqual([4.8, 1.21, 2.385]);
    expect(explainNeuron(neuron(0)).text).toBe('1×0.2 + 2×0.8 + 3×(−0.5) + 2.5×1.0 + 2 = 4.8');
    // Summed in another order the output may be 4.800000000000001: the same text.
    expect(explainNeuron({ ...neuron(0), output: 4.800000000000001 }).text).toBe(
      '1×0.2 + 2×0.8 + 3×(−0.5) + 2.5×1.0 + 2 = 4.8',
    );
    expect(explainNeuron(neuron(1)).text).toBe(
      '1×0.5 + 2×(−0.91) + 3×0.26 + 2.5×(−0.5) + 3 = 1.21',
    );
    expect(explainNeuron(neuron(2)).text).toBe(
      '1×(−0.26) + 2×(−0.27) + 3×0.17 + 2.5×0.87 + 0.5 = 2.385',
    );
  });

  it('returns every term with its product', () => {
    const { terms } = explainNeuron(fourToThree().neuron(0));
    expect(terms).toEqual([
      { input: 1, weight: 0.2, product: 0.2 },
      { input: 2, weight: 0.8, product: 1.6 },
      { input: 3, weight: -0.5, product: -1.5 },
      { input: 2.5, weight: 1, product: 2.5 },
    ]);
  });

  it('keeps a point on weights and sums, not on inputs and the bias', () => {
    const text = explainNeuron({ inputs: [2, -1.5], weights: [3, 1], bias: -1, output: 3.5 }).text;
    expect(text).toBe('2×3.0 + (−1.5)×1.0 − 1 = 3.5');
    expect(explainNeuron({ inputs: [1], weights: [2], bias: 0, output: 2 }).text).toBe(
      '1×2.0 + 0 = 2.0',
    );
    expect(explainNeuron({ inputs: [-0], weights: [-0], bias: -0, output: -0 }).text).toBe(
      '0×0.0 + 0 = 0.0',
    );
  });

  it('shortens long numbers to 6 significant digits', () => {
    const text = explainNeuron({
      inputs: [1 / 3, 1e-7],
      weights: [-2 / 3, 1234567.89],
      bias: 0.1 + 0.2,
      output: -0.0000123456789,
    }).text;
    expect(text).toBe('0.333333×(−0.666667) + 1e-07×1.23457e+06 + 0.3 = −1.23457e-05');
  });

  it('leaves out the middle of a long sum', () => {
    const inputs = Array.from({ length: 784 }, (_, i) => i % 3);
    const weights = Array.from({ length: 784 }, (_, i) => (i % 5) / 10);
    const { terms, text } = explainNeuron({ inputs, weights, bias: 2, output: 4.8 });
    expect(terms).toHaveLength(784);
    expect(text).toBe('0×0.0 + 1×0.1 + … (780 more) … + 2×0.2 + 0×0.3 + 2 = 4.8');
    const six = explainNeuron({
      inputs: [1, 1, 1, 1, 1, 1],
      weights: [1, 1, 1, 1, 1, 1],
      bias: 0,
      output: 6,
    });
    expect(six.text).toBe('1×1.0 + 1×1.0 + 1×1.0 + 1×1.0 + 1×1.0 + 1×1.0 + 0 = 6.0');
    const seven = explainNeuron({
      inputs: [1, 1, 1, 1, 1, 1, 1],
      weights: [1, 1, 1, 1, 1, 1, 1],
      bias: 0,
      output: 7,
    });
    expect(seven.text).toBe('1×1.0 + 1×1.0 + … (3 more) … + 1×1.0 + 1×1.0 + 0 = 7.0');
  });

  it('writes a neuron without inputs as its bias', () => {
    expect(explainNeuron({ inputs: [], weights: [], bias: -0.5, output: -0.5 }).text).toBe(
      '−0.5 = −0.5',
    );
  });

  it('adds a line for the activation', () => {
    const neuron = fourToThree().neuron(0);
    const line = (type: 'relu' | 'sigmoid' | 'tanh' | 'linear', z: number) => {
      const value = forwardLayer({ type }, fromNested([z])).data[0]!;
      return explainNeuron({ ...neuron, output: z, activation: { type, value } }).text.split(
        '\n',
      )[1];
    };
    expect(
      explainNeuron({ ...neuron, activation: { type: 'relu', value: neuron.output } }).text,
    ).toBe('1×0.2 + 2×0.8 + 3×(−0.5) + 2.5×1.0 + 2 = 4.8\nReLU(4.8) = 4.8');
    expect(line('relu', -0.35)).toBe('ReLU(−0.35) = 0.0');
    expect(line('sigmoid', 0.5)).toBe('sigmoid(0.5) = 1 / (1 + e^−0.5) = 0.622459');
    expect(line('sigmoid', -2)).toBe('sigmoid(−2.0) = 1 / (1 + e^2.0) = 0.119203');
    expect(line('tanh', 0.5)).toBe('tanh(0.5) = 0.462117');
    expect(line('linear', 4.8)).toBe('linear(4.8) = 4.8');
  });

  it('writes softmax with the sum over the row', () => {
    const row = forwardLayer({ type: 'softmax' }, fromNested([2.0, 1.0, 0.1])).data;
    const text = explainNeuron({
      inputs: [1],
      weights: [2],
      bias: 0,
      output: 2,
      activation: { type: 'softmax', value: row[0]! },
    }).text;
    expect(text).toBe('1×2.0 + 0 = 2.0\nsoftmax: e^2.0 / Σ e^z = 7.38906 / 11.2125 = 0.659001');
    const huge = explainNeuron({
      inputs: [1],
      weights: [800],
      bias: 0,
      output: 800,
      activation: { type: 'softmax', value: 1 },
    }).text;
    expect(huge.split('\n')[1]).toBe('softmax: e^800.0 / Σ e^z = 1.0');
  });

  it('refuses inputs and weights of different lengths', () => {
    expect(() => explainNeuron({ inputs: [1, 2], weights: [1], bias: 0, output: 0 })).toThrow(
      '2 inputs but 1 weights: a neuron needs one weight per input',
    );
  });
});

describe('explainLayer', () => {
  const dense = fourToThree().dense;

  it('writes Dense in matrix form for a batch and a sample', () => {
    expect(explainLayer(dense, [3, 4])).toBe(
      'Dense: inputs @ weights + biases, (3,4) @ (4,3) + (3,) → (3,3)',
    );
    expect(explainLayer(dense, [4])).toBe(
      'Dense: inputs @ weights + biases, (4,) @ (4,3) + (3,) → (3,)',
    );
  });

  it('says what does not line up', () => {
    const wide = lessonById('two-layers').network.layers[2] as DenseLayer;
    expect(explainLayer(wide, [3, 4])).toBe(
      'Dense: inputs @ weights + biases, (3,4) @ (3,3) + (3,): the inputs have 4 features, the weights 3 rows',
    );
    const layer: DenseLayer = {
      type: 'dense',
      weights: fromNested([[1, 2, 3, 4]]),
      biases: fromNested([0, 0, 0, 0]),
    };
    expect(explainLayer(layer, [4])).toBe(
      'Dense: inputs @ weights + biases, (4,) @ (1,4) + (4,): the inputs have 4 features, the weights 1 rows — transpose the weights?',
    );
    expect(explainLayer(dense, [2, 3, 4])).toBe(
      'Dense: inputs @ weights + biases, (2,3,4) @ (4,3) + (3,): the inputs must be one sample (features,) or a batch (batch, features)',
    );
  });

  it('writes activations element-wise and softmax per row', () => {
    expect(explainLayer({ type: 'relu' }, [3, 3])).toBe(
      'ReLU: max(0, x) element-wise, (3,3) → (3,3)',
    );
    expect(explainLayer({ type: 'sigmoid' }, [3])).toBe(
      'sigmoid: 1 / (1 + e^−x) element-wise, (3,) → (3,)',
    );
    expect(explainLayer({ type: 'tanh' }, [2, 5])).toBe(
      'tanh: (e^x − e^−x) / (e^x + e^−x) element-wise, (2,5) → (2,5)',
    );
    expect(explainLayer({ type: 'linear' }, [3, 3])).toBe(
      'linear: x passes through unchanged, (3,3) → (3,3)',
    );
    expect(explainLayer({ type: 'softmax' }, [3, 3])).toBe(
      'softmax: e^x / Σ e^x per row, each row sums to 1, (3,3) → (3,3)',
    );
    expect(explainLayer({ type: 'softmax' }, [3])).toBe(
      'softmax: e^x / Σ e^x over the 3 values, which sum to 1, (3,) → (3,)',
    );
  });

  it('writes the input layer', () => {
    expect(explainLayer({ type: 'input', units: 4 }, [3, 4])).toBe(
      'Input: 3 samples (one per row) of 4 features, (3,4)',
    );
    expect(explainLayer({ type: 'input', units: 4 }, [4])).toBe(
      'Input: one sample of 4 features, (4,)',
    );
    expect(explainLayer({ type: 'input', units: 4 }, [3, 5])).toBe(
      'Input: 4 features per sample, but the inputs (3,5) have 5',
    );
  });
});

describe('neuronWeights', () => {
  it("takes neuron j's column and refuses a missing neuron", () => {
    const { dense } = fourToThree();
    expect(neuronWeights(dense, 1)).toEqual([0.5, -0.91, 0.26, -0.5]);
    expect(() => neuronWeights(dense, 3)).toThrow('neuron 3 does not exist: the layer has 3 (0–2)');
  });
});

describe('explainLayer on image layers', () => {
  const conv: Layer = {
    type: 'conv2d',
    weights: zeros([3, 3, 16, 32], 'float32'),
    biases: zeros([32], 'float32'),
    stride: 1,
    padding: 1,
  };

  it('explains image layers with their shapes', () => {
    expect(explainLayer(conv, [8, 64, 64, 16])).toBe(
      'Conv2D: 32 3×3 kernels over 16 channels + biases, stride 1, padding 1, (8,64,64,16) → (8,64,64,32)',
    );
    expect(explainLayer({ type: 'flatten' }, [8, 4, 4, 2])).toBe(
      'Flatten: each sample as one row of features, (8,4,4,2) → (8,32)',
    );
    expect(explainLayer(conv, [8, 64, 64, 3])).toMatch(
      /^Conv2D: .*: conv2d takes 16 channels, found 3/,
    );
  });
});
