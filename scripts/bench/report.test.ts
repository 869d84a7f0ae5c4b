import { describe, expect, it } from 'vitest';
import { convGeometry } from '../../src-shared/kernels/types.ts';
import { smallCnn } from '../../src-shared/vision/init.ts';
import { convLayersOf, MODEL_BATCH } from './model-layers.ts';
import {
  COMPARISON_HEADER,
  comparisonRows,
  convFlops,
  formatRate,
  formatRatio,
  formatTable,
  gemmFlops,
  gflops,
  MILLISECONDS,
  rateUnit,
} from './report.ts';
import { summarize } from './stats.ts';

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

describe('the comparison table', () => {
  const steady = (base: number) => ({
    summary: summarize([base, base * 1.02, base * 1.01, base, base * 1.03, base * 1.01]),
  });
  const row = {
    label: 'GEMM 256³',
    threads: 1,
    unit: rateUnit('GFLOP/s', (2 * 256 ** 3) / 1e9),
    ours: { name: 'Weightcraft', ...steady(0.001) },
    references: [
      { name: 'NumPy', ...steady(0.0005) },
      { name: 'tfjs-wasm', summary: summarize([0.001, 0.001, 0.003, 0.001, 0.001, 0.001]) },
    ],
    failed: [{ name: 'ONNX Runtime', error: 'not installed' }],
    load: { before: 0.84, after: 1.26 },
  };

  it('prints medians with the best in brackets, a ratio or a warning, and the load', () => {
    const { rows, notes } = comparisonRows(row, 2);
    expect(rows).toEqual([
      ['GEMM 256³', '1', 'GFLOP/s', '33.2 (33.6)', 'NumPy', '66.4 (67.1)', '0.50×', '0.8→1.3'],
      [
        'GEMM 256³',
        '1',
        'GFLOP/s',
        '33.2 (33.6)',
        'tfjs-wasm',
        '33.6 (33.6)',
        "⚠ tfjs-wasm's runs spread 3.0×",
        '0.8→1.3',
      ],
    ]);
    expect(notes).toEqual(['GEMM 256³, 1 thread(s), ONNX Runtime: not installed']);
    const table = formatTable(COMPARISON_HEADER, rows);
    expect(table[0]).toMatch(/^case\s+threads\s+unit\s+Weightcraft\s+reference/);
    expect(table).toHaveLength(4);
  });

  it('shows times in milliseconds and says when no reference ran', () => {
    const { rows } = comparisonRows({ ...row, unit: MILLISECONDS, references: [], failed: [] }, 2);
    expect(rows).toEqual([
      ['GEMM 256³', '1', 'ms', '1.01 (1.00)', '—', '—', 'no reference', '0.8→1.3'],
    ]);
  });
});
