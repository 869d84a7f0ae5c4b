/**
 * The model file reader under fast-check: valid files mutated with knowledge of their structure
 * (fields dropped, renamed or replaced by wrong types, huge numbers, NaN, deep nesting, long
 * strings) and without (cut short, characters flipped). Every text must parse to a model that
 * saves and reopens equal and runs, or be refused with a one-line ModelFileError naming where.
 * `npm run fuzz` runs the same generators many more times, each case in a measured child process.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FUZZ_SEED } from '../test-support/fuzz.ts';
import { checkModelText, MODEL_FIXTURES, modelText } from './fuzz-cases.ts';

const RUNS = 300;
const BASES = MODEL_FIXTURES.map((name) => ({
  name,
  text: readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8'),
}));

describe.each(BASES)('mutated model files from $name', ({ text: base }) => {
  it(`parse to a model that round-trips and runs, or a one-line refusal (seed ${FUZZ_SEED})`, () => {
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(modelText(base), (text) => {
        outcomes[checkModelText(text)]++;
      }),
      { seed: FUZZ_SEED, numRuns: RUNS },
    );
    // Both outcomes occur: the mutations are neither all fatal nor all harmless.
    expect(outcomes.accepted).toBeGreaterThan(RUNS / 20);
    expect(outcomes.refused).toBeGreaterThan(RUNS / 4);
  });
});
