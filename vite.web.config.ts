import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig, type UserConfig } from 'vite';

/** What the desktop renderer and the web build share. */
export const rendererConfig = {
  root: 'src-renderer',
  // The renderer's root is src-renderer/, so name the project's Svelte config explicitly.
  plugins: [svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) })],
  worker: { format: 'es' },
} satisfies UserConfig;

// The web build: the same renderer, served as static files (npm run web).
export default defineConfig({
  ...rendererConfig,
  base: './',
  // The shipped cats-vs-dogs model is a 2 MB chunk of its own, loaded only when it is opened.
  build: { outDir: '../out/web', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  preview: { host: '127.0.0.1', port: 4173 },
});
