import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Connect, type Plugin, type UserConfig } from 'vite';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './src-main/csp.ts';

/**
 * The desktop's security headers on every response of the dev and preview servers (pages,
 * scripts, workers, models), so the web build and its end-to-end tests run under exactly the
 * policy the desktop app sends; and the same policy as a <meta> in index.html for hosts that
 * send no headers (a <meta> does not reach workers, hence the headers).
 */
export function securityHeaders(): Plugin {
  const send: Connect.NextHandleFunction = (_request, response, next) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    next();
  };
  return {
    name: 'weightcraft-security-headers',
    configureServer: (server) => void server.middlewares.use(send),
    configurePreviewServer: (server) => void server.middlewares.use(send),
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** What the desktop renderer and the web build share. */
export const rendererConfig = {
  root: 'src-renderer',
  plugins: [
    // The renderer's root is src-renderer/, so name the project's Svelte config explicitly.
    svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }),
    securityHeaders(),
  ],
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
