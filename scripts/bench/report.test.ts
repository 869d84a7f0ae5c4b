import { describe, expect, it } from 'vitest';
import { convGeometry } from '../../src-shared/kernels/types.ts';
import { smallCnn } from '../../src-shared/vision/init.ts';
import { convLayersOf, MODEL_BATCH } from './model-layers.ts';
import {
  convFlops,
  describeNumpyThreads,
  formatRate,
  formatRatio,
  formatTable,
  gemmFlops,
  gflops,
  parseNumpyResult,
} from './report.ts';

describe('FLOP counts', () => {
  it('counts a square GEMM as 2n³', () => {
    expect(gemmFlops(256)).toBe(2 * 256 * 256 * 256);
  });

  it('counts a conv as 2·batch·outH·outW·cout·kh·kw·cin', () => {
    const g = convGeometry({
      batch: 2,
      height: 5,
      width: 4,
      inChannels: 3,
      outChannels: 7,
      kernelHeight: 3,
      kernelWidth: 3,
      stride: 1,
      padding: 0,
    });
    expect(convFlops(g)).toBe(2 * 2 * 3 * 2 * 7 * 3 * 3 * 3);
    expect(gflops(2e9, 0.5)).toBe(4);
  });

  it("lists a model's conv layers with the pictures they see", () => {
    const layers = convLayersOf({
      layers: smallCnn({ size: 32, channels: 3, classes: 2, seed: 0, widths: [8, 16] }),
    });
    expect(layers.map((l) => l.label)).toEqual([
      'conv1 32×32 3→8',
      'conv2 32×32 8→8',
      'conv3 16×16 8→16',
      'conv4 16×16 16→16',
    ]);
    for (const { geometry: g } of layers) {
      expect(g.batch).toBe(MODEL_BATCH);
      expect([g.outHeight, g.outWidth]).toEqual([g.height, g.width]);
    }
    // conv2: 2·32·32·32·8·3·3·8
    expect(convFlops(layers[1]!.geometry)).toBe(2 * 32 * 32 * 32 * 8 * 9 * 8);
  });
});

describe('formatting', () => {
  it('prints rates with three significant digits and ratios as ours ÷ theirs', () => {
    expect(formatRate(205.4)).toBe('205');
    expect(formatRate(31.04)).toBe('31.0');
    expect(formatRate(1.234)).toBe('1.23');
    expect(formatRate(null)).toBe('—');
    expect(formatRatio(31, 205)).toBe('0.15×');
    expect(formatRatio(30, 1)).toBe('30.0×');
    expect(formatRatio(1.4, 200)).toBe('0.0070×');
    expect(formatRatio(31, null)).toBe('—');
    expect(formatRatio(31, 0)).toBe('—');
  });

  it('aligns text left and numbers right under a rule', () => {
    expect(
      formatTable(
        ['case', 'GFLOP/s'],
        [
          ['n = 256', '31.0'],
          ['n = 1024', '1.2*'],
        ],
      ),
    ).toEqual(['case      GFLOP/s', '────────  ───────', 'n = 256      31.0', 'n = 1024     1.2*']);
  });
});

describe('NumPy answer', () => {
  const answer = {
    numpy: '2.4.6',
    blas: 'scipy-openblas 0.3.31',
    threads: { blas: 2, cpus: 2, env: {} },
    gemm: [0.001, 0.01],
    conv: [0.02],
  };

  it('reads the last line of stdout', () => {
    const parsed = parseNumpyResult(`a warning\n${JSON.stringify(answer)}\n`);
    expect(parsed.gemm).toEqual([0.001, 0.01]);
    expect(describeNumpyThreads(parsed.threads)).toBe(
      '2 threads (no OPENBLAS/OMP_NUM_THREADS set: one per CPU, 2 CPUs)',
    );
  });

  it('names the variable that set the thread count', () => {
    expect(describeNumpyThreads({ blas: 1, cpus: 2, env: { OPENBLAS_NUM_THREADS: '1' } })).toBe(
      '1 thread (OPENBLAS_NUM_THREADS=1)',
    );
  });

  it('says what is wrong with a bad answer', () => {
    expect(() => parseNumpyResult('Traceback …')).toThrow(/printed no JSON/);
    expect(() => parseNumpyResult(JSON.stringify({ ...answer, gemm: [-1] }))).toThrow(/gemm/);
  });
});
