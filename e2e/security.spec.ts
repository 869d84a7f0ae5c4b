/**
 * The web build runs under the desktop app's own security headers: the preview server sends
 * them with every response, the engine's worker script included, where a <meta> policy would not
 * reach. The fixture fails any test on a policy violation; here the headers themselves.
 */
import type { Response } from '@playwright/test';
import { SECURITY_HEADERS } from '../src-main/csp.ts';
import { expect, test } from './fixtures.ts';
import { canvasTexts } from './helpers.ts';

test("every response carries the desktop app's security headers, workers included", async ({
  page,
  context,
}) => {
  const responses: Response[] = [];
  context.on('response', (response) => responses.push(response));
  await page.goto('/');
  await expect.poll(() => canvasTexts(page)).toContain('4.8'); // the engine worker answered
  const workers = page.workers().map((worker) => worker.url());
  expect(
    workers.some((url) => /engine\.worker/.test(url)),
    workers.join(', '),
  ).toBe(true);

  const urls = responses.map((response) => response.url());
  for (const worker of workers) expect(urls, `the worker ${worker} was fetched`).toContain(worker);
  const expected = Object.fromEntries(
    Object.entries(SECURITY_HEADERS).map(([name, value]) => [name.toLowerCase(), value]),
  );
  for (const response of responses) {
    const headers = await response.allHeaders();
    const sent = Object.fromEntries(Object.keys(expected).map((name) => [name, headers[name]]));
    expect(sent, response.url()).toEqual(expected);
  }
});
