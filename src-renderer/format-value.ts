/** A value as a learner reads it on a neuron: up to 6 significant digits, no float noise. */
export function formatValue(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-4) return x.toExponential(2);
  return String(Number(x.toPrecision(6)));
}
