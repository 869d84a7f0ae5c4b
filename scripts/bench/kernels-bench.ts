/**
 * Float32 GEMM and the model's conv layers in GFLOP/s: Weightcraft's kernels next to NumPy,
 * tfjs-cpu and tfjs-wasm, all measured in this run. Returns the lines to print.
 */
import os from 'node:os';
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';
import { startConvWorkers } from './conv-workers.ts';
import { startGemmWorkers } from './gemm-workers.ts';
import { bestSeconds, type MeasureOptions } from './measure.ts';
import { MODEL_BATCH, modelConvLayers, withBatch } from './model-layers.ts';
import { runNumpy } from './numpy-runner.ts';
import {
  convFlops,
  describeNumpyThreads,
  formatRate,
  formatRatio,
  formatTable,
  gemmFlops,
  gflops,
} from './report.ts';
import {
  tfjsConvSeconds,
  closeTfjs,
  tfjsGemmSeconds,
  useTfjsBackend,
  type TfjsBackend,
} from './tfjs-runner.ts';
import { convSeconds, gemmSeconds, loadKernels } from './weightcraft-kernels.ts';

const GEMM_SIZES = [256, 512, 1024];
/** Batch for the plain-JavaScript kernels (reference, tfjs-cpu): batch 32 takes them minutes. */
const SLOW_BATCH = 2;
const WORKERS = 2;
const MEASURE: MeasureOptions = { minRepeats: 3, minSeconds: 0.8, maxSeconds: 2 };

/** One implementation's GFLOP/s per case (null: not measured). */
type Rates = (number | null)[];

function progress(what: string): void {
  process.stderr.write(`  bench: ${what}…\n`);
}

async function convRates(
  layers: readonly ConvGeometry[],
  batch: number,
  seconds: (g: ConvGeometry) => Promise<number>,
): Promise<{ rates: Rates; total: number }> {
  let flops = 0;
  let time = 0;
  const rates: Rates = [];
  for (const layer of layers) {
    const g = withBatch(layer, batch);
    const s = await seconds(g);
    rates.push(gflops(convFlops(g), s));
    flops += convFlops(g);
    time += s;
  }
  return { rates, total: gflops(flops, time) };
}

export async function benchKernels(): Promise<string[]> {
  const notes: string[] = [];
  const { kernels, fast, note } = await loadKernels();
  if (note) notes.push(`Weightcraft: ${note}.`);
  const layers = modelConvLayers(MODEL_BATCH);
  const geometries = layers.map((l) => l.geometry);
  const ourBatch = fast ? MODEL_BATCH : SLOW_BATCH;

  progress(`Weightcraft (${kernels.name})`);
  const ourGemm: Rates = [];
  for (const n of GEMM_SIZES) {
    // The reference kernels take seconds per call at 512 and up.
    const skip = !fast && n > 256;
    ourGemm.push(skip ? null : gflops(gemmFlops(n), await gemmSeconds(kernels, n, MEASURE)));
  }
  const ours = {
    gemm: ourGemm,
    conv: await convRates(geometries, ourBatch, (g) => convSeconds(kernels, g, MEASURE)),
  };

  progress('NumPy');
  const numpy = runNumpy({ gemm: GEMM_SIZES, conv: geometries });
  const numpyGemm: Rates =
    'error' in numpy
      ? GEMM_SIZES.map(() => null)
      : numpy.gemm.map((s, i) => gflops(gemmFlops(GEMM_SIZES[i]!), s));
  let numpyConv: { rates: Rates; total: number | null } = {
    rates: geometries.map(() => null),
    total: null,
  };
  if ('error' in numpy) {
    notes.push(`NumPy: not measured (${numpy.error}).`);
  } else {
    const flops = geometries.map(convFlops);
    numpyConv = {
      rates: numpy.conv.map((s, i) => gflops(flops[i]!, s)),
      total: gflops(
        flops.reduce((a, b) => a + b, 0),
        numpy.conv.reduce((a, b) => a + b, 0),
      ),
    };
    notes.push(
      `NumPy ${numpy.numpy}, ${numpy.blas}, ${describeNumpyThreads(numpy.threads)}; ` +
        'conv = np.pad, sliding_window_view im2col (copied), then one float32 @ and + bias.',
    );
  }

  const tfjs: Record<TfjsBackend, { gemm: Rates; conv: { rates: Rates; total: number } }> = {
    cpu: { gemm: [], conv: { rates: [], total: 0 } },
    wasm: { gemm: [], conv: { rates: [], total: 0 } },
  };
  for (const backend of ['cpu', 'wasm'] as const) {
    progress(`tfjs-${backend}`);
    notes.push(`${await useTfjsBackend(backend)}.`);
    for (const n of GEMM_SIZES) {
      tfjs[backend].gemm.push(gflops(gemmFlops(n), await tfjsGemmSeconds(n, MEASURE)));
    }
    const batch = backend === 'cpu' ? SLOW_BATCH : MODEL_BATCH;
    tfjs[backend].conv = await convRates(geometries, batch, (g) => tfjsConvSeconds(g, MEASURE));
  }

  closeTfjs();

  progress(`Weightcraft, ${WORKERS} workers`);
  let split: { rates: Rates; total: number | null } = {
    rates: geometries.map(() => null),
    total: null,
  };
  try {
    const workers = await startConvWorkers(WORKERS);
    try {
      split = await convRates(geometries, ourBatch, async (g) => {
        await workers.setup(g);
        return bestSeconds(() => workers.run(), MEASURE);
      });
    } finally {
      await workers.close();
    }
  } catch (error) {
    notes.push(`Weightcraft ${WORKERS} workers: not measured (${(error as Error).message}).`);
  }

  progress(`Weightcraft GEMM, ${WORKERS} workers`);
  const splitGemm: Rates = GEMM_SIZES.map(() => null);
  if (fast) {
    try {
      const workers = await startGemmWorkers(WORKERS);
      try {
        for (const [i, n] of GEMM_SIZES.entries()) {
          await workers.setup(n);
          splitGemm[i] = gflops(gemmFlops(n), await bestSeconds(() => workers.run(), MEASURE));
        }
      } finally {
        await workers.close();
      }
    } catch (error) {
      notes.push(
        `Weightcraft GEMM ${WORKERS} workers: not measured (${(error as Error).message}).`,
      );
    }
  }

  const wc = 'Weightcraft';
  const gemmTable = formatTable(
    [
      'GEMM float32, n×n·n×n',
      wc,
      `WC ${WORKERS} workers`,
      'NumPy',
      'tfjs-cpu',
      'tfjs-wasm',
      'WC÷NumPy',
      'WC÷tfjs-cpu',
      'WC÷tfjs-wasm',
      `WC ${WORKERS}w÷NumPy`,
    ],
    GEMM_SIZES.map((n, i) => {
      const at = (rates: Rates) => rates[i] ?? null;
      const [o, two, np] = [at(ours.gemm), at(splitGemm), at(numpyGemm)];
      const [cpu, wasm] = [at(tfjs.cpu.gemm), at(tfjs.wasm.gemm)];
      return [
        `n = ${n}`,
        formatRate(o),
        formatRate(two),
        formatRate(np),
        formatRate(cpu),
        formatRate(wasm),
        formatRatio(o, np),
        formatRatio(o, cpu),
        formatRatio(o, wasm),
        formatRatio(two, np),
      ];
    }),
  );

  const slowMark = (isSlow: boolean) => (isSlow ? '*' : '');
  const convRow = (label: string, gflop: string, i: number | 'total'): string[] => {
    const pick = (r: { rates: Rates; total: number | null }) =>
      i === 'total' ? r.total : (r.rates[i] ?? null);
    const [o, two, np, cpu, wasm] = [
      pick(ours.conv),
      pick(split),
      pick(numpyConv),
      pick(tfjs.cpu.conv),
      pick(tfjs.wasm.conv),
    ];
    return [
      label,
      gflop,
      formatRate(o) + slowMark(!fast),
      formatRate(two) + slowMark(!fast),
      formatRate(np),
      formatRate(cpu) + '*',
      formatRate(wasm),
      formatRatio(o, np),
      formatRatio(o, cpu),
      formatRatio(o, wasm),
      formatRatio(two, np),
    ];
  };
  const totalFlops = geometries.reduce((sum, g) => sum + convFlops(g), 0);
  const convTable = formatTable(
    [
      'conv 3×3 pad 1, NHWC',
      'GFLOP',
      wc,
      `WC ${WORKERS} workers`,
      'NumPy im2col+@',
      'tfjs-cpu',
      'tfjs-wasm',
      'WC÷NumPy',
      'WC÷tfjs-cpu',
      'WC÷tfjs-wasm',
      `WC ${WORKERS}w÷NumPy`,
    ],
    [
      ...layers.map((layer, i) =>
        convRow(layer.label, (convFlops(layer.geometry) / 1e9).toFixed(2), i),
      ),
      convRow(`all ${layers.length} layers`, (totalFlops / 1e9).toFixed(2), 'total'),
    ],
  );

  return [
    '',
    'Float32 kernels, GFLOP/s (higher is faster): best of ≥3 timed runs after a warm-up, this run.',
    `Weightcraft (WC) = its ${kernels.name} kernels, 1 thread. Ratios: WC GFLOP/s ÷ the other's (above 1× = WC faster).`,
    '',
    ...gemmTable,
    '',
    `Conv layers of the cats-vs-dogs model, forward with bias, batch ${MODEL_BATCH} (GFLOP per call at batch ${MODEL_BATCH}; 2·N·outH·outW·cout·kh·kw·cin):`,
    '',
    ...convTable,
    '',
    // Other processes on a 2-core machine take the best run down with them; say how busy it was.
    `Load average (1 min) at the end: ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} CPUs.`,
    `* measured at batch ${SLOW_BATCH} (plain JavaScript is too slow for batch ${MODEL_BATCH} here); GFLOP/s barely depends on the batch.`,
    `WC ${WORKERS} workers: GEMM split by rows of A, conv by halving the batch, over ${WORKERS} worker_threads with their own kernels; timed from post to both replies.`,
    ...notes,
  ];
}
