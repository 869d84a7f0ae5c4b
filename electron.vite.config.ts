import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.web.config.ts';

// Our sources live in src-main/ and src-renderer/, not electron-vite's default src/*.
export default defineConfig({
  main: {
    build: { rollupOptions: { input: { index: resolve('src-main/index.ts') } } },
  },
  preload: {
    // Sandboxed preloads cannot require() modules: bundle everything into one CommonJS file.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-main/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: { rollupOptions: { input: { index: resolve('src-renderer/index.html') } } },
  },
});
