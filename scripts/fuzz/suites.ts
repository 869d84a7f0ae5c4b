/**
 * The fuzz suites of `npm run fuzz`: the generators and properties the CI tests use, by name.
 * A case is its index in fast-check's sample for the seed, so a child regenerates any case.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  checkPicture,
  pictureBases,
  pictureBytes,
} from '../../src-cli/images/picture-fuzz-cases.ts';
import {
  checkCsvTable,
  checkCsvText,
  csvNoise,
  csvTable,
} from '../../src-shared/data/csv-fuzz-cases.ts';
import {
  checkModelText,
  MODEL_FIXTURES,
  modelText,
} from '../../src-shared/model-file/fuzz-cases.ts';
import type { Outcome } from '../../src-shared/test-support/fuzz.ts';

type Table = Parameters<typeof checkCsvTable>[0];

export interface Suite {
  /** Cases of the suite for a seed, and the property one case must keep. */
  cases(
    seed: number,
    runs: number,
  ): Promise<{ inputs: unknown[]; check: (input: unknown) => Outcome | Promise<Outcome> }>;
}

const sample = <T>(arbitrary: fc.Arbitrary<T>, seed: number, runs: number) =>
  fc.sample(arbitrary, { seed, numRuns: runs });

export const SUITES: Record<string, Suite> = {
  model: {
    async cases(seed, runs) {
      const url = (name: string) =>
        new URL(`../../src-shared/model-file/fixtures/${name}`, import.meta.url);
      const bases = MODEL_FIXTURES.map((name) => readFileSync(url(name), 'utf8'));
      return {
        inputs: sample(fc.oneof(...bases.map(modelText)), seed, runs),
        check: (input) => checkModelText(input as string),
      };
    },
  },
  'csv-table': {
    async cases(seed, runs) {
      const check = (table: Table): Outcome => {
        checkCsvTable(table);
        return 'accepted';
      };
      return { inputs: sample(csvTable, seed, runs), check: (input) => check(input as Table) };
    },
  },
  'csv-text': {
    async cases(seed, runs) {
      return {
        inputs: sample(csvNoise, seed, runs),
        check: (input) => checkCsvText(input as string),
      };
    },
  },
  picture: {
    async cases(seed, runs) {
      const bases = await pictureBases();
      return {
        inputs: sample(pictureBytes(bases), seed, runs),
        check: (input) => checkPicture(input as Uint8Array),
      };
    },
  },
};
