/**
 * Saves survive the process being killed at any moment: a child saves 200 versions in a row
 * while the test kills it (SIGKILL, no chance to clean up) as soon as it reports a randomly
 * chosen save done, while it is already writing the next one, many times over. After every kill the file must be one whole version, at least the last one the child
 * reported saved, its backup a whole older version, with at most one stray temporary file.
 *
 * SIGKILL tests the process dying, not the power failing: what the kernel already accepted
 * still reaches the disk. The fsyncs in saveAtomically are for power loss; no test here can
 * pull the plug.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempFile, saveAtomically } from './files.ts';
import { bundleSaveChild } from './test-support/bundle.ts';
import { checkVersion, versionText } from './test-support/versions.ts';

const RUNS = Number(process.env['WEIGHTCRAFT_KILL_RUNS'] ?? 40);
const SAVES_PER_RUN = 200;
const BYTES = 128 * 1024;

let folder: string;
let childScript: string;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'weightcraft-kill-'));
  childScript = await bundleSaveChild(mkdtempSync(join(tmpdir(), 'weightcraft-child-')));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Run {
  /** The child was killed before finishing its 200 saves. */
  killed: boolean;
  /** The last version the child reported saved (its save had returned), 0 for none. */
  lastSaved: number;
}

interface Kill {
  /** Saves the child reports done before the kill (0: once it is ready). */
  after: number;
  /** Then up to about one save's time more, so the kill lands anywhere within a save. */
  delayMs: number;
}

/**
 * Starts the child and kills it `kill.delayMs` after it has reported `kill.after` saves, or
 * never (null). The child is then many saves from its end, so the kill always cuts it short.
 */
function runChild(path: string, first: number, kill: Kill | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      childScript,
      'loop',
      path,
      String(first),
      String(SAVES_PER_RUN),
      String(BYTES),
    ]);
    let out = '';
    let stderr = '';
    const trigger = kill?.after ? `saved ${first + kill.after - 1}\n` : 'ready\n';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      // Whole lines only: "saved 12" is not "saved 112".
      if (kill && timer === undefined && `\n${out}`.includes(`\n${trigger}`)) {
        timer = setTimeout(() => child.kill('SIGKILL'), kill.delayMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0 && signal !== 'SIGKILL') {
        reject(new Error(`the child failed (${code}): ${stderr}`));
        return;
      }
      const saved = [...out.matchAll(/^saved (\d+)$/gm)].map((m) => Number(m[1]));
      resolve({ killed: signal === 'SIGKILL', lastSaved: saved.at(-1) ?? 0 });
    });
  });
}

describe('saveAtomically under SIGKILL', () => {
  it(
    `never leaves a torn, mixed or missing file (${RUNS} runs of ${SAVES_PER_RUN} saves)`,
    async () => {
      const path = join(folder, 'network.wcmodel');
      await saveAtomically(path, versionText(0, BYTES));

      // Left alone, the child makes all its saves.
      const started = performance.now();
      const whole = await runChild(path, 1, null);
      const fullRunMs = performance.now() - started;
      expect(whole).toEqual({ killed: false, lastSaved: SAVES_PER_RUN });

      const stats = { runs: 0, kills: 0, torn: 0, missing: 0, lostSaves: 0, strayMax: 0 };
      const midSave = { killedWithTempOnDisk: 0 };
      let first = SAVES_PER_RUN + 1;
      let previous = SAVES_PER_RUN;
      for (let run = 0; run < RUNS; run++) {
        // At most three quarters in: the child has 50 saves left, so it never finishes first.
        const result = await runChild(path, first, {
          after: Math.floor(Math.random() * SAVES_PER_RUN * 0.75),
          delayMs: (Math.random() * fullRunMs) / SAVES_PER_RUN,
        });
        stats.runs++;
        if (result.killed) stats.kills++;

        const names = readdirSync(folder);
        const temps = names.filter(isTempFile);
        stats.strayMax = Math.max(stats.strayMax, temps.length);
        if (result.killed && temps.length > 0) midSave.killedWithTempOnDisk++;
        if (!existsSync(path)) {
          stats.missing++;
          continue;
        }
        const version = checkVersion(readFileSync(path, 'utf8'));
        const backup = checkVersion(readFileSync(`${path}.bak`, 'utf8'));
        // The backup is a whole older version, or the same one: killed between its rename and
        // the file's, both hold the version before the save.
        if (version === null || backup === null || backup > version) stats.torn++;
        // The file holds at least every save that returned, and never goes back in time.
        if (version === null || version < Math.max(result.lastSaved, previous)) stats.lostSaves++;
        previous = version ?? previous;
        first += SAVES_PER_RUN;
      }

      console.log(
        `SIGKILL test: ${stats.runs} runs, ${stats.kills} killed mid-run ` +
          `(${midSave.killedWithTempOnDisk} with a temporary file on disk, i.e. mid-save); ` +
          `${stats.torn} torn, ${stats.missing} missing, ${stats.lostSaves} lost saves; ` +
          `at most ${stats.strayMax} stray temporary file(s); 200 saves take ${fullRunMs.toFixed(0)} ms`,
      );
      expect(stats).toMatchObject({ runs: RUNS, torn: 0, missing: 0, lostSaves: 0 });
      expect(stats.strayMax).toBeLessThanOrEqual(1);
      // Killed on its own report, with saves still to make: every run is cut short.
      expect(stats.kills).toBe(RUNS);

      // The next save cleans up what the last killed writer left.
      await saveAtomically(path, versionText(first, BYTES));
      expect(readdirSync(folder).filter(isTempFile)).toEqual([]);
    },
    Math.max(120_000, RUNS * 2_000),
  );
});
