/** Measures one row (Weightcraft against its references, interleaved) and prints a section. */
import os from 'node:os';
import { interleave, type Side } from './measure.ts';
import {
  COMPARISON_HEADER,
  comparisonRows,
  formatTable,
  type RowResult,
  type Unit,
} from './report.ts';

export const OURS = 'Weightcraft';

export async function measureRow(
  label: string,
  threads: number,
  unit: Unit,
  ours: Side,
  references: readonly Side[],
): Promise<RowResult> {
  process.stderr.write(`  bench: ${label}, ${threads} thread(s)…\n`);
  const { measured, failed, load } = await interleave([ours, ...references]);
  return {
    label,
    threads,
    unit,
    ours: measured.find((m) => m.name === ours.name) ?? null,
    references: measured.filter((m) => m.name !== ours.name),
    failed,
    load,
  };
}

/** A titled table of rows, then its notes (sides that failed, and why). */
export function section(
  title: string,
  results: readonly RowResult[],
  notes: string[] = [],
): string[] {
  const cores = os.availableParallelism();
  const printed = results.map((r) => comparisonRows(r, cores));
  return [
    '',
    title,
    '',
    ...formatTable(
      COMPARISON_HEADER,
      printed.flatMap((p) => p.rows),
    ),
    ...[...notes, ...printed.flatMap((p) => p.notes)].map((n) => `  ${n}`),
  ];
}
