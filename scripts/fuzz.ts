/**
 * `npm run fuzz [-- --runs N --seed S --no-hostile --only TEXT]`: the long fuzz mode. Runs the CI suites'
 * generators many more times (N cases per suite, default 3,000) in child processes, timing each
 * case (wall and CPU) and calling one that takes over 20 s hung (its child is killed and the run
 * goes on after it); then reads each large hostile file (just under 64 MiB) in a child of its
 * own, whose peak RSS is that case's memory. Prints cases tried / refused / accepted / crashed /
 * hung, the peak memory and the worst single case; exits 1 if any case crashed or hung.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { FUZZ_SEED } from '../src-shared/test-support/fuzz.ts';
import type { Report } from './fuzz/child.ts';
import { HOSTILE, writeHostile } from './fuzz/hostile.ts';
import { SUITES } from './fuzz/suites.ts';

const flag = (name: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
};
const RUNS = Number(flag('--runs') ?? 3000);
/** Only the hostile files whose name contains this text. */
const ONLY = flag('--only') ?? '';
const SEED = Number(flag('--seed') ?? FUZZ_SEED);
const HUNG_MS = 20_000;
const HOSTILE_HUNG_MS = 180_000;
const CHILD = new URL('./fuzz/child.ts', import.meta.url).pathname;

const totals = { tried: 0, refused: 0, accepted: 0, crashed: 0, hung: 0 };
let peakMB = 0;
const worst = { ms: 0, msCase: '', cpuMs: 0, cpuCase: '', mb: 0, mbCase: '' };
const problems: string[] = [];

function record(name: string, report: Extract<Report, { type: 'done' }>, mb: number): void {
  totals.tried++;
  totals[report.outcome]++;
  const label = `${name} #${report.i}`;
  if (report.outcome === 'crashed') problems.push(`crashed: ${label}: ${report.detail}`);
  if (report.ms > worst.ms) Object.assign(worst, { ms: report.ms, msCase: label });
  if (report.cpuMs > worst.cpuMs) Object.assign(worst, { cpuMs: report.cpuMs, cpuCase: label });
  if (mb > worst.mb) Object.assign(worst, { mb, mbCase: label });
}

/**
 * Runs one child until it ends, calling `onDone` per case; resolves with the case it was on when
 * it hung or died (null when it finished).
 */
function runChild(
  args: string[],
  hungMs: number,
  onDone: (report: Extract<Report, { type: 'done' }>) => void,
): Promise<{ stuck: number | null; why: string; maxRssMB: number }> {
  return new Promise((resolve) => {
    const child = fork(CHILD, args, {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let current: number | null = args[0] === 'suite' ? null : 0;
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let why = '';
    let maxRssMB = 0;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        why = `hung: no answer in ${hungMs / 1000} s`;
        child.kill('SIGKILL');
      }, hungMs);
    };
    if (current === 0) arm();
    child.stderr!.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)),
    );
    child.on('message', (report: Report) => {
      if (report.type === 'start') {
        current = report.i;
        arm();
      } else if (report.type === 'done') {
        current = null;
        clearTimeout(timer);
        onDone(report);
      } else maxRssMB = report.maxRssMB;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (current !== null && !why) {
        why = `crashed: exit ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      }
      peakMB = Math.max(peakMB, maxRssMB);
      resolve({ stuck: current, why, maxRssMB });
    });
  });
}

async function runSuite(name: string): Promise<void> {
  const started = performance.now();
  const before = totals.tried;
  for (let start = 0; start < RUNS;) {
    const { stuck, why } = await runChild(
      ['suite', name, String(SEED), String(RUNS), String(start)],
      HUNG_MS,
      (report) => record(name, report, report.rssMB),
    );
    if (stuck === null) break;
    totals.tried++;
    totals[why.startsWith('hung') ? 'hung' : 'crashed']++;
    problems.push(`${name} #${stuck}: ${why}`);
    start = stuck + 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  console.log(`${name}: ${totals.tried - before} cases in ${seconds} s`);
}

async function runHostile(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'weightcraft-fuzz-'));
  try {
    for (const [i, hostile] of HOSTILE.entries()) {
      if (!hostile.name.includes(ONLY)) continue;
      const path = join(dir, `case-${i}`);
      writeHostile(hostile, path);
      let done: Extract<Report, { type: 'done' }> | null = null;
      const { stuck, why, maxRssMB } = await runChild(
        ['hostile', hostile.reader, path],
        HOSTILE_HUNG_MS,
        (report) => (done = report),
      );
      let line = '';
      if (done) {
        const { outcome, ms, cpuMs }: Extract<Report, { type: 'done' }> = done;
        // The child read this one file: its peak RSS is the case's memory.
        record(`hostile: ${hostile.name}`, done, maxRssMB);
        line = `${outcome}, ${(ms / 1000).toFixed(1)} s (CPU ${(cpuMs / 1000).toFixed(1)} s)`;
      }
      if (stuck !== null) {
        totals.tried++;
        totals[why.startsWith('hung') ? 'hung' : 'crashed']++;
        problems.push(`hostile: ${hostile.name}: ${why}`);
        line = why;
      }
      console.log(`  ${hostile.name}: ${line}, peak ${maxRssMB.toFixed(0)} MB`);
      rmSync(path, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = performance.now();
console.log(
  `npm run fuzz: seed ${SEED}, ${RUNS} cases per suite, ${os.availableParallelism()} CPUs, ` +
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
if (RUNS > 0) for (const name of Object.keys(SUITES)) await runSuite(name);
if (!process.argv.includes('--no-hostile')) {
  console.log(`hostile files (${HOSTILE.length}, each just under 64 MiB, one child each):`);
  await runHostile();
}
const { tried, refused, accepted, crashed, hung } = totals;
console.log(
  `\ncases tried ${tried} / refused ${refused} / accepted ${accepted} / crashed ${crashed} / hung ${hung}`,
);
console.log(`peak memory (largest child RSS) ${peakMB.toFixed(0)} MB`);
console.log(
  `worst case time ${(worst.ms / 1000).toFixed(2)} s wall (${worst.msCase}), ` +
    `${(worst.cpuMs / 1000).toFixed(2)} s CPU (${worst.cpuCase})`,
);
console.log(`worst case memory ${worst.mb.toFixed(0)} MB RSS (${worst.mbCase})`);
console.log(
  `took ${((performance.now() - started) / 60_000).toFixed(1)} min, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const problem of problems.slice(0, 20)) console.log(problem);
process.exitCode = crashed + hung > 0 ? 1 : 0;
