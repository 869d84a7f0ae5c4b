import { describe, expect, it } from 'vitest';
import { leakyReluKind, type LeakyReluLayer } from './leaky-relu.ts';
import { outputShape } from './registry.ts';
import {
  awayFromZero,
  checkLayer,
  PRECISIONS,
  randomValues,
  runtimeOf,
  TOLERANCE,
} from './test-support.ts';

const leaky: LeakyReluLayer = { type: 'leakyrelu', alpha: 0.1 };

describe('LeakyReLU', () => {
  it('keeps positives and scales negatives by α, and so their gradients', () => {
    const layer = runtimeOf(leaky, [[4]], 'float64');
    const x = Float64Array.from([-2, 3, 0, -0.5]);
    expect([...layer.forward([x], 1, { training: true })]).toEqual([-0.2, 3, 0, -0.05]);
    const dx = new Float64Array(4);
    layer.backward(Float64Array.from([1, 2, 3, 4]), [dx]);
    expect([...dx]).toEqual([0.1, 2, 0.30000000000000004, 0.4]);
    expect([...x]).toEqual([-2, 3, 0, -0.5]);
  });

  it('equals a plain loop on random values in both precisions', () => {
    for (const precision of PRECISIONS) {
      const x = randomValues(50, 3, precision);
      const y = runtimeOf(leaky, [[50]], precision).forward([x], 1, { training: false });
      const want = precision === 'float64' ? new Float64Array(50) : new Float32Array(50);
      x.forEach((v, i) => (want[i] = v > 0 ? v : 0.1 * v));
      expect(Array.from(y)).toEqual(Array.from(want));
    }
  });

  it('with α = 0 is ReLU', () => {
    const x = randomValues(20, 4, 'float64');
    const relu = runtimeOf({ type: 'relu' }, [[20]], 'float64').forward([x], 1, {
      training: false,
    });
    const y = runtimeOf({ type: 'leakyrelu', alpha: 0 }, [[20]], 'float64').forward([x], 1, {
      training: false,
    });
    // −0 and 0 alike: compare values.
    expect(Array.from(y, (v) => v + 0)).toEqual(Array.from(relu));
  });

  it.each(PRECISIONS)('gradients on pictures match central differences in %s', (precision) => {
    const layer = runtimeOf(leaky, [[3, 2, 2]], precision);
    const x = awayFromZero(randomValues(24, 33, precision));
    expect(checkLayer(layer, x, 2, { h: 1e-3 }).input).toBeLessThan(TOLERANCE[precision]);
  });

  it('round-trips its α through settings and takes any shape', () => {
    expect(leakyReluKind.defaults).toEqual({ alpha: 0.01 });
    const made = leakyReluKind.create({ alpha: 0.2 }, [[4]]);
    expect(made).toEqual({ type: 'leakyrelu', alpha: 0.2 });
    expect(leakyReluKind.settingsOf(made)).toEqual({ alpha: 0.2 });
    expect(leakyReluKind.describe(made)).toBe('x if x > 0, else 0.2·x');
    expect(outputShape(made, [[4, 4, 3]])).toEqual([4, 4, 3]);
    expect(leakyReluKind.parameters(made)).toEqual([]);
    expect(runtimeOf(made, [[2]], 'float32').toLayer()).toEqual(made);
  });
});
