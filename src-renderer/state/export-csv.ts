/** The network's final outputs as CSV: one row per sample, one column per output neuron. */
import { formatPythonFloat } from '../../src-shared/numpy/format.ts';
import type { Tensor } from '../../src-shared/tensor/tensor.ts';

export function outputsCsv(outputs: Tensor): string {
  const width = outputs.shape[outputs.shape.length - 1] ?? 0;
  const rows = outputs.data.length / Math.max(1, width);
  const lines = [Array.from({ length: width }, (_, j) => `output_${j}`).join(',')];
  for (let r = 0; r < rows; r++) {
    // repr() digits: the full float64 value, round-trippable.
    lines.push(
      Array.from(outputs.data.subarray(r * width, (r + 1) * width), formatPythonFloat).join(','),
    );
  }
  return lines.join('\n') + '\n';
}
