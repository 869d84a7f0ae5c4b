/**
 * `npm run bench`: speed of the core's matrix multiply and forward pass, each next to NumPy
 * measured in the same run (python3 + numpy), as a ratio. Printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { forward, notebookNetwork } from '../src-shared/nn/network.ts';
import { matmulInto } from '../src-shared/tensor/ops.ts';
import { RandomState } from '../src-shared/rng/random-state.ts';
import { benchCanvas } from './bench-canvas.ts';

/** Best of several timed runs, in seconds, after one warm-up. */
function best(run: () => void, repeats = 5): number {
  run();
  let fastest = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
  }
  return fastest;
}

function numpySeconds(code: string): number | null {
  try {
    const script = `import time, numpy as np\n${code}\nrun()\nb=min((lambda t: (run(), time.perf_counter()-t)[1])(time.perf_counter()) for _ in range(5))\nprint(b)`;
    return Number(execFileSync('python3', ['-c', script], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
}

const random = new RandomState(0);
const rows: string[][] = [['case', 'Weightcraft', 'NumPy', 'ratio']];
const ratio = (ours: number, theirs: number | null) =>
  theirs ? `${(theirs / ours).toFixed(3)}×` : 'n/a';

for (const n of [64, 128, 256]) {
  const a = random.randn(n, n).data;
  const b = random.randn(n, n).data;
  const c = new Float64Array(n * n);
  const flops = 2 * n ** 3;
  const ours = best(() => matmulInto(a, b, c, n, n, n));
  const theirs = numpySeconds(
    `a=np.random.randn(${n},${n}); b=np.random.randn(${n},${n})\ndef run(): a @ b`,
  );
  rows.push([
    `GEMM float64 ${n}³`,
    `${(flops / ours / 1e9).toFixed(2)} GFLOP/s`,
    theirs ? `${(flops / theirs / 1e9).toFixed(2)} GFLOP/s` : 'n/a',
    ratio(ours, theirs),
  ]);
}

const network = notebookNetwork({
  seed: 0,
  sizes: [784, 128, 10],
  activations: ['relu', 'softmax'],
});
const batch = random.randn(64, 784);
const ours = best(() => forward(network, batch), 10);
const theirs = numpySeconds(
  `x=np.random.randn(64,784); w1=np.random.randn(784,128); b1=np.zeros(128); w2=np.random.randn(128,10); b2=np.zeros(10)\n` +
    `def run():\n  h=np.maximum(0, x@w1+b1); z=h@w2+b2; e=np.exp(z-z.max(axis=1, keepdims=True)); e/e.sum(axis=1, keepdims=True)`,
);
rows.push([
  'forward 784-128-10, batch 64',
  `${(ours * 1e3).toFixed(2)} ms`,
  theirs ? `${(theirs * 1e3).toFixed(2)} ms` : 'n/a',
  ratio(ours, theirs),
]);

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
console.log(
  '\nratio = NumPy time / Weightcraft time (1× = as fast as NumPy). Fast float32 kernels come with the training issues.',
);

for (const line of await benchCanvas()) console.log(line);
