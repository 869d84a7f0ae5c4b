import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../kernels/wasm.ts';
import {
  numericGradient,
  randomTensor,
  relativeError,
  weightedSum,
} from '../train/test-support.ts';
import { tensor } from '../tensor/tensor.ts';
import type { RuntimeLayer } from './kind.ts';
import { outputShape } from './registry.ts';
import { reluKind } from './relu.ts';
import {
  awayFromZero,
  checkLayer,
  PRECISIONS,
  randomValues,
  runtimeOf,
  STEP,
  TOLERANCE,
} from './test-support.ts';

describe('ReLU', () => {
  it('zeroes negatives without writing over its input, and passes gradients where the output is positive', () => {
    const layer = runtimeOf({ type: 'relu' }, [[4]], 'float32');
    const x = Float32Array.from([-1, 2, 0, 3]);
    const y = layer.forward([x], 1, { training: false });
    expect(Array.from(y)).toEqual([0, 2, 0, 3]);
    // No layer writes over its input: an output may feed several layers.
    expect(y).not.toBe(x);
    expect(Array.from(x)).toEqual([-1, 2, 0, 3]);
    const dx = new Float32Array(4);
    layer.backward(Float32Array.from([1, 1, 1, 1]), [dx]);
    expect(Array.from(dx)).toEqual([0, 1, 0, 1]);
  });

  it('passes nothing back where its input was ≤ 0 (nnfs: dinputs[inputs <= 0] = 0)', () => {
    const layer = runtimeOf({ type: 'relu' }, [[3]], 'float64');
    layer.forward([Float64Array.from([-1, 0, 2])], 1, { training: true });
    const dx = new Float64Array(3);
    layer.backward(Float64Array.from([5, 5, 5]), [dx]);
    expect([...dx]).toEqual([0, 0, 5]);
  });

  it('keeps a NaN, so divergence shows in the loss', () => {
    const y = runtimeOf({ type: 'relu' }, [[2]], 'float64').forward(
      [Float64Array.from([NaN, -1])],
      1,
      { training: false },
    );
    expect(Number.isNaN(y[0])).toBe(true);
  });

  it.each(PRECISIONS)('gradients on pictures match central differences in %s', (precision) => {
    const layer = runtimeOf({ type: 'relu' }, [[3, 2, 2]], precision);
    const x = awayFromZero(randomValues(24, 31, precision));
    expect(checkLayer(layer, x, 2, { h: 1e-3 }).input).toBeLessThan(TOLERANCE[precision]);
  });

  it('gradients on the WebAssembly kernels match central differences', () => {
    // 7 × 3 values per picture: whole vectors and a remainder.
    const layer = runtimeOf({ type: 'relu' }, [[7, 3]], 'float32', createWasmKernels()!);
    const x = awayFromZero(randomValues(42, 32, 'float32'));
    expect(checkLayer(layer, x, 2, { h: 1e-3 }).input).toBeLessThan(TOLERANCE.float32);
  });

  it('agrees with central differences of a float64 loss (the old activation check)', () => {
    const inputs = randomTensor([5, 4], 21, 2);
    // Keep the inputs away from the kink at 0, where the derivative jumps.
    for (let i = 0; i < inputs.data.length; i++) {
      if (Math.abs(inputs.data[i]!) < 0.01) inputs.data[i] = 0.5;
    }
    const r = randomTensor([5, 4], 22);
    const layer = runtimeOf({ type: 'relu' }, [[4]], 'float64');
    const loss = () =>
      weightedSum(tensor(layer.forward([inputs.data], 5, { training: true }), [5, 4]), r);
    layer.forward([inputs.data], 5, { training: true });
    const dx = new Float64Array(20);
    layer.backward(r.data, [dx]);
    expect(relativeError(dx, numericGradient(inputs.data, loss))).toBeLessThan(1e-6);
  });

  it('takes any shape, one input, and has nothing to set', () => {
    expect(outputShape({ type: 'relu' }, [[8, 8, 32]])).toEqual([8, 8, 32]);
    expect(outputShape({ type: 'relu' }, [[7]])).toEqual([7]);
    expect(() => outputShape({ type: 'relu' }, [[7], [7]])).toThrow(
      'relu takes one input, found 2',
    );
    expect(reluKind.create({}, [[7]])).toEqual({ type: 'relu' });
    expect(reluKind.settingsOf({ type: 'relu' })).toEqual({});
    expect(reluKind.parameters({ type: 'relu' })).toEqual([]);
    expect(reluKind.role).toBe('activation');
  });
});

describe('the gradient check itself', () => {
  it.each(PRECISIONS)('catches a backward pass that is off by a little (%s)', (precision) => {
    const relu = runtimeOf({ type: 'relu' }, [[6]], precision);
    const wrong: RuntimeLayer = {
      ...relu,
      forward: (xs, batch, mode) => relu.forward(xs, batch, mode),
      backward: (dy, dxs) => {
        relu.backward(dy, dxs);
        dxs[0]![2] = dxs[0]![2]! * 1.01;
      },
    };
    const x = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const xs = precision === 'float64' ? Float64Array.from(x) : x;
    expect(checkLayer(wrong, xs, 1, { h: STEP[precision] }).input).toBeGreaterThan(
      TOLERANCE.float32,
    );
    // The same check passes the true backward pass.
    expect(checkLayer(relu, xs, 1, { h: STEP[precision] }).input).toBeLessThan(
      TOLERANCE[precision],
    );
  });
});
