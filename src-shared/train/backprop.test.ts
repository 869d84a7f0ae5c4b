import { describe, expect, it } from 'vitest';
import type { ActivationType } from '../nn/activations.ts';
import { forward, type Network } from '../nn/network.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import { forwardTrace, lossGradients } from './backprop.ts';
import { nnfsTraining } from './fixtures/nnfs-training.ts';
import { initNetwork } from './init.ts';
import type { Labels, LossName } from './losses.ts';
import { numericGradient, randomTensor, relativeError } from './test-support.ts';

const inputs = randomTensor([6, 3], 51);

function net(hidden: ActivationType, last: ActivationType, outputs: number): Network {
  return initNetwork({
    sizes: [3, 5, 4, outputs],
    activations: [hidden, hidden, last],
    seed: 52,
    scale: 0.7,
  });
}

describe('forwardTrace', () => {
  it('keeps the same outputs as the app’s forward pass, bit for bit', () => {
    const network = net('relu', 'softmax', 3);
    const trace = forwardTrace(network, inputs);
    const expected = forward(network, inputs);
    expect(trace.outputs.map((t) => t.shape)).toEqual(expected.map((t) => t.shape));
    trace.outputs.forEach((t, i) => expect([...t.data]).toEqual([...expected[i]!.data]));
  });

  it('names the shapes when the batch does not fit', () => {
    expect(() => forwardTrace(net('relu', 'softmax', 3), randomTensor([2, 4], 1))).toThrow(
      'the input layer takes 3 features per sample: inputs of shape (batch, 3), found (2, 4)',
    );
  });
});

describe('network gradients against central differences', () => {
  const classes = Int32Array.of(0, 2, 1, 1, 0, 2);
  const cases: [string, Network, LossName, Labels][] = [
    [
      'relu → softmax + cross-entropy',
      net('relu', 'softmax', 3),
      'categorical-crossentropy',
      classes,
    ],
    [
      'tanh → softmax + cross-entropy',
      net('tanh', 'softmax', 3),
      'categorical-crossentropy',
      classes,
    ],
    [
      'sigmoid → sigmoid + binary cross-entropy',
      net('sigmoid', 'sigmoid', 2),
      'binary-crossentropy',
      tensor([1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1, 1], [6, 2]),
    ],
    [
      'relu → linear + mean squared error',
      net('relu', 'linear', 2),
      'mse',
      randomTensor([6, 2], 53),
    ],
    [
      'tanh → sigmoid + cross-entropy (no combined gradient)',
      net('tanh', 'sigmoid', 3),
      'categorical-crossentropy',
      classes,
    ],
  ];

  it.each(cases)('%s', (_name, network, loss, labels) => {
    const { gradients } = lossGradients(network, inputs, labels, loss);
    expect(gradients.map((g) => g.layer)).toEqual(
      network.layers.flatMap((l, i) => (l.type === 'dense' ? [i] : [])),
    );
    for (const g of gradients) {
      const layer = network.layers[g.layer] as { weights: Tensor; biases: Tensor };
      const f = () => lossGradients(network, inputs, labels, loss).loss;
      expect(relativeError(g.dweights.data, numericGradient(layer.weights.data, f))).toBeLessThan(
        1e-6,
      );
      expect(relativeError(g.dbiases.data, numericGradient(layer.biases.data, f))).toBeLessThan(
        1e-6,
      );
    }
  });
});

describe('against nnfs’s classes', () => {
  it('gives the gradients of nnfs’s first training step', () => {
    const run = nnfsTraining.training.find((r) => r.batch_size === 0)!;
    const network: Network = {
      layers: [
        { type: 'input', units: 2 },
        {
          type: 'dense',
          weights: tensor(run.init.w1, [2, 64]),
          biases: tensor(new Array(64).fill(0), [64]),
        },
        { type: 'relu' },
        { type: 'dense', weights: tensor(run.init.w2, [64, 3]), biases: tensor([0, 0, 0], [3]) },
        { type: 'softmax' },
      ],
    };
    const x = tensor(run.x, [300, 2]);
    const { loss, gradients } = lossGradients(
      network,
      x,
      Int32Array.from(run.y),
      'categorical-crossentropy',
    );
    const want = run.steps[0]!;
    expect(loss).toBeCloseTo(want.loss, 14);
    const [g1, g2] = gradients;
    const g = want.gradients!;
    expect(relativeError(g1!.dweights.data, g.dw1)).toBeLessThan(1e-12);
    expect(relativeError(g1!.dbiases.data, g.db1)).toBeLessThan(1e-12);
    expect(relativeError(g2!.dweights.data, g.dw2)).toBeLessThan(1e-12);
    expect(relativeError(g2!.dbiases.data, g.db2)).toBeLessThan(1e-12);
  });
});
