import { describe, expect, it } from 'vitest';
import { createWasmKernels } from '../kernels/wasm.ts';
import { freshBatchNorm } from '../vision/init.ts';
import { batchNormKind, type BatchNormLayer } from './batchnorm.ts';
import { outputShape, parameterCount } from './registry.ts';
import {
  checkLayer,
  PRECISIONS,
  randomFloat32,
  randomValues,
  runtimeOf,
  STEP,
} from './test-support.ts';

function layerWith(channels: number): BatchNormLayer {
  const t = (data: Float32Array) => ({ shape: [channels], dtype: 'float32' as const, data });
  return {
    ...freshBatchNorm(channels, 0.1, 1e-5),
    gamma: t(randomFloat32(channels, 11, 0.5).map((v) => 1 + v)),
    beta: t(randomFloat32(channels, 12)),
  };
}

/** The old float32 bounds (dL/dx, then gamma and beta); float64 is held far tighter. */
const BOUNDS = { float64: [1e-7, 1e-7], float32: [2e-3, 1e-3] } as const;

describe('batchnorm in training mode', () => {
  it.each(PRECISIONS)('gradients on (batch, H, W, C) pictures (%s)', (precision) => {
    const layer = runtimeOf(layerWith(3), [[3, 5, 3]], precision);
    const x = randomValues(2 * 3 * 5 * 3, 13, precision, 2);
    const check = checkLayer(layer, x, 2, { h: STEP[precision] });
    const [input, params] = BOUNDS[precision];
    expect(check.input).toBeLessThan(input);
    expect(check.params['gamma']).toBeLessThan(params);
    expect(check.params['beta']).toBeLessThan(params);
  });

  it.each(PRECISIONS)('gradients on (batch, features) rows (%s)', (precision) => {
    const layer = runtimeOf(layerWith(4), [[4]], precision);
    const check = checkLayer(layer, randomValues(6 * 4, 14, precision), 6, {
      h: STEP[precision],
    });
    const [input, params] = BOUNDS[precision];
    expect(check.input).toBeLessThan(input);
    expect(check.params['gamma']).toBeLessThan(params);
    expect(check.params['beta']).toBeLessThan(params);
  });

  // The WebAssembly passes (the float32 backend's by default), 6 channels for their remainders.
  it('gradients on the WebAssembly kernels, and their output equals the reference loops', () => {
    const wasm = createWasmKernels()!;
    const shape = [4, 3, 6];
    const x = randomValues(3 * 4 * 3 * 6, 15, 'float32', 2);
    const check = checkLayer(runtimeOf(layerWith(6), [shape], 'float32', wasm), x, 3, {
      h: STEP.float32,
    });
    const [input, params] = BOUNDS.float32;
    expect(check.input).toBeLessThan(input);
    expect(check.params['gamma']).toBeLessThan(params);
    expect(check.params['beta']).toBeLessThan(params);
    const fast = runtimeOf(layerWith(6), [shape], 'float32', wasm);
    const reference = runtimeOf(layerWith(6), [shape], 'float32');
    const y = fast.forward([x], 3, { training: true });
    const expected = reference.forward([x], 3, { training: true });
    const dy = randomValues(x.length, 16, 'float32');
    const [dx, dxExpected] = [new Float32Array(x.length), new Float32Array(x.length)];
    fast.backward(dy, [dx]);
    reference.backward(dy, [dxExpected]);
    for (const [actual, wanted] of [
      [y, expected],
      [dx, dxExpected],
      [fast.params[0]!.grad, reference.params[0]!.grad],
    ] as const) {
      const worst = Math.max(...Array.from(actual, (v, i) => Math.abs(v - wanted[i]!)));
      expect(worst).toBeLessThan(1e-5);
    }
  });

  it('normalises with the batch statistics and updates the running ones (unbiased variance)', () => {
    const layer = runtimeOf(freshBatchNorm(1, 0.1, 0), [[1]], 'float32');
    const y = layer.forward([Float32Array.from([1, 2, 3, 6])], 4, { training: true });
    // mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5, unbiased 14 / 3.
    const s = Math.sqrt(3.5);
    expect(Array.from(y)).toEqual([-2 / s, -1 / s, 0, 3 / s].map(Math.fround));
    const saved = layer.toLayer() as BatchNormLayer;
    expect(saved.runningMean.data[0]).toBeCloseTo(0.9 * 0 + 0.1 * 3, 6);
    expect(saved.runningVar.data[0]).toBeCloseTo(0.9 * 1 + 0.1 * (14 / 3), 6);
  });

  it('keeps the variance of values far from 0 (a large mean does not cancel it)', () => {
    const layer = runtimeOf(freshBatchNorm(1, 0.1, 0), [[1]], 'float32');
    const y = layer.forward([Float32Array.from([1e4 + 1, 1e4 - 1])], 2, { training: true });
    expect(Array.from(y)).toEqual([1, -1]);
  });

  it('uses the running statistics at inference, and refuses backward after it', () => {
    const plain = { ...freshBatchNorm(2, 0.1, 0) };
    const stats = { shape: [2], dtype: 'float32' as const };
    const layer = runtimeOf(
      {
        ...plain,
        runningMean: { ...stats, data: Float32Array.from([1, -1]) },
        runningVar: { ...stats, data: Float32Array.from([4, 0.25]) },
      },
      [[2]],
      'float32',
    );
    expect(Array.from(layer.forward([Float32Array.from([3, 0])], 1, { training: false }))).toEqual([
      1, 2,
    ]);
    expect(() => layer.backward(new Float32Array(2), [new Float32Array(2)])).toThrow(
      'batchnorm: backward needs a forward pass in training mode',
    );
  });
});

describe('the BatchNorm kind', () => {
  it('normalises the last axis of pictures or rows, and names the channels it expects', () => {
    expect(outputShape(freshBatchNorm(10), [[10]])).toEqual([10]);
    expect(outputShape(freshBatchNorm(3), [[4, 4, 3]])).toEqual([4, 4, 3]);
    expect(() => outputShape(freshBatchNorm(8), [[4, 4, 3]])).toThrow(
      'batchnorm normalises 8 channels, found a 4×4×3 picture',
    );
    expect(() => outputShape(freshBatchNorm(8), [[2, 8]])).toThrow(
      'batchnorm normalises 8 channels, found shape (2, 8)',
    );
    expect(() => outputShape(freshBatchNorm(2, 1.5), [[2]])).toThrow(
      'batchnorm: momentum must be 0 to 1 and ε above 0, found 1.5 and 0.00001',
    );
    expect(() => outputShape(freshBatchNorm(2, 0.1, 0), [[2]])).toThrow(
      'batchnorm: momentum must be 0 to 1 and ε above 0, found 0.1 and 0',
    );
  });

  it('creates the identity for the channels arriving, and reads its settings back', () => {
    const made = batchNormKind.create({ momentum: 0.01, epsilon: 1e-3 }, [[6, 6, 5]]);
    expect(made).toEqual({ ...freshBatchNorm(5, 0.01, 1e-3) });
    expect(batchNormKind.settingsOf(made)).toEqual({ momentum: 0.01, epsilon: 1e-3 });
    expect(batchNormKind.create(batchNormKind.settingsOf(made), [[6, 6, 5]])).toEqual(made);
  });

  it('counts gamma and beta only (running statistics are not learned), neither decayed', () => {
    const c = { shape: [8], dtype: 'float32' as const, data: new Float32Array(8) };
    const layer: BatchNormLayer = {
      type: 'batchnorm',
      gamma: c,
      beta: c,
      runningMean: c,
      runningVar: c,
      epsilon: 1e-3,
      momentum: 0.1,
    };
    expect(parameterCount(layer)).toBe(16);
    expect(batchNormKind.parameters(layer).map((p) => [p.field, p.decay])).toEqual([
      ['gamma', false],
      ['beta', false],
    ]);
  });
});
