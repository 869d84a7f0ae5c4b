/**
 * Float32 GEMM and the shipped model's conv layers in GFLOP/s: Weightcraft's kernels on one
 * thread against NumPy, ONNX Runtime and tfjs-wasm on one thread, and Weightcraft on two worker
 * threads against NumPy and ONNX Runtime on two threads.
 */
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';
import { forwardOn, netFor } from '../../src-shared/net/forward.ts';
import { notebookNetwork } from '../../src-shared/net/init.ts';
import { startConvWorkers } from './conv-workers.ts';
import { startGemmWorkers } from './gemm-workers.ts';
import { randomFloat32, sampler, type Side } from './measure.ts';
import { MODEL_BATCH, modelConvLayers } from './model-layers.ts';
import { onnxConv } from './onnx-conv.ts';
import { processSide, type References } from './references.ts';
import { convFlops, gemmFlops, MILLISECONDS, rateUnit, type RowResult } from './report.ts';
import { measureRow, OURS, section } from './rows.ts';
import { closeTfjs, tfjsConv, tfjsDenseForward, tfjsGemm, useTfjsBackend } from './tfjs-runner.ts';
import { convCall, gemmCall, loadKernels } from './weightcraft-kernels.ts';

const GEMM_SIZES = [256, 512, 1024];
const WORKERS = 2;

/** A side that builds its call (and its clean-up) in the warm-up round, so failures are named. */
function lazySide(
  name: string,
  make: () => Promise<{ run: () => unknown; dispose: () => unknown }>,
  cleanups: (() => unknown)[],
): Side {
  let sample: (() => Promise<number>) | null = null;
  return {
    name,
    async sample() {
      if (!sample) {
        const made = await make();
        cleanups.push(made.dispose);
        sample = sampler(made.run);
      }
      return sample();
    },
  };
}

function onnxSide(refs: References, g: ConvGeometry, threads: number, cleanups: (() => unknown)[]) {
  const ort = refs.ort;
  if ('error' in ort) return [];
  return [
    lazySide(
      'ONNX Runtime',
      async () => {
        const data = {
          x: randomFloat32(g.batch * g.height * g.width * g.inChannels),
          w: randomFloat32(g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels),
          bias: randomFloat32(g.outChannels),
        };
        const conv = await onnxConv(ort, g, threads, data);
        return { run: conv.run, dispose: conv.close };
      },
      cleanups,
    ),
  ];
}

export async function benchKernels(refs: References): Promise<string[]> {
  const { kernels, fast, note } = await loadKernels();
  if (!fast) return ['', `Float32 kernels: not measured (${note}).`];
  const notes = [`Weightcraft: its ${kernels.name} kernels; 2 threads = 2 worker_threads.`];
  const cleanups: (() => unknown)[] = [];
  const results: RowResult[] = [];
  notes.push(`${await useTfjsBackend('wasm')}.`);
  const gemmWorkers = await startGemmWorkers(WORKERS);
  const convWorkers = await startConvWorkers(WORKERS);
  try {
    for (const n of GEMM_SIZES) {
      const unit = rateUnit('GFLOP/s', gemmFlops(n) / 1e9);
      const label = `GEMM float32 ${n}³`;
      const numpy = (threads: number) =>
        processSide('NumPy', refs.numpy.get(threads), { kind: 'gemm', n, dtype: 'float32' });
      results.push(
        await measureRow(label, 1, unit, { name: OURS, sample: sampler(gemmCall(kernels, n)) }, [
          ...numpy(1),
          lazySide('tfjs-wasm', async () => tfjsGemm(n), cleanups),
        ]),
      );
      await gemmWorkers.setup(n);
      results.push(
        await measureRow(
          label,
          WORKERS,
          unit,
          { name: OURS, sample: sampler(() => gemmWorkers.run()) },
          numpy(WORKERS),
        ),
      );
    }
    // One sample through 784-128-10 in float32 on a net kept between calls, as the app's live
    // pass computes it (issue 14's aim: within 2× of tfjs-wasm).
    const sizes = [784, 128, 10];
    const dense = notebookNetwork({ seed: 0, sizes, activations: ['relu', 'softmax'] });
    const net = netFor({ ...dense, precision: 'float32' });
    const x = { shape: [1, 784], dtype: 'float32' as const, data: randomFloat32(784) };
    results.push(
      await measureRow(
        'forward 784-128-10 float32, batch 1',
        1,
        MILLISECONDS,
        { name: OURS, sample: sampler(() => forwardOn(net, x)) },
        [
          ...processSide('NumPy', refs.numpy.get(1), {
            kind: 'dense-forward',
            sizes,
            batch: 1,
            dtype: 'float32',
          }),
          lazySide('tfjs-wasm', async () => tfjsDenseForward(sizes, 1), cleanups),
        ],
      ),
    );
    for (const layer of modelConvLayers(MODEL_BATCH)) {
      const g = layer.geometry;
      const unit = rateUnit('GFLOP/s', convFlops(g) / 1e9);
      const label = `${layer.label}, batch ${g.batch}`;
      const numpy = (threads: number) =>
        processSide('NumPy im2col', refs.numpy.get(threads), { kind: 'conv-im2col', geometry: g });
      results.push(
        await measureRow(label, 1, unit, { name: OURS, sample: sampler(convCall(kernels, g)) }, [
          ...onnxSide(refs, g, 1, cleanups),
          ...numpy(1),
          lazySide('tfjs-wasm', async () => tfjsConv(g), cleanups),
        ]),
      );
      await convWorkers.setup(g);
      results.push(
        await measureRow(
          label,
          WORKERS,
          unit,
          { name: OURS, sample: sampler(() => convWorkers.run()) },
          [...onnxSide(refs, g, WORKERS, cleanups), ...numpy(WORKERS)],
        ),
      );
    }
  } finally {
    for (const cleanup of cleanups) await cleanup();
    closeTfjs();
    await gemmWorkers.close();
    await convWorkers.close();
  }
  notes.push(
    'conv: 3×3 pad 1 with bias; Weightcraft and tfjs-wasm in NHWC, ONNX Runtime in its native NCHW;',
    "NumPy im2col = np.pad, a copied sliding_window_view, one float32 @ and + bias (no conv library's).",
  );
  return section(
    'Float32 kernels (GFLOP/s, higher is faster): the GEMM kernel, and the conv layers of the shipped cats-vs-dogs model',
    results,
    notes,
  );
}
