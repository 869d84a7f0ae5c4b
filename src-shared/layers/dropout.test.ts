import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { dropoutKind, type DropoutLayer } from './dropout.ts';
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

const quarter: DropoutLayer = { type: 'dropout', rate: 0.25 };

describe('dropout', () => {
  const layer = () => runtimeOf(quarter, [[1000]], 'float32');

  it('zeroes about `rate` of the values and scales the rest by 1 / (1 − rate)', () => {
    const y = layer().forward([new Float32Array(4000).fill(1)], 4, {
      training: true,
      rng: new RandomState(1),
    });
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros / 4000).toBeGreaterThan(0.22);
    expect(zeros / 4000).toBeLessThan(0.28);
    expect(y.every((v) => v === 0 || v === Math.fround(1 / 0.75))).toBe(true);
  });

  it('drops the same values for the same seed, in either precision', () => {
    const run = (precision: 'float64' | 'float32') =>
      Array.from(
        runtimeOf(quarter, [[1000]], precision).forward([randomFloat32(1000, 2)], 1, {
          training: true,
          rng: new RandomState(5),
        }),
        (v) => v === 0,
      );
    expect(run('float32')).toEqual(run('float32'));
    expect(run('float64')).toEqual(run('float32'));
  });

  it('passes gradients only where it kept the value, scaled alike', () => {
    const l = runtimeOf({ type: 'dropout', rate: 0.5 }, [[8]], 'float64');
    const y = l.forward([new Float64Array(8).fill(1)], 1, {
      training: true,
      rng: new RandomState(3),
    });
    const dx = new Float64Array(8);
    l.backward(new Float64Array(8).fill(3), [dx]);
    expect([...dx]).toEqual([...y].map((v) => 3 * v));
    expect(new Set(y)).toEqual(new Set([0, 2]));
  });

  it('is the identity at inference, values and gradients', () => {
    const l = layer();
    const x = randomFloat32(1000, 3);
    const copy = x.slice();
    expect(Array.from(l.forward([x], 1, { training: false }))).toEqual(Array.from(copy));
    const dx = new Float32Array(1000);
    l.backward(x, [dx]);
    expect(Array.from(dx)).toEqual(Array.from(x));
  });

  it('needs a RandomState to train', () => {
    expect(() => layer().forward([new Float32Array(1000)], 1, { training: true })).toThrow(
      'dropout: training needs a RandomState',
    );
  });

  it.each(PRECISIONS)('gradients match central differences (%s)', (precision) => {
    const l = runtimeOf({ type: 'dropout', rate: 0.5 }, [[6]], precision);
    const check = checkLayer(l, randomValues(18, 4, precision), 3, { h: STEP[precision] });
    expect(check.input).toBeLessThan(TOLERANCE[precision]);
  });

  it('keeps any shape, refuses a rate of 1 or more, and round-trips its rate', () => {
    expect(outputShape({ type: 'dropout', rate: 0.5 }, [[8, 8, 32]])).toEqual([8, 8, 32]);
    expect(outputShape({ type: 'dropout', rate: 0.1 }, [[7]])).toEqual([7]);
    expect(() => outputShape({ type: 'dropout', rate: 1 }, [[7]])).toThrow(
      'dropout: the rate must be at least 0 and below 1, found 1',
    );
    const made = dropoutKind.create({ rate: 0.3 }, [[4]]);
    expect(made).toEqual({ type: 'dropout', rate: 0.3 });
    expect(dropoutKind.settingsOf(made)).toEqual({ rate: 0.3 });
    expect(parameterCount(made)).toBe(0);
  });
});
