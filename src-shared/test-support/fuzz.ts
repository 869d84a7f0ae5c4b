/**
 * Test support (tests and `npm run fuzz` only): what the fuzz suites share. Their properties
 * throw plain Errors, so the same checks run under Vitest and in the long mode's child processes.
 */

/** fast-check's seed in CI, printed in the tests' names so a failure reproduces (`npm run fuzz -- --seed N`). */
export const FUZZ_SEED = 20261206;

/** What a reader did with one generated input. */
export type Outcome = 'accepted' | 'refused';

export function must(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`property broken: ${what}`);
}

/** A message shown to the user: one line, with no stack trace in it. */
export function mustBeOneLine(message: string): void {
  must(message.length > 5, `a message says something, found ${JSON.stringify(message)}`);
  must(!/[\n\r]/.test(message), `one line, found ${JSON.stringify(message.slice(0, 300))}`);
  must(!/\n?\s+at \S+ \(/.test(message), `no stack trace, found ${JSON.stringify(message)}`);
}
