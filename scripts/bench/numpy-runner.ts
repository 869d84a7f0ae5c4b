/** Runs numpy_kernels.py in a child process: NumPy's float32 GEMM and im2col conv timings. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';
import { parseNumpyResult, type NumpyResult } from './report.ts';

const SCRIPT = fileURLToPath(new URL('./numpy_kernels.py', import.meta.url));

/** NumPy's timings, or the reason there are none (no python3, no numpy…). */
export function runNumpy(request: {
  gemm: readonly number[];
  conv: readonly ConvGeometry[];
}): NumpyResult | { error: string } {
  const child = spawnSync('python3', [SCRIPT], {
    input: JSON.stringify({ ...request, minSeconds: 0.8, minRepeats: 3 }),
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (child.error) return { error: child.error.message };
  if (child.status !== 0) return { error: child.stderr.trim().split('\n').at(-1) ?? 'failed' };
  try {
    return parseNumpyResult(child.stdout);
  } catch (error) {
    return { error: (error as Error).message };
  }
}
