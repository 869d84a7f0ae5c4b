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

/** `weightcraft ...args` in the folder `cwd`; stdout is a pipe, not a terminal. */
export async function runCli(cwd: string, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [bin, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
