/**
 * `npm run bench`: Weightcraft's speed next to references measured in the same run at the same
 * thread count (NumPy, ONNX Runtime, tfjs-wasm, PyTorch when a python has it), each row's sides
 * interleaved over several rounds with the load before and after; then canvas fps. Printed,
 * never asserted. Everything it starts (python children, workers, the preview server) is stopped
 * before it exits, also on an error.
 */
import os from 'node:os';
import { benchCanvas } from './bench-canvas.ts';
import { coreRows } from './bench/core-rows.ts';
import { benchKernels } from './bench/kernels-bench.ts';
import { ROUNDS, SAMPLE_SECONDS } from './bench/measure.ts';
import { startReferences } from './bench/references.ts';
import { section } from './bench/rows.ts';
import { DRIFT_LIMIT, SPREAD_LIMIT } from './bench/stats.ts';
import { trainingRows } from './bench/training-rows.ts';

const print = (lines: readonly string[]) => {
  for (const line of lines) console.log(line);
};

print([
  `npm run bench on ${os.cpus()[0]?.model ?? 'an unknown CPU'}, ${os.availableParallelism()} CPUs, ` +
    `Node ${process.versions.node}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}.`,
  `Each row: one warm-up then ${ROUNDS} rounds, Weightcraft and each reference in turn (the order ` +
    `alternating), every sample a block of calls lasting ≥ ${SAMPLE_SECONDS} s. Cells: median (best).`,
  `WC÷ref = reference median time ÷ Weightcraft's (above 1× = Weightcraft faster); instead a ⚠ when a ` +
    `side's runs spread over ${SPREAD_LIMIT}×, its best drifted over ${DRIFT_LIMIT}× between the ` +
    'halves of the row, or the load passed the CPU count. load = 1-minute load average before→after.',
]);

// `npm run bench -- --core`: the float64 core's rows alone, a few minutes instead of the whole run.
const coreOnly = process.argv.includes('--core');

const refs = await startReferences();
try {
  print(refs.notes);
  print(
    section(
      'Float64 core (the notebook numbers: WebAssembly SIMD, one thread) against NumPy on one thread',
      await coreRows(refs),
    ),
  );
  if (!coreOnly) {
    print(await benchKernels(refs));
    const training = await trainingRows(refs);
    print(section('Training and inference as users run them', training.rows, training.notes));
  }
} finally {
  refs.close();
}

if (!coreOnly) {
  console.log('');
  try {
    print(await benchCanvas());
  } catch (error) {
    // One line, so a broken page does not hide the numbers above.
    console.log(`canvas: failed, ${(error as Error).message.split('\n')[0]}`);
  }
}
