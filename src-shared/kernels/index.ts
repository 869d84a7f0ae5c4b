/** The kernels to compute with: the fastest this host runs, made once per thread. */
import { referenceKernels } from './reference.ts';
import type { Kernels } from './types.ts';
import { createWasmKernels } from './wasm.ts';

export type { ConvGeometry, GemmOptions, Kernels } from './types.ts';
export { convGeometry } from './types.ts';
export { referenceKernels };

let fast: Kernels | undefined;

export function fastKernels(): Kernels {
  fast ??= createWasmKernels() ?? referenceKernels;
  return fast;
}
