/**
 * The CSV reader under fast-check: tables of numbers written every way it detects must read back
 * exactly; any text must be read (and write back the same) or refused with a CsvError whose lines
 * say what and where. `npm run fuzz` runs the same generators many more times.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ_SEED } from '../test-support/fuzz.ts';
import { checkCsvTable, checkCsvText, csvNoise, csvTable } from './csv-fuzz-cases.ts';

describe(`the CSV reader (fast-check seed ${FUZZ_SEED})`, () => {
  it('reads back every table of numbers it is given, with its delimiter and decimal mark', () => {
    fc.assert(fc.property(csvTable, checkCsvTable), { seed: FUZZ_SEED, numRuns: 500 });
  });

  it('reads any text or refuses it in lines that name the place', () => {
    const outcomes = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(csvNoise, (text) => {
        outcomes[checkCsvText(text)]++;
      }),
      { seed: FUZZ_SEED, numRuns: 600 },
    );
    expect(outcomes.accepted).toBeGreaterThan(50);
    expect(outcomes.refused).toBeGreaterThan(200);
  });
});
