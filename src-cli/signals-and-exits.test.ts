/**
 * How the command ends (issue 13, item 7): Ctrl-C and SIGTERM stop `train` after its current
 * step with OUT written whole and exit 130; temporary files a killed run left are removed when
 * the next run starts, never those of a save under way; an output that is a link to nothing is
 * refused; each exit code means one thing, and `help` lists them.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  readdirSync,
  readlinkSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseModelFile } from '../src-shared/model-file/index.ts';
import { runCli } from './test-support.ts';

let dir: string;
const weightcraft = (...args: string[]) => runCli({ cwd: dir, timeout: 30_000 }, ...args);
const bin = join(import.meta.dirname, '..', 'bin', 'weightcraft.js');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weightcraft-exits-'));
  const spiral = ['--layers', '2,16,3', '--activations', 'relu,softmax', '-o', 's.json'];
  expect(await weightcraft('new', ...spiral)).toMatchObject({ code: 0 });
});

describe.each(['SIGINT', 'SIGTERM'] as const)('%s during train', (signal) => {
  it('finishes the step, writes OUT whole, removes its temporary files and exits 130', async () => {
    const out = `${signal}.json`;
    // 30 steps an epoch, 6000 in all: seconds of work, and an epoch line every 600 steps.
    const args = ['train', 's.json', '--data', 'spiral:3x100', '--batch', '10', '--epochs', '200'];
    const child = spawn('node', [bin, ...args, '-o', out], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Once an epoch line is out, the run is training (and saving after epochs).
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/^epoch +20\/200/m.test(stdout)) resolve();
      }),
    );
    child.kill(signal);
    const [code, by] = (await once(child, 'exit')) as [number | null, string | null];
    expect({ code, by }).toEqual({ code: 130, by: null });
    const said =
      /^weightcraft: interrupted at step (\d+) of 6000 \(epoch (\d+) of 200\); (.+) holds the model after that step\n$/.exec(
        stderr,
      );
    expect(said, stderr).not.toBeNull();
    const steps = Number(said![1]);
    expect(steps).toBeGreaterThanOrEqual(600);
    expect(steps).toBeLessThan(6000);
    expect(Number(said![2])).toBe(Math.ceil(steps / 30));
    expect(said![3]).toBe(out);
    // The file is a whole model holding exactly the step the message names.
    const model = parseModelFile(await readFile(join(dir, out), 'utf8'));
    expect(model.training!.final).toMatchObject({ steps, epochs: Math.floor(steps / 30) });
    expect(model.training!.curves.step.at(-1)).toBe(steps);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

describe('temporary files of a killed run', () => {
  it('are removed when the next run starts; a live save’s recent one stays', async () => {
    const dead = 2 ** 22 + 17; // above Linux's pid_max: no such process
    const live = process.pid; // this test: a writer that is running
    const names = {
      killed: `.run.json.wc-${dead}-00aa.tmp`,
      killedBackup: `.run.json.bak.wc-${dead}-00bb.tmp`,
      writing: `.run.json.wc-${live}-00cc.tmp`,
      // A live process id on a file untouched for two days: the id was reused.
      abandoned: `.run.json.wc-${live}-00dd.tmp`,
      otherFile: `.other.json.wc-${dead}-00ee.tmp`,
      notOurs: `.run.json.tmp`,
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'torn');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(join(dir, names.abandoned), twoDaysAgo, twoDaysAgo);
    // The data is missing, so the run stops before its first save: what goes, went at start.
    const result = await weightcraft('train', 's.json', '--data', 'none.csv', '-o', 'run.json');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^weightcraft: none\.csv: no such file/);
    const left = readdirSync(dir).filter((name) => name.includes('.tmp'));
    expect(left.sort()).toEqual([names.otherFile, names.notOurs, names.writing].sort());
  });
});

describe('an output that is a link to nothing', () => {
  it('is refused by name before training, and the link stays', async () => {
    symlinkSync('nowhere/model.json', join(dir, 'dangling.json'));
    const message =
      'a symbolic link to nowhere/model.json, which does not exist; remove the link or save under another name';
    const train = await weightcraft(
      ...['train', 's.json', '--data', 'spiral:3x100', '--epochs', '1', '-o', 'dangling.json'],
    );
    expect(train).toMatchObject({ code: 1, stdout: '' });
    expect(train.stderr).toBe(`weightcraft: dangling.json: ${message}\n`);
    const made = await weightcraft('new', '--layers', '2,3', '-o', 'dangling.json');
    expect(made.code).toBe(1);
    expect(made.stderr).toBe(`weightcraft: dangling.json: ${message}\n`);
    expect(readlinkSync(join(dir, 'dangling.json'))).toBe('nowhere/model.json');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });
});

describe('exit codes', () => {
  it('help lists them', async () => {
    const help = await weightcraft('--help');
    expect(help.stdout).toContain(
      'Exit codes:\n' +
        '  0    done\n' +
        '  1    bad input or a failure: the message names the file and the reason\n' +
        '  2    a wrong command line: an unknown command or option, a missing or malformed value\n' +
        '  130  interrupted (Ctrl-C or SIGTERM); train first finishes its step and writes OUT\n',
    );
  });

  it('2 for a wrong command line, 1 for bad input', async () => {
    expect((await weightcraft('train', 's.json', '--epochs', '3')).code).toBe(2);
    expect((await weightcraft('evaluate', 's.json', 'spiral:3x10', '--bogus')).code).toBe(2);
    expect((await weightcraft('evaluate', 'missing.json', 'spiral:3x10')).code).toBe(1);
  });
});
