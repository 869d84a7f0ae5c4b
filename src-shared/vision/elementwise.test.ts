import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { DropoutRuntime, FlattenRuntime, ReluRuntime } from './elementwise.ts';
import type { RuntimeLayer } from './runtime-layer.ts';
import { checkLayer, randomFloat32 } from './test-support.ts';

/** Values at least 0.1 from ReLU's kink, so a ±h nudge never crosses it. */
function awayFromZero(length: number, seed: number): Float32Array {
  return randomFloat32(length, seed).map((v) => (v >= 0 ? v + 0.1 : v - 0.1));
}

describe('ReLU', () => {
  it('zeroes negatives in place and passes gradients where the output is positive', () => {
    const layer = new ReluRuntime([4]);
    const x = Float32Array.from([-1, 2, 0, 3]);
    expect(layer.forward(x)).toBe(x);
    expect(Array.from(x)).toEqual([0, 2, 0, 3]);
    const dx = layer.backward(Float32Array.from([1, 1, 1, 1]), new Float32Array(4), true)!;
    expect(Array.from(dx)).toEqual([0, 1, 0, 1]);
  });

  it('gradients match central differences', () => {
    expect(
      checkLayer(new ReluRuntime([3, 2, 2]), awayFromZero(24, 31), 2, { h: 1e-3 }).input,
    ).toBeLessThan(1e-3);
  });
});

describe('dropout', () => {
  const layer = () => new DropoutRuntime({ type: 'dropout', rate: 0.25 }, [1000]);

  it('zeroes about `rate` of the values and scales the rest by 1 / (1 − rate)', () => {
    const y = layer().forward(new Float32Array(4000).fill(1), 4, true, new RandomState(1));
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros / 4000).toBeGreaterThan(0.22);
    expect(zeros / 4000).toBeLessThan(0.28);
    expect(y.every((v) => v === 0 || v === Math.fround(1 / 0.75))).toBe(true);
  });

  it('drops the same values for the same seed', () => {
    const run = () =>
      Array.from(layer().forward(randomFloat32(1000, 2), 1, true, new RandomState(5)));
    expect(run()).toEqual(run());
  });

  it('is the identity at inference', () => {
    const l = layer();
    const x = randomFloat32(1000, 3);
    const copy = x.slice();
    expect(Array.from(l.forward(x, 1, false))).toEqual(Array.from(copy));
    expect(l.backward(x, new Float32Array(1000), true)).toBe(x);
  });

  it('gradients match central differences', () => {
    const l = new DropoutRuntime({ type: 'dropout', rate: 0.5 }, [6]);
    expect(checkLayer(l, randomFloat32(18, 4), 3).input).toBeLessThan(1e-3);
  });
});

describe('flatten', () => {
  it('passes values and gradients through unchanged', () => {
    const l = new FlattenRuntime([12]);
    expect(checkLayer(l, randomFloat32(24, 6), 2).input).toBeLessThan(1e-3);
  });
});

describe('the gradient check itself', () => {
  it('catches a backward pass that is off by a little', () => {
    const relu = new ReluRuntime([6]);
    const wrong: RuntimeLayer = {
      outShape: [6],
      params: [],
      forward: (x) => relu.forward(x),
      backward: (dy, spare) => {
        relu.backward(dy, spare, true);
        spare[2] = spare[2]! * 1.01;
        return spare;
      },
      toLayer: () => relu.toLayer(),
    };
    expect(
      checkLayer(wrong, Float32Array.from([1, 2, 3, 4, 5, 6]), 1, { h: 1e-3 }).input,
    ).toBeGreaterThan(1e-3);
  });
});
