/**
 * The packaged renderer, served from app://weightcraft/ instead of file://. A file: page could
 * read any local file and shares its origin with every other local page; app://weightcraft is
 * one origin of its own, and each request's path is checked to stay inside the renderer folder.
 * Every response carries the app's security headers (the CSP reaches workers only that way).
 */
import { promises as fs } from 'node:fs';
import { extname, isAbsolute, join, relative, sep } from 'node:path';
import { APP_HOST, APP_SCHEME, SECURITY_HEADERS } from './security.ts';

/** The types the renderer bundle holds; anything else is served as bytes. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export type AppRequest = { path: string } | { status: 400 | 403 | 404; reason: string };

/** The file under `rendererDir` that an app:// URL names, or why there is none. */
export function resolveAppRequest(url: string, rendererDir: string): AppRequest {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { status: 400, reason: `not a URL: ${url}` };
  }
  if (target.protocol !== `${APP_SCHEME}:` || target.host !== APP_HOST) {
    return { status: 403, reason: `${url}: not the app's own origin` };
  }
  let path: string;
  try {
    path = decodeURIComponent(target.pathname);
  } catch {
    return { status: 400, reason: `${url}: malformed escape in the path` };
  }
  if (path.includes('\0')) return { status: 400, reason: `${url}: a NUL in the path` };
  const file = join(rendererDir, path === '/' ? 'index.html' : path);
  // After normalising (%2e%2e, backslashes on Windows), the file must still be inside the folder.
  const inside = relative(rendererDir, file);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return { status: 403, reason: `${url}: outside the app's files` };
  }
  return { path: file };
}

export interface ServeOptions {
  rendererDir: string;
  /** Reads a file (fs by default; tests count reads). */
  readFile?: (path: string) => Promise<Uint8Array<ArrayBuffer>>;
  log?: (message: string) => void;
}

function refuse(status: number, reason: string): Response {
  return new Response(reason, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** The handler for `protocol.handle('app', …)`: a file of the renderer, or a refusal. */
export async function serveAppRequest(request: Request, options: ServeOptions): Promise<Response> {
  const { rendererDir, readFile = (path) => fs.readFile(path), log = console.warn } = options;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return refuse(405, `${request.method}: the app's files are read-only`);
  }
  const resolved = resolveAppRequest(request.url, rendererDir);
  if ('status' in resolved) {
    log(`Weightcraft: refused ${resolved.reason}`);
    return refuse(resolved.status, resolved.reason);
  }
  let body: Uint8Array<ArrayBuffer>;
  try {
    body = await readFile(resolved.path);
  } catch {
    return refuse(404, `${request.url}: no such file`);
  }
  const type = CONTENT_TYPES[extname(resolved.path).toLowerCase()] ?? 'application/octet-stream';
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'Content-Type': type },
  });
}

/** How the scheme is registered before the app is ready: a standard, secure origin. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;
