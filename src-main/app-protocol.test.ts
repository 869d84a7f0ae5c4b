import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAppRequest, serveAppRequest } from './app-protocol.ts';
import { SECURITY_HEADERS } from './csp.ts';

let root: string;
let renderer: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'weightcraft-protocol-'));
  renderer = join(root, 'renderer');
  await mkdir(join(renderer, 'assets'), { recursive: true });
  await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Weightcraft</title>');
  await writeFile(join(renderer, 'assets', 'engine.worker-1.js'), 'self.onmessage = () => {};');
  await writeFile(join(renderer, 'assets', 'kernels.wasm'), new Uint8Array([0, 97, 115, 109]));
  await writeFile(join(root, 'secret.txt'), 'outside the renderer');
});

afterAll(() => rm(root, { recursive: true, force: true }));

const status = (url: string) => {
  const resolved = resolveAppRequest(url, renderer);
  return 'status' in resolved ? resolved.status : resolved.path;
};

describe('app:// paths', () => {
  it('name files inside the renderer folder; / is index.html', () => {
    expect(status('app://weightcraft/')).toBe(join(renderer, 'index.html'));
    expect(status('app://weightcraft/assets/engine.worker-1.js?worker')).toBe(
      join(renderer, 'assets', 'engine.worker-1.js'),
    );
    expect(status('app://weightcraft/a%20b.js')).toBe(join(renderer, 'a b.js'));
  });

  it('never leave the renderer folder, however the path is spelled', () => {
    expect(status('app://weightcraft/..%2fsecret.txt')).toBe(403);
    expect(status('app://weightcraft/assets/..%2f..%2fsecret.txt')).toBe(403);
    expect(status('app://weightcraft/%2e%2e%2fsecret.txt')).toBe(403);
    // Dot segments the URL parser resolves itself stay at the root.
    expect(status('app://weightcraft/../secret.txt')).toBe(join(renderer, 'secret.txt'));
  });

  it('refuse other origins, malformed escapes and NUL bytes', () => {
    expect(status('app://elsewhere/index.html')).toBe(403);
    expect(status('file:///etc/passwd')).toBe(403);
    expect(status('app://weightcraft/%E0%A4%A')).toBe(400);
    expect(status('app://weightcraft/index.html%00.js')).toBe(400);
    expect(status('not a url')).toBe(400);
  });
});

describe('app:// responses', () => {
  const serve = (url: string, init?: RequestInit) =>
    serveAppRequest(new Request(url, init), { rendererDir: renderer, log: () => {} });

  it("carry the file with its type and the app's security headers", async () => {
    const page = await serve('app://weightcraft/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>Weightcraft</title>');
    const worker = await serve('app://weightcraft/assets/engine.worker-1.js');
    expect(worker.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    const wasm = await serve('app://weightcraft/assets/kernels.wasm');
    expect(wasm.headers.get('Content-Type')).toBe('application/wasm');
    for (const response of [page, worker, wasm]) {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
        expect(response.headers.get(name), name).toBe(value);
      }
    }
  });

  it('refuse escapes, missing files and writes, with the headers still on', async () => {
    const escape = await serve('app://weightcraft/..%2fsecret.txt');
    expect(escape.status).toBe(403);
    expect(await escape.text()).not.toContain('outside the renderer');
    expect((await serve('app://weightcraft/missing.js')).status).toBe(404);
    expect((await serve('app://weightcraft/assets')).status).toBe(404); // a folder
    const post = await serve('app://weightcraft/index.html', { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('Content-Security-Policy')).toBe(
      SECURITY_HEADERS['Content-Security-Policy'],
    );
  });
});
