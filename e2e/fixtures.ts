/**
 * Every end-to-end test runs with this `test`: it fails the test on any console error, any
 * uncaught exception and any Content-Security-Policy violation, in every page of the test and
 * in their workers (the kernels compile WebAssembly there, under the headers the server sends).
 */
import {
  test as base,
  expect,
  type ConsoleMessage,
  type Page,
  type Worker,
} from '@playwright/test';

export { expect };
export type { Page };

/** Where a console message came from, for the failure message: `engine.worker-ab12.js:3`. */
function origin(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location();
  return url ? ` (${url.split('/').pop()}:${lineNumber + 1})` : '';
}

/** Runs in the page and in each worker: a violation is an event there; say it on the console. */
function reportViolations(): void {
  self.addEventListener('securitypolicyviolation', (event) => {
    const blocked = event.blockedURI || 'inline code';
    console.error(`securitypolicyviolation: ${event.effectiveDirective} blocked ${blocked}`);
  });
}

export const test = base.extend<{ problems: string[] }>({
  problems: [
    async ({ context }, use) => {
      const problems: string[] = [];
      const onConsole = (where: string) => (message: ConsoleMessage) => {
        if (message.type() === 'error') {
          problems.push(`${where} console error: ${message.text()}${origin(message)}`);
        }
      };
      // Workers get no init script: each is hooked as it starts. Ours compile WebAssembly on
      // their first picture, well after they start, so the hook is in place by then.
      const watchWorkers = (page: Page) =>
        page.on('worker', (worker: Worker) => {
          worker.on('console', onConsole(`worker ${worker.url().split('/').pop()}`));
          void worker.evaluate(reportViolations).catch(() => undefined); // already gone
        });
      await context.addInitScript(reportViolations);
      context.on('page', watchWorkers);
      for (const page of context.pages()) watchWorkers(page);
      context.on('console', (message) => {
        if (!message.worker()) onConsole('page')(message);
      });
      context.on('weberror', (error) => problems.push(`uncaught: ${error.error().message}`));
      await use(problems);
      expect(problems, 'console errors, uncaught exceptions and CSP violations').toEqual([]);
    },
    { auto: true },
  ],
});
