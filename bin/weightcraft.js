#!/usr/bin/env node
// Runs the TypeScript CLI straight from the sources (tsx), so a clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src-cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
