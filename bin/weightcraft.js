#!/usr/bin/env node
// Runs the TypeScript CLI straight from the sources (tsx), so a clone needs no build step.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// Fused multiply-add in the WebAssembly kernels (on by default in Chromium and Electron).
setFlagsFromString('--experimental-wasm-relaxed-simd');
register();
const { run } = await import('../src-cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
