/** Pure helpers of the bench: FLOP counts, units, and the printed comparison table. */
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';
import type { MeasuredSide } from './measure.ts';
import { judge, type Load } from './stats.ts';

/** A square n×n by n×n matrix multiply: n² outputs, each n multiplies and n adds. */
export function gemmFlops(n: number): number {
  return 2 * n ** 3;
}

/** 2·batch·outH·outW·cout·kh·kw·cin: one multiply and one add per weight per output. */
export function convFlops(g: ConvGeometry): number {
  return (
    2 *
    g.batch *
    g.outHeight *
    g.outWidth *
    g.outChannels *
    g.kernelHeight *
    g.kernelWidth *
    g.inChannels
  );
}

export function gflops(flops: number, seconds: number): number {
  return flops / seconds / 1e9;
}

/** "12.3" (three significant digits, at least one decimal for small values), or "—" when absent. */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  if (rate >= 100) return rate.toFixed(0);
  if (rate >= 10) return rate.toFixed(1);
  return rate.toFixed(2);
}

/** ours ÷ theirs as "0.42×" (above 1× = Weightcraft faster), or "—" when either is absent. */
export function formatRatio(ours: number | null, theirs: number | null): string {
  if (ours === null || theirs === null || !(theirs > 0) || !Number.isFinite(ours)) return '—';
  const r = ours / theirs;
  return `${r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2)}×`;
}

/**
 * Columns padded to their widest cell, text left-aligned and numbers right-aligned, with a rule
 * under the header.
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const numeric = header.map(
    (_, i) => i > 0 && rows.every((row) => /^[\d.—×\s*†()→]*$/.test(row[i] ?? '')),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

/** How a row shows seconds per call: as a rate of work per second, or as a time. */
export interface Unit {
  readonly label: string;
  show(seconds: number): string;
}

/** `work` units per call shown per second: GFLOP/s (work in GFLOP), steps/s, img/s. */
export function rateUnit(label: string, work: number): Unit {
  return { label, show: (seconds) => formatRate(work / seconds) };
}

export const MILLISECONDS: Unit = {
  label: 'ms',
  show: (seconds) => formatRate(seconds * 1e3),
};

/** One row's measurements: Weightcraft and its references at one thread count. */
export interface RowResult {
  readonly label: string;
  readonly threads: number;
  readonly unit: Unit;
  readonly ours: MeasuredSide | null;
  readonly references: readonly MeasuredSide[];
  /** Sides that could not run, with why. */
  readonly failed: readonly { name: string; error: string }[];
  readonly load: Load;
}

export const COMPARISON_HEADER = [
  'case',
  'threads',
  'unit',
  'Weightcraft',
  'reference',
  'theirs',
  'WC÷ref',
  'load',
] as const;

/** "12.3 (13.1)": the median, then the best run in brackets. */
function medianAndBest(unit: Unit, side: MeasuredSide): string {
  return `${unit.show(side.summary.median)} (${unit.show(side.summary.best)})`;
}

/**
 * One line per reference: both medians (best in brackets), the ratio of medians or, when a side
 * collapsed or the machine was overloaded, the warning instead; the load before→after the row.
 * Sides that failed go to `notes`.
 */
export function comparisonRows(
  row: RowResult,
  cores: number,
): { rows: string[][]; notes: string[] } {
  const ours = row.ours ? medianAndBest(row.unit, row.ours) : '—';
  const load = `${row.load.before.toFixed(1)}→${row.load.after.toFixed(1)}`;
  const line = (reference: string, theirs: string, ratio: string) => [
    row.label,
    String(row.threads),
    row.unit.label,
    ours,
    reference,
    theirs,
    ratio,
    load,
  ];
  const rows = row.references.map((ref) => {
    if (!row.ours) return line(ref.name, medianAndBest(row.unit, ref), '—');
    const verdict = judge(
      row.ours.summary,
      ref.summary,
      { ours: 'Weightcraft', reference: ref.name },
      row.load,
      cores,
    );
    const ratio = verdict.ratio === null ? `⚠ ${verdict.warning}` : formatRatio(verdict.ratio, 1);
    return line(ref.name, medianAndBest(row.unit, ref), ratio);
  });
  const notes = row.failed.map(
    (f) => `${row.label}, ${row.threads} thread(s), ${f.name}: ${f.error}`,
  );
  if (rows.length === 0) rows.push(line('—', '—', 'no reference'));
  return { rows, notes };
}
