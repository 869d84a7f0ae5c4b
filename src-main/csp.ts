/**
 * The app's one Content-Security-Policy and the headers that carry it. The desktop shell sends
 * them with every app:// response; the web build's servers (preview, dev, the e2e tests) send the
 * same, and its index.html carries the policy as a <meta> for static hosts that send no headers.
 * Only a header reaches the workers, where the kernels compile WebAssembly.
 *
 * Plain data without imports: vite.web.config.ts reads it too.
 */

/** Each directive's sources. The one relaxation is 'wasm-unsafe-eval', for the SIMD kernels. */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  // WebAssembly.Module() counts as eval: 'wasm-unsafe-eval' allows it and no other eval.
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // Styles only: Svelte writes style="" attributes and Vite's dev server injects <style>.
  'style-src': ["'self'", "'unsafe-inline'"],
  // Decoded photos and feature maps are shown through blob: and data: URLs.
  'img-src': ["'self'", 'data:', 'blob:'],
  'worker-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

/** The headers on every response of the app, desktop and web alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
