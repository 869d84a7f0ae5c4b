/**
 * Weightcraft's kernels under test: `fastKernels()` from src-shared/kernels/index.ts when that
 * module exists and exports it, else the plain-loop reference kernels (with the reason why).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { referenceKernels } from '../../src-shared/kernels/reference.ts';
import type { ConvGeometry, Kernels } from '../../src-shared/kernels/types.ts';
import { randomFloat32 } from './measure.ts';

const FAST_MODULE = new URL('../../src-shared/kernels/index.ts', import.meta.url);

export interface LoadedKernels {
  readonly kernels: Kernels;
  /** False for the reference kernels: the bench then runs only small sizes. */
  readonly fast: boolean;
  /** Why the reference kernels are used, when they are. */
  readonly note: string | null;
}

export async function loadKernels(): Promise<LoadedKernels> {
  // To compare against the definition: WEIGHTCRAFT_BENCH_KERNELS=reference npm run bench
  if (process.env['WEIGHTCRAFT_BENCH_KERNELS'] === 'reference') {
    return {
      kernels: referenceKernels,
      fast: false,
      note: 'WEIGHTCRAFT_BENCH_KERNELS=reference: measuring the reference kernels',
    };
  }
  if (!existsSync(fileURLToPath(FAST_MODULE))) {
    return {
      kernels: referenceKernels,
      fast: false,
      note: 'src-shared/kernels/index.ts does not exist yet: measuring the reference kernels',
    };
  }
  try {
    // A computed specifier, so this file type-checks before index.ts exists.
    const module = (await import(FAST_MODULE.href)) as { fastKernels?: () => unknown };
    if (typeof module.fastKernels !== 'function') {
      throw new Error('src-shared/kernels/index.ts exports no fastKernels()');
    }
    // Awaited in case loading the WebAssembly module makes it asynchronous.
    const kernels = (await module.fastKernels()) as Kernels;
    return { kernels, fast: true, note: null };
  } catch (error) {
    return {
      kernels: referenceKernels,
      fast: false,
      note: `fastKernels() failed (${(error as Error).message}): measuring the reference kernels`,
    };
  }
}

/** One n×n·n×n GEMM on operands made once, for timing. */
export function gemmCall(kernels: Kernels, n: number): () => void {
  const a = randomFloat32(n * n);
  const b = randomFloat32(n * n);
  const c = new Float32Array(n * n);
  return () => kernels.gemm(n, n, n, a, b, c);
}

/** Input, weights, bias and output buffers for one conv layer. */
export function convBuffers(g: ConvGeometry) {
  return {
    x: randomFloat32(g.batch * g.height * g.width * g.inChannels),
    w: randomFloat32(g.kernelHeight * g.kernelWidth * g.inChannels * g.outChannels),
    bias: randomFloat32(g.outChannels),
    y: new Float32Array(g.batch * g.outHeight * g.outWidth * g.outChannels),
  };
}

/** One forward conv with bias on buffers made once, for timing. */
export function convCall(kernels: Kernels, g: ConvGeometry): () => void {
  const { x, w, bias, y } = convBuffers(g);
  return () => kernels.conv2dForward(g, x, w, bias, y);
}
