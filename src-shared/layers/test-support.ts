/**
 * Helpers for the layer tests: seeded data and finite-difference gradient checks of a layer in
 * either precision. Losses are summed in float64; each difference divides by the step the value
 * really took, so float32's rounding of `v ± h` costs no accuracy.
 */
import { referenceKernels } from '../kernels/reference.ts';
import type { Kernels } from '../kernels/types.ts';
import { RandomState } from '../rng/random-state.ts';
import type { Shape, TypedArray } from '../tensor/tensor.ts';
import type { Precision } from '../train/settings.ts';
import { backendFor } from './backend.ts';
import type { RuntimeLayer } from './kind.ts';
import { layerKind, type Layer } from './registry.ts';
import { numericGradient as centralDifferences, relativeError } from '../train/test-support.ts';

export function randomFloat32(length: number, seed: number, scale = 1): Float32Array {
  const rng = new RandomState(seed);
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.gaussian() * scale;
  return out;
}

/** dL/dvalues by central differences, changing `values` in place and restoring each entry. */
export function numericGradient(values: TypedArray, loss: () => number, h: number): Float64Array {
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
  /** Relative error of dL/dx for each input. */
  readonly inputs: number[];
  /** Relative error of dL/dx of the first input. */
  readonly input: number;
  /** Relative error of each parameter's gradient, by field. */
  readonly params: Record<string, number>;
}

/**
 * Checks a layer's backward pass against central differences of L = Σ r · y for a fixed
 * random r, in training mode. `seed` reseeds the layer's randomness (dropout) for every pass.
 */
export function checkLayer(
  layer: RuntimeLayer,
  xs: TypedArray | readonly TypedArray[],
  batch: number,
  { h = 1e-2, seed = 7 }: { h?: number; seed?: number } = {},
): LayerCheck {
  const inputs = ArrayBuffer.isView(xs) ? [xs] : [...xs];
  const outSize = batch * layer.outShape.reduce((a, b) => a * b, 1);
  const r = randomFloat32(outSize, 99);
  const run = () => layer.forward(inputs, batch, { training: true, rng: new RandomState(seed) });
  const loss = (): number => {
    const y = run();
    let sum = 0;
    for (let i = 0; i < outSize; i++) sum += r[i]! * y[i]!;
    return sum;
  };
  const y = run();
  const dy = y instanceof Float64Array ? Float64Array.from(r) : r.slice();
  const dxs = inputs.map((x) =>
    x instanceof Float64Array ? new Float64Array(x.length) : new Float32Array(x.length),
  );
  layer.backward(dy, dxs);
  const analyticDx = dxs.map((dx) => Float64Array.from(dx));
  const analyticParams = layer.params.map((p) => Float64Array.from(p.grad));
  const params: Record<string, number> = {};
  layer.params.forEach((p, i) => {
    params[p.field] = maxRelativeError(analyticParams[i]!, numericGradient(p.value, loss, h));
  });
  const errors = inputs.map((x, i) =>
    maxRelativeError(analyticDx[i]!, numericGradient(x, loss, h)),
  );
  return { inputs: errors, input: errors[0]!, params };
}

export const PRECISIONS = ['float64', 'float32'] as const;

/**
 * The gradient-check tolerances per precision: float64 differences are exact to ~1e-9, so its
 * bound is tight; float32 keeps the bounds the float32-only engine was held to.
 */
export const TOLERANCE: Record<Precision, number> = { float64: 1e-7, float32: 1e-3 };

/** The step of the central differences per precision. */
export const STEP: Record<Precision, number> = { float64: 1e-5, float32: 1e-2 };

/** A layer's runtime for inputs of these sample shapes, in float64 or on float32 kernels. */
export function runtimeOf(
  layer: Layer,
  inputs: readonly Shape[],
  precision: Precision,
  kernels: Kernels = referenceKernels,
): RuntimeLayer {
  return layerKind(layer.type).runtime(layer, inputs, backendFor(precision, kernels));
}

/** Values in the given precision (a copy). */
export function inPrecision(values: ArrayLike<number>, precision: Precision): TypedArray {
  return precision === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
}

/** Seeded standard normal values · scale in the given precision. */
export function randomValues(
  length: number,
  seed: number,
  precision: Precision,
  scale = 1,
): TypedArray {
  const rng = new RandomState(seed);
  const out = precision === 'float64' ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.gaussian() * scale;
  return out;
}

/** Values at least `gap` from 0, so a ±h nudge never crosses a kink at 0 (ReLU's). */
export function awayFromZero(values: TypedArray, gap = 0.1): TypedArray {
  return values.map((v) => (v >= 0 ? v + gap : v - gap));
}

/**
 * The notebook engine's own check, in float64: ‖dL/dx − central differences (h = 1e-6)‖ over
 * ‖dL/dx‖ for L = Σ r · layer(x) on a batch of rows (batch × features).
 */
export function float64InputError(
  layer: Layer,
  x: Float64Array,
  r: Float64Array,
  batch: number,
): number {
  const runtime = runtimeOf(layer, [[x.length / batch]], 'float64');
  const loss = () => {
    const y = runtime.forward([x], batch, { training: true });
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += y[i]! * r[i]!;
    return sum;
  };
  loss();
  const dx = new Float64Array(x.length);
  runtime.backward(r, [dx]);
  return relativeError(dx, centralDifferences(x, loss));
}
