/**
 * reference_server.py in a child process at a given thread count: NumPy (and PyTorch when that
 * python has it) answering one timed sample at a time, so the bench can interleave its runs with
 * Weightcraft's. Finds the python that has numpy (or torch): the `python3` on PATH and Debian's
 * `/usr/bin/python3` may differ.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const SCRIPT = fileURLToPath(new URL('./reference_server.py', import.meta.url));
const PYTHONS = ['python3', '/usr/bin/python3'];

/** The first python that imports `module`, or null. */
export function pythonWith(module: 'numpy' | 'torch'): string | null {
  for (const python of PYTHONS) {
    const probe = spawnSync(python, ['-c', `import ${module}`], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  return null;
}

const infoSchema = z.object({
  python: z.string(),
  numpy: z.string(),
  blas: z.string(),
  core: z.string().nullable(),
  blasThreads: z.number().int().nullable(),
  env: z.record(z.string(), z.string()),
  torch: z.object({ version: z.string(), threads: z.number(), mkldnn: z.boolean() }).nullable(),
});
export type ReferenceInfo = z.infer<typeof infoSchema>;

export interface ReferenceProcess {
  readonly info: ReferenceInfo;
  readonly threads: number;
  /** Builds case `id` in the child (and runs it once); throws the child's error. */
  setup(id: string, testCase: Record<string, unknown>): Promise<void>;
  /** Seconds per call of case `id`, over a block of calls lasting at least `minSeconds`. */
  sample(id: string, minSeconds: number): Promise<number>;
  close(): void;
}

export interface ReferenceOptions {
  python: string;
  threads: number;
  /**
   * Drop OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for this child: machines that pin an older core
   * type for old OpenBLAS builds slow a current one by ~30%, and the bench should meet NumPy as
   * it runs by default. The core it picks is printed either way.
   */
  unpinCore: boolean;
}

export async function startReference({
  python,
  threads,
  unpinCore,
}: ReferenceOptions): Promise<ReferenceProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OPENBLAS_NUM_THREADS: String(threads),
    OMP_NUM_THREADS: String(threads),
    MKL_NUM_THREADS: String(threads),
  };
  if (unpinCore) {
    delete env['OPENBLAS_CORETYPE'];
    delete env['OPENBLAS_L2_SIZE'];
  }
  const child: ChildProcessWithoutNullStreams = spawn(python, [SCRIPT], { env });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ended = new Promise<never>((_, reject) =>
    child.once('close', (code) =>
      reject(
        new Error(`${python} ${SCRIPT} exited (${code}): ${stderr.trim().split('\n').at(-1)}`),
      ),
    ),
  );
  ended.catch(() => {}); // observed through ask()
  const ask = async (request: object): Promise<Record<string, unknown>> => {
    child.stdin.write(JSON.stringify(request) + '\n');
    const line = await Promise.race([lines.next(), ended]);
    if (line.done) throw new Error(`${python} ${SCRIPT} closed its output`);
    const answer = JSON.parse(line.value) as Record<string, unknown>;
    if (typeof answer['error'] === 'string') {
      throw new Error(`reference_server.py (${python}): ${answer['error']}`);
    }
    return answer;
  };
  try {
    const info = infoSchema.parse(await ask({ op: 'info' }));
    return {
      info,
      threads,
      async setup(id, testCase) {
        await ask({ op: 'setup', id, case: testCase });
      },
      async sample(id, minSeconds) {
        return z
          .number()
          .positive()
          .parse((await ask({ op: 'sample', id, minSeconds })).seconds);
      },
      close: () => void child.kill(),
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}
