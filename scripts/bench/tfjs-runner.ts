/**
 * TensorFlow.js's wasm backend (XNNPACK with SIMD, one thread in Node) as a 1-thread baseline.
 * The wasm files load from node_modules by file path, so this works offline.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { ConvGeometry } from '../../src-shared/kernels/types.ts';

export type TfjsBackend = 'wasm';

let wasmPathsSet = false;

/** Switches tfjs to `backend`; returns a note on how it runs (SIMD, threads). */
export async function useTfjsBackend(backend: TfjsBackend): Promise<string> {
  // Production mode skips tfjs's per-op debug checks and its "install tfjs-node" banner.
  tf.enableProdMode();
  if (!wasmPathsSet) {
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');
    setWasmPaths(path.dirname(wasm) + path.sep);
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to start`);
  await tf.ready();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return (
    `tfjs-wasm: XNNPACK, SIMD ${simd ? 'on' : 'OFF'}, ` +
    `${threads ? 'multi-threaded' : '1 thread (its threaded build needs browser workers; not in Node)'}`
  );
}

/** One tf.matMul of n×n float32 matrices on the current backend, read out as a caller would. */
export function tfjsGemm(n: number): { run: () => void; dispose: () => void } {
  const a = tf.randomUniform([n, n], -1, 1, 'float32');
  const b = tf.randomUniform([n, n], -1, 1, 'float32');
  return {
    run: () => {
      const c = tf.matMul(a, b);
      c.dataSync(); // forces the work and reads it out
      c.dispose();
    },
    dispose: () => tf.dispose([a, b]),
  };
}

/** A dense network's forward pass (ReLU between layers, softmax last) on `batch` float32 rows. */
export function tfjsDenseForward(
  sizes: readonly number[],
  batch: number,
): { run: () => void; dispose: () => void } {
  const x = tf.randomUniform<tf.Rank.R2>([batch, sizes[0]!], -1, 1, 'float32');
  const layers = sizes.slice(1).map((units, i) => ({
    w: tf.randomUniform<tf.Rank.R2>([sizes[i]!, units], -1, 1, 'float32'),
    b: tf.zeros<tf.Rank.R1>([units], 'float32'),
  }));
  return {
    run: () => {
      const y = tf.tidy(() => {
        let h = x;
        layers.forEach(({ w, b }, i) => {
          const last = i === layers.length - 1;
          h = tf.fused.matMul({
            a: h,
            b: w,
            bias: b,
            activation: last ? 'linear' : 'relu',
          }) as tf.Tensor2D;
        });
        return tf.softmax(h);
      });
      y.dataSync();
      y.dispose();
    },
    dispose: () => tf.dispose([x, ...layers.flatMap(({ w, b }) => [w, b])]),
  };
}

/** One tf.fused.conv2d (NHWC, with bias, as Weightcraft's conv2dForward) for `g`. */
export function tfjsConv(g: ConvGeometry): { run: () => void; dispose: () => void } {
  const x = tf.randomUniform<tf.Rank.R4>(
    [g.batch, g.height, g.width, g.inChannels],
    -1,
    1,
    'float32',
  );
  const filter = tf.randomUniform<tf.Rank.R4>(
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
  return {
    run: () => {
      const y = tf.fused.conv2d({ x, filter, bias, strides: g.stride, pad, dataFormat: 'NHWC' });
      y.dataSync();
      y.dispose();
    },
    dispose: () => tf.dispose([x, filter, bias]),
  };
}

/**
 * Drops the wasm backend: its Emscripten runtime installs process-wide uncaughtException and
 * unhandledRejection handlers that rethrow (printing its whole minified source); disposing it
 * removes them.
 */
export function closeTfjs(): void {
  if (tf.findBackend('wasm')) tf.removeBackend('wasm');
}
