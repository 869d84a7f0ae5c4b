import { describe, expect, it } from 'vitest';
import { nnfsTraining } from './fixtures/nnfs-training.ts';
import { Optimizer, type OptimizerConfig, type Parameter } from './optimizer.ts';

/** A layer's weights and biases, as the optimizer takes them: a flat list of parameters. */
interface LayerParameters {
  weights: Parameter;
  biases: Parameter;
}

const listOf = (layer: LayerParameters) => [layer.weights, layer.biases];

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
    const sgd = new Optimizer({ type: 'sgd', learningRate: 0.1 }, listOf(layer));
    expect(stepWith(sgd, layer, [0.5, -1], [2])).toEqual({ ok: true });
    expect([...layer.weights.value]).toEqual([1 - 0.05, 2.1]);
    expect([...layer.biases.value]).toEqual([0.3]);
  });

  it('SGD with momentum and decay: u = μ·u − lr_t·g, lr_t = lr / (1 + decay·t)', () => {
    const layer = layerOf([1], [0]);
    const sgd = new Optimizer(
      { type: 'sgd', learningRate: 1, decay: 0.5, momentum: 0.9 },
      listOf(layer),
    );
    stepWith(sgd, layer, [1], [0]); // lr 1: u = −1
    expect(layer.weights.value[0]).toBe(0);
    expect(sgd.currentLearningRate()).toBe(1 / 1.5);
    stepWith(sgd, layer, [1], [0]); // u = 0.9·(−1) − (1/1.5)·1
    expect(layer.weights.value[0]).toBeCloseTo(-0.9 - 1 / 1.5, 15);
  });

  it('Adam’s first step moves each weight by about lr against its gradient’s sign', () => {
    const layer = layerOf([1, 1, 1], [0]);
    const adam = new Optimizer({ type: 'adam', learningRate: 0.01 }, listOf(layer));
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
    const optimizer = new Optimizer(c.config, listOf(layer));
    c.grads.forEach(([dw, db], i) => {
      const want = c.steps[i]!;
      expect(optimizer.currentLearningRate()).toBe(want.learning_rate);
      expect(stepWith(optimizer, layer, dw, db)).toEqual({ ok: true });
      const close = (actual: ArrayLike<number>, expected: number[]) =>
        expected.forEach((v, j) => {
          // Adam's βᵗ uses `**`, which may differ from C's pow in the last bit.
          if (c.config.type === 'sgd') expect(actual[j]).toBe(v);
          else
            expect(Math.abs(actual[j]! - v)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(v)));
        });
      close(layer.weights.value, want.weights);
      close(layer.biases.value, want.biases);
      const state = optimizer.state().params[0]!;
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

  it('saves copies in typed arrays and resumes to the same numbers, from plain arrays too', () => {
    const a = layerOf([1, 2], [0]);
    const straight = new Optimizer(config, listOf(a));
    grads.forEach((g) => stepWith(straight, a, g, [0.1]));

    const b = layerOf([1, 2], [0]);
    const first = new Optimizer(config, listOf(b));
    grads.slice(0, 2).forEach((g) => stepWith(first, b, g, [0.1]));
    const state = first.state();
    const weights = b.weights.value.slice();
    const biases = b.biases.value.slice();
    expect(state.params[0]!.momentums).toBeInstanceOf(Float64Array);
    // A copy: the optimizer's next step leaves it alone.
    const kept = structuredClone(state);
    stepWith(first, b, grads[2]!, [0.1]);
    expect(state).toEqual(kept);
    const plain = {
      ...state,
      params: state.params.map((p) => ({
        momentums: Array.from(p.momentums!),
        cache: Array.from(p.cache!),
      })),
    };
    for (const saved of [structuredClone(state), plain]) {
      const c = layerOf([1, 2], [0]);
      c.weights.value.set(weights);
      c.biases.value.set(biases);
      const resumed = new Optimizer(config, listOf(c), saved);
      expect(resumed.iterations).toBe(2);
      stepWith(resumed, c, grads[2]!, [0.1]);
      expect([...c.weights.value]).toEqual([...a.weights.value]);
      expect(resumed.state()).toEqual(straight.state());
    }
  });

  it('refuses a state that does not fit', () => {
    const layer = layerOf([1, 2], [0]);
    const state = new Optimizer(config, listOf(layer)).state();
    expect(() => new Optimizer({ type: 'sgd' }, listOf(layer), state)).toThrow(
      "the saved optimizer state is adam's, not sgd's",
    );
    const short = { ...state, params: [{ momentums: [0], cache: [0, 0] }, state.params[1]!] };
    expect(() => new Optimizer(config, listOf(layer), short)).toThrow(
      'the saved optimizer state needs 2 parameter 0 momentums, found 1',
    );
  });

  it('keeps the last good values when a step is not finite', () => {
    const layer = layerOf([1, 2], [0]);
    const sgd = new Optimizer({ type: 'sgd', learningRate: 1 }, listOf(layer));
    stepWith(sgd, layer, [1, 1], [1]);
    const outcome = stepWith(sgd, layer, [1, -Infinity], [0]);
    expect(outcome).toEqual({ ok: false, param: 0, array: 'value', index: 1, value: Infinity });
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

/** Two float32 parameters: weights (decayed) and biases (not), with fixed gradients. */
function float32Params(decay = [true, false]) {
  return [
    { value: Float32Array.from([1, -2]), grad: Float32Array.from([0.5, 0.25]), decay: decay[0] },
    { value: Float32Array.from([0.5]), grad: Float32Array.from([-1]), decay: decay[1] },
  ];
}

describe('the family in float32, PyTorch’s settings carried over', () => {
  it('SGD with momentum: with a constant rate u = −lr·v, so p = p0 − 0.1 · 2.5 g after two steps', () => {
    const params = float32Params();
    const sgd = new Optimizer({ type: 'sgd', learningRate: 0.1, momentum: 0.5 }, params);
    sgd.step();
    sgd.step();
    expect(Array.from(params[0]!.value)).toEqual([1 - 0.125, -2 - 0.0625].map(Math.fround));
    expect(params[1]!.value[0]).toBeCloseTo(0.75, 6);
    expect(params[0]!.value).toBeInstanceOf(Float32Array);
  });

  it('Nesterov steps along g + μv', () => {
    const params = float32Params();
    const config = { type: 'sgd', learningRate: 0.1, momentum: 0.5, nesterov: true } as const;
    new Optimizer(config, params).step();
    expect(params[0]!.value[0]).toBeCloseTo(1 - 0.1 * (0.5 + 0.25), 6);
  });

  it('L2 decay adds wd·p to the gradient, only where decay applies', () => {
    const params = float32Params();
    new Optimizer({ type: 'sgd', learningRate: 1, weightDecay: 0.1 }, params).step();
    expect(params[0]!.value[0]).toBeCloseTo(1 - (0.5 + 0.1), 6);
    expect(params[1]!.value[0]).toBeCloseTo(0.5 + 1, 6);
  });

  it('Adam’s first step moves each value by lr against its gradient’s sign', () => {
    const params = float32Params();
    new Optimizer({ type: 'adam', learningRate: 0.01, epsilon: 1e-8 }, params).step();
    expect(params[0]!.value[0]).toBeCloseTo(0.99, 6);
    expect(params[0]!.value[1]).toBeCloseTo(-2.01, 6);
    expect(params[1]!.value[0]).toBeCloseTo(0.51, 6);
  });

  it('AdamW over two steps: decoupled decay w·(1 − lr·wd), then Adam', () => {
    const params = float32Params([true, true]);
    const config = { type: 'adamw', learningRate: 0.01, epsilon: 1e-8, weightDecay: 0.1 } as const;
    const adam = new Optimizer(config, params);
    adam.step();
    params[0]!.grad[0] = -0.5;
    adam.step();
    let p = 1;
    p = p * (1 - 0.001) - 0.01; // the first step: m̂/√v̂ = 1
    const m = 0.9 * 0.1 * 0.5 + 0.1 * -0.5;
    const v = 0.999 * 0.001 * 0.25 + 0.001 * 0.25;
    p = p * (1 - 0.001) - (0.01 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    expect(params[0]!.value[0]).toBeCloseTo(p, 6);
  });

  it('never commits a value float32 cannot hold', () => {
    const params = [{ value: Float32Array.from([3e38]), grad: Float32Array.from([-1]) }];
    const sgd = new Optimizer({ type: 'sgd', learningRate: 1e38 }, params);
    expect(sgd.step()).toMatchObject({ ok: false, param: 0, array: 'value', value: Infinity });
    expect(params[0]!.value[0]).toBe(Math.fround(3e38));
  });

  it('follows the one-cycle schedule step by step', () => {
    const params = float32Params();
    const config = {
      type: 'sgd',
      learningRate: 0.1,
      schedule: 'one-cycle',
      totalSteps: 100,
    } as const;
    const sgd = new Optimizer(config, params);
    expect(sgd.currentLearningRate()).toBeCloseTo(0.004, 9);
    for (let i = 0; i < 30; i++) sgd.step();
    expect(sgd.currentLearningRate()).toBeCloseTo(0.1, 9);
    expect(() => new Optimizer({ type: 'sgd', schedule: 'one-cycle' }, params)).toThrow(
      "the one-cycle schedule needs the run's length in steps",
    );
  });
});
