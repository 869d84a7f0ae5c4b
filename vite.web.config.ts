import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type UserConfig } from 'vite';

/** What the desktop renderer and the web build share. */
export const rendererConfig = {
  root: 'src-renderer',
  plugins: [svelte()],
  worker: { format: 'es' },
} satisfies UserConfig;

// The web build: the same renderer, served as static files (npm run web).
export default defineConfig({
  ...rendererConfig,
  base: './',
  build: { outDir: '../out/web', emptyOutDir: true },
  preview: { host: '127.0.0.1', port: 4173 },
});
