#!/usr/bin/env node
// The CLI, run as JavaScript from out/cli (built from the sources on first use and whenever they
// change, in about a second), so it starts without compiling TypeScript each time.
import { setFlagsFromString } from 'node:v8';
import { builtCli } from '../scripts/build-cli.js';

// Fused multiply-add in the WebAssembly kernels (on by default in Chromium and Electron).
setFlagsFromString('--experimental-wasm-relaxed-simd');
const { run } = await import(await builtCli());
process.exitCode = await run(process.argv.slice(2));
