/**
 * One child of `npm run fuzz`: runs a suite's cases from `start` (reporting each before and
 * after, so the parent can time it and tell a hang), or reads one hostile file; then exits.
 */
import { parseModelFile } from '../../src-shared/model-file/index.ts';
import { parseCsvDataset } from '../../src-shared/data/csv.ts';
import { mustBeOneLine, type Outcome } from '../../src-shared/test-support/fuzz.ts';
import { FileError } from '../../src-node/files.ts';
import { decodeImage, PictureError } from '../../src-cli/images/decode.ts';
import { FUZZ_SHAPE } from '../../src-cli/images/picture-fuzz-cases.ts';
import { parseInputs } from '../../src-cli/read-input.ts';
import { readText } from '../../src-cli/read-text.ts';
import { CsvError } from '../../src-shared/data/csv.ts';
import { ModelFileError } from '../../src-shared/model-file/index.ts';
import type { Reader } from './hostile.ts';
import { SUITES } from './suites.ts';

export type Report =
  | { type: 'start'; i: number }
  | {
      type: 'done';
      i: number;
      outcome: Outcome | 'crashed';
      ms: number;
      cpuMs: number;
      rssMB: number;
      detail?: string;
    }
  | { type: 'end'; maxRssMB: number };

const send = (report: Report) =>
  new Promise<void>((resolve) => process.send!(report, () => resolve()));
const cpuMs = () => {
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  return (userCPUTime + systemCPUTime) / 1000;
};
const rssMB = () => process.memoryUsage().rss / 2 ** 20;
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

/** Runs `check`, timing it; any error it lets through is a crash, told in its first line. */
async function measured(i: number, check: () => Outcome | Promise<Outcome>): Promise<Report> {
  const [t, c] = [performance.now(), cpuMs()];
  let outcome: Outcome | 'crashed';
  let detail: string | undefined;
  try {
    outcome = await check();
  } catch (error) {
    outcome = 'crashed';
    detail =
      error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : String(error);
  }
  return {
    type: 'done',
    i,
    outcome,
    ms: performance.now() - t,
    cpuMs: cpuMs() - c,
    rssMB: rssMB(),
    detail,
  };
}

async function readHostile(reader: Reader, path: string): Promise<Outcome> {
  try {
    if (reader === 'model') parseModelFile(await readText(path, 'model'));
    else if (reader === 'csv') parseCsvDataset(await readText(path, 'data'));
    else if (reader === 'input') parseInputs(await readText(path, 'input'), path);
    else await decodeImage(path, FUZZ_SHAPE);
    return 'accepted';
  } catch (error) {
    const refusal = [FileError, ModelFileError, CsvError, PictureError].some(
      (kind) => error instanceof kind,
    );
    // parseInputs names the file in an Error of its own; anything else is a crash.
    if (
      !refusal &&
      !(reader === 'input' && error instanceof Error && error.message.startsWith(path))
    ) {
      throw error;
    }
    for (const line of (error as Error).message.split('\n')) mustBeOneLine(line);
    return 'refused';
  }
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'suite') {
  const [name, seed, runs, start] = args;
  const { inputs, check } = await SUITES[name!]!.cases(Number(seed), Number(runs));
  for (let i = Number(start); i < inputs.length; i++) {
    await send({ type: 'start', i });
    await send(await measured(i, () => check(inputs[i])));
  }
} else {
  const [reader, path] = args;
  await send(await measured(0, () => readHostile(reader as Reader, path!)));
}
await send({ type: 'end', maxRssMB: maxRssMB() });
process.disconnect();
