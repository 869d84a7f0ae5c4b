/**
 * Helpers for the vision tests: seeded data and finite-difference gradient checks of float32
 * layers. Losses are summed in float64; each difference divides by the step the float32
 * value really took, so rounding of `v ± h` costs no accuracy.
 */
import { RandomState } from '../rng/random-state.ts';
import type { RuntimeLayer } from './runtime-layer.ts';

export function randomFloat32(length: number, seed: number, scale = 1): Float32Array {
  const rng = new RandomState(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.gaussian() * scale;
  return out;
}

/** dL/dvalues by central differences, changing `values` in place and restoring each entry. */
export function numericGradient(values: Float32Array, loss: () => number, h: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const old = values[i]!;
    values[i] = old + h;
    const up = loss();
    const hi = values[i]!;
    values[i] = old - h;
    const down = loss();
    const lo = values[i]!;
    values[i] = old;
    out[i] = (up - down) / (hi - lo);
  }
  return out;
}

/**
 * The largest |a − n| over the entries, relative to the largest |n|, or to `floor` when all are
 * smaller (a gradient that is truly 0 has float32 rounding noise in its differences).
 */
export function maxRelativeError(
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
  floor = 1e-3,
): number {
  if (analytic.length !== numeric.length) return Infinity;
  let worst = 0;
  let scale = floor;
  for (let i = 0; i < numeric.length; i++) scale = Math.max(scale, Math.abs(numeric[i]!));
  for (let i = 0; i < numeric.length; i++) {
    worst = Math.max(worst, Math.abs(analytic[i]! - numeric[i]!) / scale);
  }
  return worst;
}

export interface LayerCheck {
  /** Relative error of dL/dx. */
  readonly input: number;
  /** Relative error of each parameter's gradient, by field. */
  readonly params: Record<string, number>;
}

/**
 * Checks a layer's backward pass against central differences of L = Σ r · y for a fixed
 * random r, in training mode. `seed` reseeds the layer's randomness (dropout) for every pass,
 * and each pass gets a fresh copy of x because some layers work in place.
 */
export function checkLayer(
  layer: RuntimeLayer,
  x: Float32Array,
  batch: number,
  { h = 1e-2, seed = 7 }: { h?: number; seed?: number } = {},
): LayerCheck {
  const outSize = batch * layer.outShape.reduce((a, b) => a * b, 1);
  const r = randomFloat32(outSize, 99);
  const loss = (): number => {
    const y = layer.forward(x.slice(), batch, true, new RandomState(seed));
    let sum = 0;
    for (let i = 0; i < outSize; i++) sum += r[i]! * y[i]!;
    return sum;
  };
  layer.forward(x.slice(), batch, true, new RandomState(seed));
  const dx = layer.backward(r.slice(), new Float32Array(x.length), true);
  const analyticDx = Float64Array.from(dx ?? []);
  const analyticParams = layer.params.map((p) => Float64Array.from(p.grad));
  const params: Record<string, number> = {};
  layer.params.forEach((p, i) => {
    params[p.field] = maxRelativeError(analyticParams[i]!, numericGradient(p.value, loss, h));
  });
  return { input: maxRelativeError(analyticDx, numericGradient(x, loss, h)), params };
}
