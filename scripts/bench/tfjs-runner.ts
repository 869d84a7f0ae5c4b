/**
 * TensorFlow.js's cpu backend (plain JavaScript) and wasm backend (XNNPACK with SIMD), as
 * baselines. The wasm files load from node_modules by file path, so this works offline.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';
import { bestSeconds, type MeasureOptions } from './measure.ts';

export type TfjsBackend = 'cpu' | 'wasm';

let wasmPathsSet = false;

/** Switches tfjs to `backend`; returns a note on how it runs (SIMD, threads). */
export async function useTfjsBackend(backend: TfjsBackend): Promise<string> {
  // Production mode skips tfjs's per-op debug checks and its "install tfjs-node" banner.
  tf.enableProdMode();
  if (backend === 'wasm' && !wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');
    setWasmPaths(path.dirname(wasm) + path.sep);
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to start`);
  await tf.ready();
  if (backend === 'cpu') return 'tfjs-cpu: plain JavaScript, 1 thread';
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return (
    `tfjs-wasm: XNNPACK, SIMD ${simd ? 'on' : 'OFF'}, ` +
    `${threads ? 'multi-threaded' : '1 thread (its threaded build needs browser workers; not in Node)'}`
  );
}

/** Best seconds of tf.matMul on n×n float32 matrices on the current backend. */
export async function tfjsGemmSeconds(n: number, options?: MeasureOptions): Promise<number> {
  const a = tf.randomUniform([n, n], -1, 1, 'float32');
  const b = tf.randomUniform([n, n], -1, 1, 'float32');
  try {
    return await bestSeconds(() => {
      const c = tf.matMul(a, b);
      c.dataSync(); // forces the work and reads it out, as a caller would
      c.dispose();
    }, options);
  } finally {
    a.dispose();
    b.dispose();
  }
}

/** Best seconds of tf.fused.conv2d (NHWC, with bias) for `g` on the current backend. */
export async function tfjsConvSeconds(g: ConvGeometry, options?: MeasureOptions): Promise<number> {
  const x = tf.randomUniform<tf.Rank.R4>(
    [g.batch, g.height, g.width, g.inChannels],
    -1,
    1,
    'float32',
  );
  const w = tf.randomUniform<tf.Rank.R4>(
    [g.kernelHeight, g.kernelWidth, g.inChannels, g.outChannels],
    -1,
    1,
    'float32',
  );
  const bias = tf.randomUniform([g.outChannels], -1, 1, 'float32');
  // tf.conv2d takes 'same'/'valid' or explicit NHWC padding pairs.
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [g.padding, g.padding],
    [g.padding, g.padding],
    [0, 0],
  ];
  try {
    return await bestSeconds(() => {
      // The fused op adds the bias inside the conv, as Weightcraft's conv2dForward does.
      const y = tf.fused.conv2d({ x, filter: w, bias, strides: g.stride, pad, dataFormat: 'NHWC' });
      y.dataSync();
      y.dispose();
    }, options);
  } finally {
    x.dispose();
    w.dispose();
    bias.dispose();
  }
}

/**
 * Drops the wasm backend: its Emscripten runtime installs process-wide uncaughtException and
 * unhandledRejection handlers that rethrow (printing its whole minified source); disposing it
 * removes them.
 */
export function closeTfjs(): void {
  if (tf.findBackend('wasm')) tf.removeBackend('wasm');
}
