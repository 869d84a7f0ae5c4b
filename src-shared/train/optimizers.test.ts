import { describe, expect, it } from 'vitest';
import { nnfsTraining } from './fixtures/nnfs-training.ts';
import { Optimizer, type LayerParameters, type OptimizerConfig } from './optimizers.ts';

function layerOf(weights: number[], biases: number[]): LayerParameters {
  return {
    weights: { value: Float64Array.from(weights), grad: new Float64Array(weights.length) },
    biases: { value: Float64Array.from(biases), grad: new Float64Array(biases.length) },
  };
}

function stepWith(optimizer: Optimizer, layer: LayerParameters, dw: number[], db: number[]) {
  layer.weights.grad.set(dw);
  layer.biases.grad.set(db);
  return optimizer.step();
}

describe('optimizers by hand', () => {
  it('SGD: w ← w − lr·g', () => {
    const layer = layerOf([1, 2], [0.5]);
    const sgd = new Optimizer({ type: 'sgd', learningRate: 0.1 }, [layer]);
    expect(stepWith(sgd, layer, [0.5, -1], [2])).toEqual({ ok: true });
    expect([...layer.weights.value]).toEqual([1 - 0.05, 2.1]);
    expect([...layer.biases.value]).toEqual([0.3]);
  });

  it('SGD with momentum and decay: u = μ·u − lr_t·g, lr_t = lr / (1 + decay·t)', () => {
    const layer = layerOf([1], [0]);
    const sgd = new Optimizer({ type: 'sgd', learningRate: 1, decay: 0.5, momentum: 0.9 }, [layer]);
    stepWith(sgd, layer, [1], [0]); // lr 1: u = −1
    expect(layer.weights.value[0]).toBe(0);
    expect(sgd.currentLearningRate()).toBe(1 / 1.5);
    stepWith(sgd, layer, [1], [0]); // u = 0.9·(−1) − (1/1.5)·1
    expect(layer.weights.value[0]).toBeCloseTo(-0.9 - 1 / 1.5, 15);
  });

  it('Adam’s first step moves each weight by about lr against its gradient’s sign', () => {
    const layer = layerOf([1, 1, 1], [0]);
    const adam = new Optimizer({ type: 'adam', learningRate: 0.01 }, [layer]);
    stepWith(adam, layer, [3, -0.5, 1e-3], [0]);
    // m̂ = g and v̂ = g² after bias correction, so the step is lr·g/(|g| + ε).
    expect(layer.weights.value[0]).toBeCloseTo(1 - (0.01 * 3) / (3 + 1e-7), 15);
    expect(layer.weights.value[1]).toBeCloseTo(1 + (0.01 * 0.5) / (0.5 + 1e-7), 15);
    expect(layer.weights.value[2]).toBeCloseTo(1 - (0.01 * 1e-3) / (1e-3 + 1e-7), 15);
    expect(layer.biases.value[0]).toBe(0);
  });
});

describe('optimizers against nnfs’s Optimizer_SGD and Optimizer_Adam', () => {
  it.each(nnfsTraining.optimizers.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const layer = layerOf(c.weights, c.biases);
    const optimizer = new Optimizer(c.config, [layer]);
    c.grads.forEach(([dw, db], i) => {
      const want = c.steps[i]!;
      expect(optimizer.currentLearningRate()).toBe(want.learning_rate);
      expect(stepWith(optimizer, layer, dw, db)).toEqual({ ok: true });
      const close = (actual: Float64Array, expected: number[]) =>
        expected.forEach((v, j) => {
          // Adam's βᵗ uses `**`, which may differ from C's pow in the last bit.
          if (c.config.type === 'sgd') expect(actual[j]).toBe(v);
          else
            expect(Math.abs(actual[j]! - v)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(v)));
        });
      close(layer.weights.value, want.weights);
      close(layer.biases.value, want.biases);
      const state = optimizer.state().layers[0]!.weights;
      if (want.weight_momentums.length)
        close(Float64Array.from(state.momentums!), want.weight_momentums);
      if (want.weight_cache.length) close(Float64Array.from(state.cache!), want.weight_cache);
    });
  });
});

describe('optimizer state', () => {
  const config: OptimizerConfig = { type: 'adam', learningRate: 0.05, decay: 1e-3 };
  const grads = [
    [0.3, -0.2],
    [0.1, 0.4],
    [-0.5, 0.2],
  ];

  it('saves as plain arrays and resumes to the same numbers', () => {
    const a = layerOf([1, 2], [0]);
    const straight = new Optimizer(config, [a]);
    grads.forEach((g) => stepWith(straight, a, g, [0.1]));

    const b = layerOf([1, 2], [0]);
    const first = new Optimizer(config, [b]);
    grads.slice(0, 2).forEach((g) => stepWith(first, b, g, [0.1]));
    const saved = JSON.parse(JSON.stringify(first.state()));
    const resumed = new Optimizer(config, [b], saved);
    expect(resumed.iterations).toBe(2);
    stepWith(resumed, b, grads[2]!, [0.1]);
    expect([...b.weights.value]).toEqual([...a.weights.value]);
    expect(resumed.state()).toEqual(straight.state());
  });

  it('refuses a state that does not fit', () => {
    const layer = layerOf([1, 2], [0]);
    const state = new Optimizer(config, [layer]).state();
    expect(() => new Optimizer({ type: 'sgd' }, [layer], state)).toThrow(
      "the saved optimizer state is adam's, not sgd's",
    );
    const short = {
      ...state,
      layers: [{ ...state.layers[0]!, weights: { momentums: [0], cache: [0, 0] } }],
    };
    expect(() => new Optimizer(config, [layer], short)).toThrow(
      'the saved optimizer state needs 2 layer 0 weights momentums, found 1',
    );
  });

  it('keeps the last good values when a step is not finite', () => {
    const layer = layerOf([1, 2], [0]);
    const sgd = new Optimizer({ type: 'sgd', learningRate: 1 }, [layer]);
    stepWith(sgd, layer, [1, 1], [1]);
    const outcome = stepWith(sgd, layer, [1, -Infinity], [0]);
    expect(outcome).toEqual({
      ok: false,
      layer: 0,
      parameter: 'weights',
      array: 'value',
      index: 1,
      value: Infinity,
    });
    expect([...layer.weights.value]).toEqual([0, 1]);
    expect(sgd.iterations).toBe(1);
  });

  it('checks its settings', () => {
    expect(() => new Optimizer({ type: 'sgd', learningRate: 0 }, [])).toThrow(
      'sgd: learningRate must be a number > 0, found 0',
    );
    expect(() => new Optimizer({ type: 'adam', beta1: 1 }, [])).toThrow(
      'adam: beta1 must be in [0, 1), found 1',
    );
  });
});
