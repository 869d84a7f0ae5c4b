import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { RELAXED_SIMD_WASM, SIMD_WASM } from './kernels-wasm.ts';
import { referenceKernels } from './reference.ts';
import {
  convGeometry,
  poolOutputSize,
  type ConvGeometry,
  type Kernels,
  type PoolGeometry,
} from './types.ts';
import { createWasmKernels } from './wasm.ts';
import {
  channelPassBytes,
  conv2dBackwardBytes,
  conv2dForwardBytes,
  convChunkPictures,
  winogradScratchBytes,
} from './working-set.ts';

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

/** The fused ReLU is max(0, ·) of the very sums the plain call wrote: equal bit for bit. */
function expectFusedRelu(
  kernels: Kernels,
  g: ConvGeometry,
  x: Float32Array,
  w: Float32Array,
  bias: Float32Array,
  plain: Float32Array,
): void {
  const fused = new Float32Array(plain.length).fill(NaN);
  kernels.conv2dForward(g, x, w, bias, fused, { relu: true });
  expect(plain.some((v) => v < 0) && plain.some((v) => v > 0)).toBe(true);
  expect(fused).toEqual(plain.map((v) => Math.max(0, v)));
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
    // Several pictures, stride 2 and padding: the dW GEMM runs over all their patch rows.
    {
      batch: 5,
      height: 9,
      width: 8,
      inChannels: 4,
      outChannels: 6,
      kernelHeight: 3,
      kernelWidth: 3,
      stride: 2,
      padding: 1,
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
    expectFusedRelu(kernels, g, x, w, bias, actual);
    expectFusedRelu(referenceKernels, g, x, w, bias, expected);

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

describe.each(variants.map((k) => [k.name, k] as const))('%s BatchNorm passes', (_, kernels) => {
  // Odd channel counts for the kernels' remainder loops; many rows, as a conv layer's batch.
  it.each([1, 3, 6, 16, 64])('match the reference loops with %d channels', (channels) => {
    const rows = 2 * 17 * 9;
    // An offset mean, as BatchNorm sees after a layer without zero-mean outputs.
    const x = Float32Array.from(random(rows * channels), (v) => 3 + 2 * v);
    const dy = random(rows * channels);
    const origin = Float64Array.from(x.subarray(0, channels));
    const sums = () => [new Float64Array(channels), new Float64Array(channels).fill(NaN)];
    const [s1, s2] = sums() as [Float64Array, Float64Array];
    const [e1, e2] = sums() as [Float64Array, Float64Array];
    kernels.channelMoments(x, origin, s1, s2);
    referenceKernels.channelMoments(x, origin, e1, e2);
    // Both sum in float64: the same numbers but for the order of a few additions.
    expectClose(Float32Array.from(s1), Float32Array.from(e1), 1);
    expectClose(Float32Array.from(s2), Float32Array.from(e2), 1);
    kernels.channelDots(dy, x, s1, s2);
    referenceKernels.channelDots(dy, x, e1, e2);
    expectClose(Float32Array.from(s1), Float32Array.from(e1), 1);
    expectClose(Float32Array.from(s2), Float32Array.from(e2), 1);

    const coefficient = () => Float64Array.from(random(channels));
    const [a, b, k] = [coefficient(), coefficient(), coefficient()];
    for (const [v, bOrNull] of [
      [null, null],
      [x, b],
    ] as const) {
      const actual = new Float32Array(x.length).fill(NaN);
      const expected = new Float32Array(x.length);
      kernels.channelAffine(dy, v, a, bOrNull, k, actual);
      referenceKernels.channelAffine(dy, v, a, bOrNull, k, expected);
      // Coefficients rounded to float32 and |x| up to ~10: a few units in the last place.
      expectClose(actual, expected, 10);
    }
  });

  // BatchNorm followed by ReLU: the ReLU's output written in the same pass, its mask (a gate
  // with zeros, negatives and a NaN, which all close it) folded into the backward's passes.
  it.each([1, 3, 5, 16, 19])(
    'fused with a ReLU, match the reference loops (%d channels)',
    (channels) => {
      const rows = 3 * 7 * 5;
      const x = Float32Array.from(random(rows * channels), (v) => 2 * v);
      const dy = random(rows * channels);
      const gate = random(rows * channels).map((v, i) => (i % 7 === 0 ? 0 : v));
      gate[channels] = NaN;
      const coefficient = () => Float64Array.from(random(channels));
      const [a, b, k] = [coefficient(), coefficient(), coefficient()];
      const sums = () => [new Float64Array(channels), new Float64Array(channels)];
      const [s1, s2] = sums() as [Float64Array, Float64Array];
      const [e1, e2] = sums() as [Float64Array, Float64Array];
      kernels.channelDots(dy, x, s1, s2, gate);
      referenceKernels.channelDots(dy, x, e1, e2, gate);
      expectClose(Float32Array.from(s1), Float32Array.from(e1), 1);
      expectClose(Float32Array.from(s2), Float32Array.from(e2), 1);
      // The gate changes the sums: a kernel ignoring it would fail above.
      const [u1, u2] = sums() as [Float64Array, Float64Array];
      referenceKernels.channelDots(dy, x, u1, u2);
      expect(Array.from(u1)).not.toEqual(Array.from(e1));

      const fresh = () => new Float32Array(x.length).fill(NaN);
      const [dx, dxExpected] = [fresh(), fresh()];
      kernels.channelAffine(dy, x, a, b, k, dx, { gate });
      referenceKernels.channelAffine(dy, x, a, b, k, dxExpected, { gate });
      expectClose(dx, dxExpected, 10);
      const [y, relu, yExpected, reluExpected] = [fresh(), fresh(), fresh(), fresh()];
      // A scale of 1 or more and a small shift: outputs of both signs, whatever the draws.
      const scale = a.map((v) => 1 + Math.abs(v));
      const shift = k.map((v) => v / 4);
      kernels.channelAffine(x, null, scale, null, shift, y, { relu });
      referenceKernels.channelAffine(x, null, scale, null, shift, yExpected, {
        relu: reluExpected,
      });
      expectClose(y, yExpected, 10);
      expectClose(relu, reluExpected, 10);
      expect(relu.every((v, i) => v === Math.max(0, y[i]!))).toBe(true);
      expect(relu.some((v) => v === 0) && relu.some((v) => v > 0)).toBe(true);
    },
  );
});

describe.each([...variants, referenceKernels].map((k) => [k.name, k] as const))(
  '%s BatchNorm fused with a ReLU',
  (_, kernels) => {
    // The ReLU's own backward multiplies by its 0/1 mask, so an infinite gradient where it is
    // off gives NaN and the optimizer refuses the step: the fused passes must not hide it.
    it('gives NaN for an infinite gradient where the ReLU is off, as the passes one by one', () => {
      const [rows, channels] = [6, 5];
      const n = rows * channels;
      const x = random(n);
      const relu = random(n).map((v) => Math.max(0, v));
      // Channel 2 of the second row: off.
      const off = channels + 2;
      relu[off] = 0;
      const dy = random(n);
      dy[off] = Infinity;
      const [a, b, k] = [0, 1, 2].map(() => Float64Array.from(random(channels)));
      const pass = (gate: Float32Array | null, grad: Float32Array) => {
        const [sum, sumProduct] = [new Float64Array(channels), new Float64Array(channels)];
        kernels.channelDots(grad, x, sum, sumProduct, gate);
        const dx = new Float32Array(n);
        kernels.channelAffine(grad, x, a!, b!, k!, dx, { gate });
        return { sum, sumProduct, dx };
      };
      const fused = pass(relu, dy);
      const masked = new Float32Array(n);
      kernels.reluBackward(relu, dy, masked);
      expect(masked[off]).toBeNaN();
      const alone = pass(null, masked);
      expect(fused.sum[2]).toBeNaN();
      expect(fused.sumProduct[2]).toBeNaN();
      expect(fused.dx[off]).toBeNaN();
      const nans = (v: ArrayLike<number>) => Array.from(v, Number.isNaN);
      expect(nans(fused.sum)).toEqual(nans(alone.sum));
      expect(nans(fused.sumProduct)).toEqual(nans(alone.sumProduct));
      expect(nans(fused.dx)).toEqual(nans(alone.dx));
      // Elsewhere both agree (a finite gradient where the ReLU is off adds nothing).
      expectClose(
        fused.dx.map((v, i) => (i === off ? 0 : v)),
        alone.dx.map((v, i) => (i === off ? 0 : v)),
        10,
      );
    });
  },
);

describe.each(variants.map((k) => [k.name, k] as const))('%s ReLU and pooling', (_, kernels) => {
  it.each([1, 3, 4, 17, 1000])('ReLU equals the reference loops exactly over %d values', (n) => {
    const x = random(n);
    // Non-finite values and zeros of both signs, where a kernel could part from Math.max.
    [NaN, -0, 0, Infinity, -Infinity].forEach((v, i) => i < n && (x[(i * 3) % n] = v));
    const [y, expected] = [new Float32Array(n).fill(7), new Float32Array(n).fill(7)];
    kernels.relu(x, y);
    referenceKernels.relu(x, expected);
    expect(y).toEqual(expected);
    // Backward from the forward's output (zeros and a NaN close the mask).
    const dy = random(n);
    const [dx, dxExpected] = [new Float32Array(n).fill(7), new Float32Array(n).fill(7)];
    kernels.reluBackward(expected, dy, dx);
    referenceKernels.reluBackward(expected, dy, dxExpected);
    expect(dx).toEqual(dxExpected);
  });

  // Window, stride, picture and channels: odd channel counts for the vector remainder, ragged
  // edges, gaps (stride > size), overlaps (stride < size).
  const geometries: [number, number, number, number, number][] = [
    [2, 2, 8, 8, 16],
    [2, 2, 5, 7, 3],
    [3, 2, 7, 5, 5],
    [2, 1, 4, 5, 6],
    [3, 3, 9, 6, 1],
    [2, 3, 7, 8, 9],
    [1, 1, 3, 2, 4],
  ];
  it.each(geometries)(
    'max pooling %i×%i windows at stride %i on %i×%i×%i pictures equals the reference, ties included',
    (size, stride, height, width, channels) => {
      const g: PoolGeometry = { batch: 3, height, width, channels, size, stride };
      const inSize = 3 * height * width * channels;
      const outSize =
        3 * poolOutputSize(height, size, stride) * poolOutputSize(width, size, stride) * channels;
      // Few distinct values: most windows hold ties, which the first in window order wins.
      const x = random(inSize).map((v) => Math.round(v));
      x[1] = NaN;
      x[channels] = NaN;
      const run = (k: Pick<Kernels, 'maxPoolForward' | 'maxPoolBackward'>) => {
        const y = new Float32Array(outSize).fill(7);
        const argmax = new Int32Array(outSize).fill(-1);
        k.maxPoolForward(g, x, y, argmax);
        const dx = new Float32Array(inSize).fill(7);
        k.maxPoolBackward(
          g,
          Float32Array.from(y, (_v, i) => i + 1),
          argmax,
          dx,
        );
        return { y, argmax, dx };
      };
      const actual = run(kernels);
      const expected = run(referenceKernels);
      expect(actual.y).toEqual(expected.y);
      expect(actual.argmax).toEqual(expected.argmax);
      expect(actual.dx).toEqual(expected.dx);
    },
  );

  it.each(geometries)(
    'average pooling %i×%i windows at stride %i on %i×%i×%i pictures equals the reference',
    (size, stride, height, width, channels) => {
      const g: PoolGeometry = { batch: 3, height, width, channels, size, stride };
      const x = random(3 * height * width * channels);
      const outSize =
        3 * poolOutputSize(height, size, stride) * poolOutputSize(width, size, stride) * channels;
      const dy = random(outSize);
      const run = (k: Pick<Kernels, 'avgPoolForward' | 'avgPoolBackward'>) => {
        const y = new Float32Array(outSize).fill(NaN);
        k.avgPoolForward(g, x, y);
        const dx = new Float32Array(x.length).fill(NaN);
        k.avgPoolBackward(g, dy, dx);
        return { y, dx };
      };
      const actual = run(kernels);
      const expected = run(referenceKernels);
      // The same float32 sums in the same order; 1 / size² is rounded to float32 first.
      expectClose(actual.y, expected.y, size * size);
      expectClose(actual.dx, expected.dx, size * size);
      // Values outside every window (a ragged edge, a gap) get 0, not what was there.
      expect(actual.dx.every((v) => Number.isFinite(v))).toBe(true);
    },
  );
});

/** The gradients of conv2dBackward given dy, on fresh arrays filled with NaN. */
function convGrads(
  kernels: Pick<Kernels, 'conv2dBackward'>,
  g: ConvGeometry,
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
) {
  const dx = new Float32Array(x.length).fill(NaN);
  const dw = new Float32Array(w.length).fill(NaN);
  const db = new Float32Array(g.outChannels).fill(NaN);
  kernels.conv2dBackward(g, x, w, dy, dx, dw, db);
  return { dx, dw, db };
}

describe('conv2d backward over a batch in chunks of pictures', () => {
  // Stride 2 with padding (dx through col2im) and stride 1 with channels in eights (dx direct).
  const geometries = [
    { inChannels: 3, outChannels: 5, stride: 2, padding: 1 },
    { inChannels: 8, outChannels: 8, stride: 1, padding: 1 },
  ].map((c) =>
    convGeometry({ batch: 7, height: 10, width: 9, kernelHeight: 3, kernelWidth: 3, ...c }),
  );
  it.each(
    geometries.flatMap((g) =>
      // 3 pictures a chunk (the last one short), and 1 when even one picture is over the cap.
      [3, 0.5].map((pictures) => [`s${g.stride}`, pictures, g] as const),
    ),
  )('%s, %d pictures a chunk, matches the reference', (_, pictures, g) => {
    const rows = g.outHeight * g.outWidth;
    const patch = g.kernelHeight * g.kernelWidth * g.inChannels;
    const convColsBytes = Math.floor(pictures * rows * patch * 4);
    const kernels = createWasmKernels('simd', { convColsBytes })!;
    const x = random(g.batch * g.height * g.width * g.inChannels);
    const w = random(patch * g.outChannels);
    const dy = random(g.batch * rows * g.outChannels);
    const e = convGrads(referenceKernels, g, x, w, dy);
    const a = convGrads(kernels, g, x, w, dy);
    expectClose(a.dw, e.dw, g.batch * rows);
    expectClose(a.db, e.db, g.batch * rows);
    expectClose(a.dx, e.dx, patch);
  });

  it('takes no more memory than working-set.ts counts for the budget', () => {
    // A layer of the shipped model's size, whose batch's patch rows pass the 64 MiB cap.
    const g = convGeometry({
      ...{ batch: 32, height: 64, width: 64, inChannels: 16, outChannels: 16 },
      ...{ kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1 },
    });
    expect(convChunkPictures(g)).toBe(28);
    const kernels = createWasmKernels('best')!;
    const patch = 3 * 3 * 16;
    const x = new Float32Array(g.batch * 64 * 64 * 16);
    const grads = convGrads(kernels, g, x, new Float32Array(patch * 16), x);
    expect(grads.db[0]).toBe(0);
    expect(kernels.memoryBytes).toBeLessThanOrEqual(conv2dBackwardBytes(g, true));
    // Not far below either: the chunk's columns are most of it.
    expect(kernels.memoryBytes).toBeGreaterThan(conv2dBackwardBytes(g, true) - 2 ** 20);
    const values = 4 * 2 ** 20;
    const fresh = createWasmKernels('best')!;
    const c = Float64Array.of(1, 2);
    const data = new Float32Array(values);
    fresh.channelAffine(data, data, c, c, c, data);
    expect(fresh.memoryBytes).toBeLessThanOrEqual(channelPassBytes(values, 2));
  });

  it('gives the gradient of the forward pass: central differences of sum(y · dy)', () => {
    // The loss is linear in each weight, input and bias, so in float64 the difference quotient
    // is the derivative up to rounding: any error beyond float32's is in the backward pass.
    const kernels = createWasmKernels('best', { convColsBytes: 4000 })!;
    for (const g of geometries) {
      const patch = g.kernelHeight * g.kernelWidth * g.inChannels;
      const x = random(g.batch * g.height * g.width * g.inChannels);
      const w = random(patch * g.outChannels);
      const bias = random(g.outChannels);
      const dy = random(g.batch * g.outHeight * g.outWidth * g.outChannels);
      const { dx, dw, db } = convGrads(kernels, g, x, w, dy);
      const loss = (x64: Float64Array, w64: Float64Array, b64: Float64Array): number => {
        const y = new Float64Array(dy.length);
        referenceKernels.conv2dForward(g, x64, w64, b64, y);
        return y.reduce((sum, v, i) => sum + v * dy[i]!, 0);
      };
      const h = 0.5;
      const check = (what: string, values: Float32Array, grad: Float32Array, at: number[]) => {
        for (const i of at) {
          const args = [x, w, bias].map((v) => Float64Array.from(v)) as [
            Float64Array,
            Float64Array,
            Float64Array,
          ];
          const target = args[['x', 'w', 'b'].indexOf(what)]!;
          expect(target.length).toBe(values.length);
          target[i]! += h;
          const up = loss(...args);
          target[i]! -= 2 * h;
          const down = loss(...args);
          const numeric = (up - down) / (2 * h);
          expect(Math.abs(grad[i]! - numeric), `d${what}[${i}] s${g.stride}`).toBeLessThan(
            1e-4 * Math.max(1, Math.abs(numeric)),
          );
        }
      };
      // Weights and inputs of the first and last pictures, corners (padding) and the middle.
      check('w', w, dw, [0, 1, patch, (w.length >> 1) + 3, w.length - 1]);
      const picture = g.height * g.width * g.inChannels;
      check('x', x, dx, [0, 5, picture - 1, (x.length >> 1) + 1, x.length - picture, x.length - 1]);
      check('b', bias, db, [0, g.outChannels - 1]);
    }
  });
});

describe.each(
  (['best', 'simd'] as const).flatMap((v) =>
    (['f2x2', 'f4x4'] as const).map(
      (tile) => [tile, v, createWasmKernels(v, { winograd: tile })!] as const,
    ),
  ),
)('Winograd %s, %s', (tile, _, kernels) => {
  // Odd heights and widths (tiles cut short), padding 0, 1 and 2, input channels not a multiple
  // of 4 (the transforms pad them), several pictures, a picture of a single tile, and one of
  // more tiles than a block.
  const geometries = [
    { batch: 2, height: 7, width: 9, inChannels: 3, outChannels: 8, padding: 1 },
    { batch: 3, height: 8, width: 5, inChannels: 5, outChannels: 16, padding: 0 },
    { batch: 1, height: 12, width: 10, inChannels: 16, outChannels: 24, padding: 1 },
    { batch: 2, height: 9, width: 6, inChannels: 17, outChannels: 8, padding: 0 },
    { batch: 4, height: 3, width: 4, inChannels: 8, outChannels: 8, padding: 0 },
    { batch: 2, height: 1, width: 1, inChannels: 6, outChannels: 16, padding: 1 },
    { batch: 2, height: 4, width: 7, inChannels: 8, outChannels: 8, padding: 2 },
    // 10 × 9 tiles of F(2×2): a block of 64 and a short one.
    { batch: 2, height: 19, width: 17, inChannels: 9, outChannels: 8, padding: 1 },
    // 9 × 9 tiles of F(4×4): a block of 64 and a short one.
    { batch: 1, height: 35, width: 33, inChannels: 12, outChannels: 16, padding: 1 },
    // Small pictures a block takes several of: 9 tiles of F(4×4) each, blocks of 7 pictures
    // and a short one of 2; 1 tile of F(4×4) or 4 of F(2×2) each, 20 pictures in a block
    // or a block of 16 and one of 4.
    { batch: 9, height: 12, width: 11, inChannels: 8, outChannels: 8, padding: 1 },
    { batch: 20, height: 6, width: 6, inChannels: 4, outChannels: 8, padding: 0 },
  ].map((c) => convGeometry({ kernelHeight: 3, kernelWidth: 3, stride: 1, ...c }));

  /** Σ|x·w| of each output: the scale its rounding error is measured against. */
  function magnitudes(g: ConvGeometry, x: Float32Array, w: Float32Array): Float64Array {
    const out = new Float64Array(g.batch * g.outHeight * g.outWidth * g.outChannels);
    const abs = (a: Float32Array) => Float64Array.from(a, Math.abs);
    referenceKernels.conv2dForward(g, abs(x), abs(w), new Float64Array(g.outChannels), out);
    return out;
  }

  // F(2×2)'s transforms are exact additions: its worst error relative to Σ|x·w| measured
  // 1.4e-7 on random layers of 8 to 128 channels. F(4×4)'s coefficients (up to 5 in Bᵀ, 8 in Aᵀ,
  // sixths in G) grow the rounding: 3.0e-6 measured on those layers, 2.3e-6 on the shipped
  // model's weights. 1e-5 holds both with room for other seeds, while Aᵀ's 8 changed to 7.999
  // failed 30 of these tests.
  function expectRounding(actual: Float32Array, exact: Float32Array, scale: Float64Array) {
    let worst = 0;
    for (let i = 0; i < exact.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i]! - exact[i]!) / Math.max(scale[i]!, 1e-30));
    }
    expect(worst).toBeLessThan(1e-5);
  }

  it.each(
    geometries.map(
      (g) =>
        [
          `${g.batch}×${g.height}×${g.width}×${g.inChannels} → ${g.outChannels} p${g.padding}`,
          g,
        ] as const,
    ),
  )('forward equals the plain loops to rounding: %s', (_, g) => {
    const x = random(g.batch * g.height * g.width * g.inChannels);
    const w = random(9 * g.inChannels * g.outChannels);
    const bias = random(g.outChannels);
    const size = g.batch * g.outHeight * g.outWidth * g.outChannels;
    const exact = new Float32Array(size);
    const actual = new Float32Array(size).fill(NaN);
    referenceKernels.conv2dForward(g, x, w, bias, exact);
    kernels.conv2dForward(g, x, w, bias, actual);
    const scale = magnitudes(g, x, w);
    expectRounding(actual, exact, scale);
    expectFusedRelu(kernels, g, x, w, bias, actual);
    expect(kernels.poolsInForward(g)).toBe(true);
    for (const relu of [false, true]) {
      // The 2×2 stride-2 max pool of the very values the plain call wrote (ReLU'd): bit for bit.
      const plain = relu ? actual.map((v) => Math.max(0, v)) : actual;
      const pool = { batch: g.batch, height: g.outHeight, width: g.outWidth };
      const p = { ...pool, channels: g.outChannels, size: 2, stride: 2 };
      const pooledSize = g.batch * (g.outHeight >> 1) * (g.outWidth >> 1) * g.outChannels;
      const expected = new Float32Array(pooledSize);
      kernels.maxPoolForward(p, plain, expected, new Int32Array(pooledSize));
      const pooled = new Float32Array(pooledSize).fill(NaN);
      kernels.conv2dForward(g, x, w, bias, pooled, { relu, pool: true });
      expect(pooled).toEqual(expected);
    }
  });

  // dx is the convolution of dy with the turned weights, padded 2 − p: through Winograd where
  // the layer's input channels come in eights.
  const backward = [
    { batch: 3, height: 7, width: 9, inChannels: 8, outChannels: 16, padding: 1 },
    { batch: 2, height: 6, width: 5, inChannels: 16, outChannels: 5, padding: 0 },
    { batch: 1, height: 11, width: 4, inChannels: 24, outChannels: 3, padding: 1 },
  ].map((c) => convGeometry({ kernelHeight: 3, kernelWidth: 3, stride: 1, ...c }));

  it.each(
    backward.map(
      (g) =>
        [
          `${g.batch}×${g.height}×${g.width}×${g.inChannels} → ${g.outChannels} p${g.padding}`,
          g,
        ] as const,
    ),
  )('backward dx equals the plain loops to rounding: %s', (_, g) => {
    const x = random(g.batch * g.height * g.width * g.inChannels);
    const w = random(9 * g.inChannels * g.outChannels);
    const dy = random(g.batch * g.outHeight * g.outWidth * g.outChannels);
    const exact = convGrads(referenceKernels, g, x, w, dy);
    const actual = convGrads(kernels, g, x, w, dy);
    const abs = (a: Float32Array) => Float32Array.from(a, Math.abs);
    const scale = convGrads(referenceKernels, g, abs(x), abs(w), abs(dy));
    expectRounding(actual.dx, exact.dx, Float64Array.from(scale.dx));
    expectClose(actual.dw, exact.dw, g.batch * g.outHeight * g.outWidth);
  });

  it('takes no more memory than working-set.ts counts for the budget', () => {
    const g = convGeometry({
      ...{ batch: 4, height: 33, width: 31, inChannels: 13, outChannels: 16 },
      ...{ kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 1 },
    });
    const fresh = createWasmKernels('best', { winograd: tile })!;
    const x = random(g.batch * g.height * g.width * g.inChannels);
    const y = new Float32Array(g.batch * g.outHeight * g.outWidth * g.outChannels);
    fresh.conv2dForward(g, x, random(9 * 13 * 16), random(16), y);
    expect(fresh.memoryBytes).toBeLessThanOrEqual(conv2dForwardBytes(g));
    // The backward pass with dx through Winograd: the layer's 16 channels in, 24 out.
    const h = convGeometry({
      ...{ batch: 4, height: 33, width: 31, inChannels: 16, outChannels: 24 },
      ...{ kernelHeight: 3, kernelWidth: 3, stride: 1, padding: 0 },
    });
    const backward = createWasmKernels('best', { winograd: tile })!;
    const hx = random(h.batch * h.height * h.width * 16);
    const hdy = random(h.batch * h.outHeight * h.outWidth * 24);
    convGrads(backward, h, hx, random(9 * 16 * 24), hdy);
    expect(backward.memoryBytes).toBeLessThanOrEqual(conv2dBackwardBytes(h, true));
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

  it('takes operands in its own heap in place, even when the call grows the memory', () => {
    const own = createWasmKernels('simd')!.withOwnHeap();
    const { heap } = own;
    const [m, n, k] = [40, 64, 700];
    heap.clear(0);
    const at = [m * k, k * n, m * n].map((length) => heap.region(4 * length));
    const view = (i: number, length: number) => new Float32Array(heap.buffer, at[i], length);
    const a = view(0, m * k);
    a.set(random(m * k));
    const b = view(1, k * n);
    b.set(random(k * n));
    const c = view(2, m * n);
    const bytes = heap.buffer.byteLength;
    const expected = new Float32Array(m * n);
    kernels.gemm(m, n, k, Float32Array.from(a), Float32Array.from(b), expected);
    own.gemm(m, n, k, a, b, c);
    // The packing scratch above the regions grew the memory: the views are detached, and the
    // product sits at C's address, computed from A and B where they were.
    expect(heap.buffer.byteLength).toBeGreaterThan(bytes);
    expect(c.length).toBe(0);
    expect(view(2, m * n)).toEqual(expected);
    // Accumulating in place, without growing: C += A · B.
    const sum = { accumulate: true };
    kernels.gemm(m, n, k, view(0, m * k).slice(), view(1, k * n).slice(), expected, sum);
    own.gemm(m, n, k, view(0, m * k), view(1, k * n), view(2, m * n), sum);
    expect(view(2, m * n)).toEqual(expected);
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

  it('refuses a view its memory’s growth emptied, in every elementwise pass', () => {
    const own = createWasmKernels('simd')!.withOwnHeap();
    const { heap } = own;
    heap.clear(0);
    const stale = new Float32Array(heap.buffer, heap.region(4 * 8), 8);
    heap.clear(8 * 2 ** 20);
    expect(stale.length).toBe(0);
    const live = () => new Float32Array(8);
    const c = new Float64Array(2);
    expect(() => own.relu(stale, live())).toThrow('relu: x has 0 values; its shape needs 8');
    expect(() => own.reluBackward(live(), stale, live())).toThrow(
      'relu backward: dy has 0 values; its shape needs 8',
    );
    expect(() => own.channelAffine(stale, null, c, null, c, live())).toThrow(
      'channelAffine: u has 0 values; its shape needs 8',
    );
    expect(() => own.channelDots(live(), stale, c, c)).toThrow(
      'channelDots: x has 0 values; its shape needs 8',
    );
    // Every operand emptied: no length is left to check against, yet the pass refuses.
    const grew = 'is a view on memory that grew since it was taken';
    expect(() => own.relu(stale, stale)).toThrow(`relu: x ${grew}`);
    expect(() => own.channelMoments(stale, c, c, c)).toThrow(`channelMoments: x ${grew}`);
    // An empty batch is no error.
    own.relu(new Float32Array(0), new Float32Array(0));
  });

  it('counts Winograd’s scratch in working-set.ts as the module itself does', () => {
    const abort = () => {
      throw new Error('a WebAssembly kernel failed');
    };
    const builds = [SIMD_WASM, RELAXED_SIMD_WASM].map((base64) => {
      const module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
      return new WebAssembly.Instance(module, { env: { abort } }).exports as unknown as {
        winogradScratchBytes(...args: number[]): number;
      };
    });
    // Fewer tiles than a block and many more (its TILES), odd sides, channels not in fours.
    const shapes = [
      [8, 8, 3, 16, 1],
      [64, 64, 16, 16, 1],
      [5, 7, 8, 8, 0],
      [6, 6, 16, 8, 2],
      [15, 3, 1, 8, 1],
      [33, 17, 64, 128, 1],
      [2, 2, 5, 24, 2],
    ];
    for (const [h, w, cin, cout, pad] of shapes as [number, number, number, number, number][]) {
      for (const build of builds) {
        for (const tile of [2, 4] as const) {
          // working-set.ts adds one 16-byte alignment to each region it counts.
          expect(winogradScratchBytes(h, w, cin, cout, pad, tile)).toBe(
            build.winogradScratchBytes(h, w, cin, cout, pad, tile) + 16,
          );
        }
      }
    }
  });

  it('pools in a convolution only where Winograd computes it, and says which it takes', () => {
    const kernels = createWasmKernels()!;
    const shape = { batch: 1, height: 6, width: 6, kernelHeight: 3, kernelWidth: 3, padding: 1 };
    const g = convGeometry({ ...shape, inChannels: 8, outChannels: 8, stride: 2 });
    expect(kernels.poolsInForward(g)).toBe(false);
    const x = random(6 * 6 * 8);
    const y = new Float32Array(3 * 3 * 8);
    expect(() => kernels.conv2dForward(g, x, random(9 * 64), random(8), y, { pool: true })).toThrow(
      "conv2d: only a 3×3 stride-1 convolution to output channels in eights pools in its output sweep (Winograd's), found 3×3 stride 2 to 8",
    );
    const winograd = convGeometry({ ...shape, inChannels: 8, outChannels: 8, stride: 1 });
    expect(kernels.poolsInForward(winograd)).toBe(true);
    expect(() =>
      referenceKernels.conv2dForward(winograd, x, random(9 * 64), random(8), y, { pool: true }),
    ).toThrow('conv2d: the reference loops pool in no convolution (poolsInForward)');
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
