/** Pure helpers of the kernel bench: FLOP counts, NumPy's answer, and the printed table. */
import { z } from 'zod';
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';

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
    (_, i) => i > 0 && rows.every((row) => /^[\d.—×\s*†]*$/.test(row[i] ?? '')),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

const numpyResultSchema = z.object({
  numpy: z.string(),
  blas: z.string(),
  threads: z.object({
    blas: z.number().int().nullable(),
    cpus: z.number().int().nullable(),
    env: z.record(z.string(), z.string()),
  }),
  gemm: z.array(z.number().positive()),
  conv: z.array(z.number().positive()),
});

export type NumpyResult = z.infer<typeof numpyResultSchema>;

/** The last line of numpy_kernels.py's stdout, checked; throws naming what is wrong. */
export function parseNumpyResult(stdout: string): NumpyResult {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    throw new Error(`numpy_kernels.py printed no JSON: ${JSON.stringify(last.slice(0, 200))}`);
  }
  const parsed = numpyResultSchema.safeParse(json);
  if (!parsed.success) throw new Error(`numpy_kernels.py's answer: ${parsed.error.message}`);
  return parsed.data;
}

/** "2 threads (OpenBLAS default: one per CPU)" or with the env variable that set it. */
export function describeNumpyThreads(threads: NumpyResult['threads']): string {
  const count =
    threads.blas === null
      ? 'unknown threads'
      : `${threads.blas} thread${threads.blas === 1 ? '' : 's'}`;
  const env = Object.entries(threads.env).map(([k, v]) => `${k}=${v}`);
  const why =
    env.length > 0
      ? env.join(', ')
      : `no OPENBLAS/OMP_NUM_THREADS set: one per CPU, ${threads.cpus ?? '?'} CPUs`;
  return `${count} (${why})`;
}
