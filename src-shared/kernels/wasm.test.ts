import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { referenceKernels } from './reference.ts';
import { convGeometry, type ConvGeometry } from './types.ts';
import { createWasmKernels } from './wasm.ts';

const rng = new RandomState(7);
function random(n: number): Float32Array {
  return Float32Array.from(rng.randn(n).data);
}
function expectClose(actual: Float32Array, expected: Float32Array, scale: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  // float32 sums of `scale` terms of unit size: error grows like √scale·2⁻²⁴, bounded generously.
  expect(worst).toBeLessThan(1e-5 * Math.max(1, scale));
}

// Node 20 keeps relaxed SIMD behind a flag (Chromium has it on); the CLI sets it the same way.
setFlagsFromString('--experimental-wasm-relaxed-simd');
const variants = (['best', 'simd'] as const).map((v) => createWasmKernels(v)!);

it('the host runs both variants, relaxed SIMD first', () => {
  expect(variants.map((k) => k.name)).toEqual(['wasm-relaxed-simd', 'wasm-simd']);
});

describe.each(variants.map((k) => [k.name, k] as const))('%s kernels', (_, kernels) => {
  it('gemm matches the reference on odd shapes, every transposition and accumulate', () => {
    const shapes = [
      [1, 1, 1],
      // Fewer rows than a block: one sample's forward pass, streamed without packing.
      [1, 128, 784],
      [3, 40, 17],
      [2, 16, 5],
      [7, 13, 5],
      [6, 8, 256],
      [13, 17, 300],
      [73, 9, 257],
      [100, 37, 270],
    ];
    for (const [m, n, k] of shapes as [number, number, number][]) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) {
            const a = random(m * k);
            const b = random(k * n);
            const start = random(m * n);
            const expected = start.slice();
            const actual = start.slice();
            const options = { transA, transB, accumulate };
            referenceKernels.gemm(m, n, k, a, b, expected, options);
            kernels.gemm(m, n, k, a, b, actual, options);
            expectClose(actual, expected, k);
          }
        }
      }
    }
  });

  it('gemm64 equals the in-order sums bit for bit, zeros and odd shapes included', () => {
    const shapes = [
      [1, 1, 1],
      [1, 128, 784],
      [1, 10, 128],
      [3, 5, 7],
      [4, 4, 1],
      [64, 10, 128],
      [13, 17, 33],
      [9, 3, 0],
    ];
    for (const [m, n, k] of shapes as [number, number, number][]) {
      for (const [transA, transB] of [
        [false, false],
        [true, false],
        [false, true],
      ] as const) {
        // ReLU-like operands: a third exact zeros, so the skipped terms are exercised too.
        const a = Float64Array.from(rng.randn(m * k).data, (v) => (v < -0.4 ? 0 : v));
        const b = Float64Array.from(rng.randn(k * n).data);
        const expected = new Float64Array(m * n);
        const actual = new Float64Array(m * n).fill(Number.NaN);
        // The definition: one sum per element, in ascending order of k.
        referenceKernels.gemm(m, n, k, a, b, expected, { transA, transB });
        kernels.gemm64(m, n, k, a, b, actual, { transA, transB });
        expect(Array.from(actual), `${m}×${n}×${k} transA ${transA} transB ${transB}`).toEqual(
          Array.from(expected),
        );
      }
    }
  });

  it('gemm with k = 0 gives zeros, or leaves C when accumulating', () => {
    const c = Float32Array.of(1, 2, 3, 4);
    kernels.gemm(2, 2, 0, new Float32Array(0), new Float32Array(0), c, { accumulate: true });
    expect([...c]).toEqual([1, 2, 3, 4]);
    kernels.gemm(2, 2, 0, new Float32Array(0), new Float32Array(0), c);
    expect([...c]).toEqual([0, 0, 0, 0]);
  });

  const convs: ConvGeometry[] = [
    {
      batch: 2,
      height: 5,
      width: 7,
      inChannels: 3,
      outChannels: 4,
      kernelHeight: 3,
      kernelWidth: 3,
      stride: 1,
      padding: 1,
    },
    {
      batch: 3,
      height: 9,
      width: 6,
      inChannels: 5,
      outChannels: 10,
      kernelHeight: 3,
      kernelWidth: 2,
      stride: 2,
      padding: 0,
    },
    {
      batch: 1,
      height: 8,
      width: 8,
      inChannels: 16,
      outChannels: 9,
      kernelHeight: 5,
      kernelWidth: 5,
      stride: 1,
      padding: 2,
    },
    {
      batch: 2,
      height: 6,
      width: 6,
      inChannels: 8,
      outChannels: 8,
      kernelHeight: 1,
      kernelWidth: 1,
      stride: 1,
      padding: 0,
    },
    {
      batch: 1,
      height: 11,
      width: 11,
      inChannels: 3,
      outChannels: 7,
      kernelHeight: 3,
      kernelWidth: 3,
      stride: 3,
      padding: 1,
    },
    // Stride 1 and channels in eights: the direct kernel, with odd widths for its remainder loop.
    {
      batch: 2,
      height: 7,
      width: 13,
      inChannels: 8,
      outChannels: 16,
      kernelHeight: 3,
      kernelWidth: 3,
      stride: 1,
      padding: 1,
    },
    {
      batch: 1,
      height: 9,
      width: 10,
      inChannels: 16,
      outChannels: 8,
      kernelHeight: 5,
      kernelWidth: 3,
      stride: 1,
      padding: 0,
    },
    {
      batch: 2,
      height: 6,
      width: 6,
      inChannels: 3,
      outChannels: 24,
      kernelHeight: 3,
      kernelWidth: 3,
      stride: 1,
      padding: 2,
    },
  ].map((g) => convGeometry(g));

  it.each(
    convs.map(
      (g) =>
        [
          `${g.height}×${g.width}×${g.inChannels} k${g.kernelHeight}×${g.kernelWidth} s${g.stride} p${g.padding}`,
          g,
        ] as const,
    ),
  )('conv2d forward and backward match the reference: %s', (_, g) => {
    const patch = g.kernelHeight * g.kernelWidth * g.inChannels;
    const x = random(g.batch * g.height * g.width * g.inChannels);
    const w = random(patch * g.outChannels);
    const bias = random(g.outChannels);
    const outSize = g.batch * g.outHeight * g.outWidth * g.outChannels;
    const expected = new Float32Array(outSize);
    const actual = new Float32Array(outSize);
    referenceKernels.conv2dForward(g, x, w, bias, expected);
    kernels.conv2dForward(g, x, w, bias, actual);
    expectClose(actual, expected, patch);

    const dy = random(outSize);
    const grads = () => ({
      dx: new Float32Array(x.length).fill(NaN),
      dw: new Float32Array(w.length).fill(NaN),
      db: new Float32Array(bias.length).fill(NaN),
    });
    const e = grads();
    const a = grads();
    referenceKernels.conv2dBackward(g, x, w, dy, e.dx, e.dw, e.db);
    kernels.conv2dBackward(g, x, w, dy, a.dx, a.dw, a.db);
    const pixels = g.batch * g.outHeight * g.outWidth;
    expectClose(a.dw, e.dw, pixels);
    expectClose(a.db, e.db, pixels);
    expectClose(a.dx, e.dx, patch);
    const noDx = grads();
    kernels.conv2dBackward(g, x, w, dy, null, noDx.dw, noDx.db);
    expectClose(noDx.dw, e.dw, pixels);
  });
});

describe('the wasm wrapper', () => {
  const kernels = createWasmKernels('simd')!;

  it('grows its memory between calls and stays right', () => {
    for (const [m, n, k] of [
      [4, 4, 4],
      [600, 64, 700],
      [3, 5, 7],
    ] as [number, number, number][]) {
      const a = random(m * k);
      const b = random(k * n);
      const expected = new Float32Array(m * n);
      const actual = new Float32Array(m * n);
      referenceKernels.gemm(m, n, k, a, b, expected);
      kernels.gemm(m, n, k, a, b, actual);
      expectClose(actual, expected, k);
    }
  });

  it('refuses operands shorter than their shapes, naming them', () => {
    expect(() =>
      kernels.gemm(2, 2, 3, new Float32Array(5), new Float32Array(6), new Float32Array(4)),
    ).toThrow('gemm: A has 5 values; its shape needs 6');
    const g = convGeometry({
      ...{ batch: 1, height: 4, width: 4, inChannels: 2, outChannels: 8 },
      ...{ kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1 },
    });
    expect(() =>
      kernels.conv2dForward(
        g,
        new Float32Array(32),
        new Float32Array(10),
        new Float32Array(8),
        new Float32Array(128),
      ),
    ).toThrow('conv2d: weights has 10 values; its shape needs 144');
  });

  it('refuses padding as large as the kernel', () => {
    expect(() =>
      convGeometry({
        ...{ batch: 1, height: 4, width: 4, inChannels: 1, outChannels: 1 },
        ...{ kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 3 },
      }),
    ).toThrow('padding 3 must be at least 0 and smaller than the 3×3 kernel');
  });
});
