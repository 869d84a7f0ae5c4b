import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../../src-shared/kernels/reference.ts';
import { convGeometry } from '../../src-shared/kernels/types.ts';
import { randomFloat32 } from './measure.ts';
import { loadOrt, onnxConv } from './onnx-conv.ts';

describe('the ONNX Runtime conv reference', () => {
  it("computes Weightcraft's reference conv (NHWC there, NCHW here)", async () => {
    const ort = await loadOrt();
    if ('error' in ort) throw new Error(ort.error);
    const g = convGeometry({
      ...{ batch: 2, height: 5, width: 6, inChannels: 3, outChannels: 4 },
      ...{ kernelHeight: 3, kernelWidth: 3, stride: 2, padding: 1 },
    });
    const x = randomFloat32(g.batch * g.height * g.width * g.inChannels);
    const w = randomFloat32(9 * g.inChannels * g.outChannels);
    const bias = randomFloat32(g.outChannels);
    const expected = new Float32Array(g.batch * g.outHeight * g.outWidth * g.outChannels);
    referenceKernels.conv2dForward(g, x, w, bias, expected);

    // NHWC → NCHW input; (kh, kw, cin, cout) → (cout, cin, kh, kw) weights.
    const xNchw = new Float32Array(x.length);
    for (let n = 0; n < g.batch; n++)
      for (let h = 0; h < g.height; h++)
        for (let v = 0; v < g.width; v++)
          for (let c = 0; c < g.inChannels; c++)
            xNchw[((n * g.inChannels + c) * g.height + h) * g.width + v] =
              x[((n * g.height + h) * g.width + v) * g.inChannels + c]!;
    const wOnnx = new Float32Array(w.length);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        for (let c = 0; c < g.inChannels; c++)
          for (let o = 0; o < g.outChannels; o++)
            wOnnx[((o * g.inChannels + c) * 3 + i) * 3 + j] =
              w[((i * 3 + j) * g.inChannels + c) * g.outChannels + o]!;

    const conv = await onnxConv(ort, g, 1, { x: xNchw, w: wOnnx, bias });
    try {
      const y = await conv.run();
      expect(y.length).toBe(expected.length);
      for (let n = 0; n < g.batch; n++)
        for (let o = 0; o < g.outChannels; o++)
          for (let h = 0; h < g.outHeight; h++)
            for (let v = 0; v < g.outWidth; v++) {
              const ours = expected[((n * g.outHeight + h) * g.outWidth + v) * g.outChannels + o]!;
              const theirs = y[((n * g.outChannels + o) * g.outHeight + h) * g.outWidth + v]!;
              expect(theirs).toBeCloseTo(ours, 4);
            }
    } finally {
      await conv.close();
    }
  });
});
