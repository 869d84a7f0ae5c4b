import { describe, expect, it } from 'vitest';
import { spiralData } from '../data/generated.ts';
import type { DenseLayer, Layer } from '../layers/index.ts';
import { initNetwork, type StackActivation } from '../net/init.ts';
import type { Network } from '../net/network.ts';
import { RandomState } from '../rng/random-state.ts';
import { tensor, zeros } from '../tensor/tensor.ts';
import { featureSamples } from './samples.ts';
import { FEATURE_DEFAULTS } from './settings.ts';
import { createTrainer } from './trainer.ts';
import { zeroWeightLayers, zeroWeightProblem } from './zero-weights.ts';

/** 2-16-k with `activation`, random weights but those of the Dense layers listed (1, 3) zeroed. */
function spiralNet(activation: StackActivation, zeroed: readonly number[], classes = 3): Network {
  const sizes = [2, 16, classes];
  const net = initNetwork({ sizes, activations: [activation, 'softmax'], seed: 1 });
  return {
    layers: net.layers.map((layer, i) =>
      layer.type === 'dense' && zeroed.includes(i)
        ? { ...layer, weights: zeros([...layer.weights.shape]) }
        : layer,
    ),
  };
}

/** Trains 300 full-batch Adam steps on a k×100 spiral; the first and last loss, the network. */
async function train(network: Network, classes = 3) {
  const data = spiralData(100, classes, { random: new RandomState(0) });
  const trainer = await createTrainer({
    network,
    data: featureSamples(data.x, data.y),
    settings: {
      ...FEATURE_DEFAULTS,
      learningRate: 0.05,
      batchSize: 0,
      epochs: 300,
      validationSplit: 0,
    },
  });
  const losses: number[] = [];
  while (!trainer.done) {
    const point = await trainer.step();
    if ('stopped' in point) throw new Error(point.message);
    losses.push(point.loss);
  }
  return { first: losses[0]!, last: losses.at(-1)!, network: await trainer.network() };
}

const dense = (network: Network, i: number) => network.layers[i] as DenseLayer;
/** Whether every column of W (every unit's incoming weights) equals the first. */
function unitsAlike(layer: DenseLayer): boolean {
  const [rows, cols] = layer.weights.shape as [number, number];
  const w = layer.weights.data;
  for (let r = 0; r < rows; r++) {
    for (let c = 1; c < cols; c++) if (w[r * cols + c] !== w[r * cols]) return false;
  }
  return true;
}

describe('all-zero weights that block learning', () => {
  it('flags a hidden Dense behind a ReLU, which then learns nothing: the run stays at ln 3', async () => {
    const network = spiralNet('relu', [1, 3]);
    expect(zeroWeightLayers(network)).toEqual([
      { layer: 1, units: 16, dead: true, symmetric: true },
    ]);
    const run = await train(network);
    expect(run.first).toBeCloseTo(Math.log(3), 6);
    expect(run.last).toBeCloseTo(Math.log(3), 3);
    expect(dense(run.network, 1).weights.data.every((x) => x === 0)).toBe(true);
  });

  it('flags a hidden Dense before a zero Dense: under sigmoid its units learn but stay alike', async () => {
    const network = spiralNet('sigmoid', [1, 3]);
    expect(zeroWeightLayers(network)).toEqual([
      { layer: 1, units: 16, dead: false, symmetric: true },
    ]);
    const run = await train(network);
    const hidden = dense(run.network, 1);
    expect(hidden.weights.data.some((x) => x !== 0)).toBe(true);
    expect(unitsAlike(hidden)).toBe(true);
  });

  it('flags a hidden Dense behind a ReLU even when the next Dense is random', async () => {
    const network = spiralNet('relu', [1]);
    expect(zeroWeightLayers(network)).toEqual([
      { layer: 1, units: 16, dead: true, symmetric: false },
    ]);
    const run = await train(network);
    expect(run.last).toBeCloseTo(Math.log(3), 3);
  });

  it('leaves alone a hidden zero Dense whose next Dense is random, under tanh: it learns', async () => {
    const network = spiralNet('tanh', [1]);
    expect(zeroWeightLayers(network)).toEqual([]);
    const run = await train(network);
    expect(run.last).toBeLessThan(0.8 * run.first);
    expect(unitsAlike(dense(run.network, 1))).toBe(false);
  });

  it('leaves alone the last Dense at zero: it learns from the first step', async () => {
    const network = spiralNet('relu', [3]);
    expect(zeroWeightLayers(network)).toEqual([]);
    const run = await train(network);
    expect(run.last).toBeLessThan(0.8 * run.first);
  });

  it('with two classes, a last Dense from zero trains to two columns that are negatives', async () => {
    const network = spiralNet('relu', [3], 2);
    expect(zeroWeightLayers(network)).toEqual([]);
    const run = await train(network, 2);
    expect(run.last).toBeLessThan(0.9 * run.first);
    // p − y's two columns are negatives, so are the gradients, and Adam's steps are odd in them.
    const w = dense(run.network, 3).weights.data;
    for (let r = 0; r < 16; r++) {
      expect(w[2 * r]).not.toBe(0);
      // To rounding: softmax computes p₁ apart from 1 − p₀.
      expect(w[2 * r + 1]! / -w[2 * r]!).toBeCloseTo(1, 12);
    }
  });

  it('needs two units to be alike, and equal biases; a positive bias keeps a ReLU alive', () => {
    const withHidden = (hidden: Partial<DenseLayer>, units = 2): Network => ({
      layers: [
        { type: 'input', units: 2 },
        { type: 'dense', weights: zeros([2, units]), biases: zeros([units]), ...hidden },
        { type: 'tanh' },
        { type: 'dense', weights: zeros([units, 3]), biases: zeros([3]) },
        { type: 'softmax' },
      ],
    });
    expect(zeroWeightLayers(withHidden({}, 1))).toEqual([]);
    expect(zeroWeightLayers(withHidden({ biases: tensor([0.5, -0.5], [2]) }))).toEqual([]);
    expect(zeroWeightLayers(withHidden({}))).toEqual([
      { layer: 1, units: 2, dead: false, symmetric: true },
    ]);
    const relu = (biases: number[]): Network => ({
      layers: [
        { type: 'input', units: 2 },
        { type: 'dense', weights: zeros([2, 1]), biases: tensor(biases, [1]) },
        { type: 'relu' },
        { type: 'dense', weights: tensor([1, 2, 3], [1, 3]), biases: zeros([3]) },
      ],
    });
    expect(zeroWeightLayers(relu([0]))).toEqual([
      { layer: 1, units: 1, dead: true, symmetric: false },
    ]);
    expect(zeroWeightLayers(relu([0.1]))).toEqual([]);
  });

  it('follows branches: Concatenate keeps units alike, Dropout or a second reader may part them', () => {
    const hidden: Layer = { type: 'dense', weights: zeros([2, 4]), biases: zeros([4]) };
    const zeroOut = (n: number): Layer => ({
      type: 'dense',
      weights: zeros([n, 3]),
      biases: zeros([3]),
    });
    const concatenated: Network = {
      layers: [{ type: 'input', units: 2 }, hidden, { type: 'concatenate' }, zeroOut(6)],
      inputs: [[], [0], [1, 0], [2]],
    };
    expect(zeroWeightLayers(concatenated)).toEqual([
      { layer: 1, units: 4, dead: false, symmetric: true },
    ]);
    const dropped: Network = {
      layers: [{ type: 'input', units: 2 }, hidden, { type: 'dropout', rate: 0.5 }, zeroOut(4)],
    };
    expect(zeroWeightLayers(dropped)).toEqual([]);
    // Read by a ReLU and by a Dense: its zeros reach the Dense, so it is not dead.
    const twoReaders: Network = {
      layers: [{ type: 'input', units: 2 }, hidden, { type: 'relu' }, zeroOut(4), zeroOut(4)],
      inputs: [[], [0], [1], [2], [1]],
    };
    expect(zeroWeightLayers(twoReaders)).toEqual([
      { layer: 1, units: 4, dead: false, symmetric: true },
    ]);
  });

  it('names the layer, its units and why', () => {
    const problem = (dead: boolean, symmetric: boolean, units = 128) =>
      zeroWeightProblem({ layer: 1, units, dead, symmetric }, 'Dense n3');
    expect(problem(true, true)).toBe(
      'Dense n3: W is all zeros, so its 128 units would learn the same thing, and behind a ReLU nothing at all.',
    );
    expect(problem(false, true)).toBe(
      "Dense n3: W is all zeros, and so are the next layer's weights, so its 128 units would learn the same thing.",
    );
    expect(problem(true, false, 1)).toBe(
      'Dense n3: W is all zeros and no bias is above 0, so behind a ReLU it puts out 0 and gets no gradient: it would learn nothing at all.',
    );
  });
});
