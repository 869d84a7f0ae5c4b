/** Runs the CLI as a user does: a child process, its stdout, stderr and exit code. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const bin = join(import.meta.dirname, '..', 'bin', 'weightcraft.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `weightcraft ...args` in the folder `cwd`; stdout is a pipe, not a terminal. A run that hangs
 * is killed after `timeout` ms (code null, signal SIGKILL), so a test reports it and ends.
 */
export async function runCli(
  where: string | { cwd: string; timeout: number },
  ...args: string[]
): Promise<CliResult> {
  const { cwd, timeout } = typeof where === 'string' ? { cwd: where, timeout: 0 } : where;
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [bin, ...args], {
      cwd,
      timeout,
      killSignal: 'SIGKILL',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
