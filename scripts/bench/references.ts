/**
 * The references the bench measures Weightcraft against, each at 1 and at 2 threads: NumPy and
 * PyTorch in child processes (reference_server.py), ONNX Runtime's CPU provider in this one.
 * Whatever is missing is said, not skipped silently.
 */
import { startReference, pythonWith, type ReferenceProcess } from './reference-process.ts';
import { SAMPLE_SECONDS, type Side } from './measure.ts';
import { loadOrt } from './onnx-conv.ts';

export const THREADS = [1, 2] as const;

export interface References {
  numpy: Map<number, ReferenceProcess>;
  torch: Map<number, ReferenceProcess>;
  ort: Awaited<ReturnType<typeof loadOrt>>;
  /** What ran where, or why it did not: printed above the tables. */
  notes: string[];
  close(): void;
}

async function startAll(
  python: string,
  unpinCore: boolean,
): Promise<Map<number, ReferenceProcess>> {
  const processes = new Map<number, ReferenceProcess>();
  try {
    for (const threads of THREADS) {
      processes.set(threads, await startReference({ python, threads, unpinCore }));
    }
  } catch (error) {
    for (const p of processes.values()) p.close();
    throw error;
  }
  return processes;
}

export async function startReferences(): Promise<References> {
  const notes: string[] = [];
  const numpyPython = pythonWith('numpy');
  const torchPython = pythonWith('torch');
  let numpy = new Map<number, ReferenceProcess>();
  let torch = new Map<number, ReferenceProcess>();
  const pin = process.env['OPENBLAS_CORETYPE'];
  if (numpyPython) {
    numpy = await startAll(numpyPython, true);
    const info = numpy.get(1)!.info;
    const threads = [...numpy.values()].map((p) => p.info.blasThreads ?? '?').join(' and ');
    notes.push(
      `NumPy ${info.numpy} (${info.python}), ${info.blas}, OpenBLAS core ${info.core ?? 'unknown'}` +
        `${pin ? ` (this machine's OPENBLAS_CORETYPE=${pin} pin removed for NumPy's children)` : ''}` +
        `; OpenBLAS threads ${threads} (OPENBLAS_NUM_THREADS/OMP_NUM_THREADS per child).`,
    );
  } else {
    notes.push('NumPy: not measured, no python3 with numpy (tried python3, /usr/bin/python3).');
  }
  if (torchPython) {
    // Its own OpenBLAS may be an older build, which the machine's pin keeps from crashing.
    torch = await startAll(torchPython, false);
    const info = torch.get(1)!.info;
    notes.push(
      `PyTorch ${info.torch!.version} (${info.python}), oneDNN ${info.torch!.mkldnn ? 'on' : 'off'}, ` +
        `torch.set_num_threads ${[...torch.values()].map((p) => p.info.torch!.threads).join(' and ')}.`,
    );
  } else {
    notes.push(
      'PyTorch: not measured, no python3 with torch (tried python3, /usr/bin/python3; ' +
        "Debian's python3-torch puts it in /usr/bin/python3).",
    );
  }
  const ort = await loadOrt();
  if ('error' in ort) notes.push(`ONNX Runtime: not measured, ${ort.error}.`);
  else notes.push(`ONNX Runtime ${ort.env.versions.node} (onnxruntime-node), CPU provider.`);
  return {
    numpy,
    torch,
    ort,
    notes,
    close() {
      for (const p of [...numpy.values(), ...torch.values()]) p.close();
    },
  };
}

let nextCase = 0;

/** A side timed in a reference process; the case is built there in the warm-up round. */
export function processSide(
  name: string,
  process: ReferenceProcess | undefined,
  testCase: Record<string, unknown>,
): Side[] {
  if (!process) return [];
  const id = `case${nextCase++}`;
  let ready = false;
  return [
    {
      name,
      async sample() {
        if (!ready) {
          await process.setup(id, testCase);
          ready = true;
        }
        return process.sample(id, SAMPLE_SECONDS);
      },
    },
  ];
}
