/**
 * NumPy's `np.linspace(start, stop, num)` with its exact arithmetic: `start + i * step` with
 * step = (stop - start) / (num - 1), the last value set to `stop`. (Computing `start + i * (stop -
 * start) / (num - 1)` instead differs in the last bit for some i.)
 */
export function linspace(start: number, stop: number, num: number): Float64Array {
  if (!Number.isInteger(num) || num < 0) {
    throw new RangeError(`linspace: num must be a whole number ≥ 0, found ${num}`);
  }
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    // NumPy divides first when the step underflows to zero, so tiny ranges still spread out.
    if (step === 0) for (let i = 0; i < num; i++) out[i] = (i / div) * delta + start;
    else for (let i = 0; i < num; i++) out[i] = i * step + start;
    out[div] = stop;
  } else if (num === 1) {
    out[0] = 0 * delta + start;
  }
  return out;
}
