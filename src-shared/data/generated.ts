/**
 * The book's toy data sets (nnfs.datasets), drawn from our NumPy-identical `RandomState` in
 * NumPy's order, so `spiralData(100, 3)` gives the points `nnfs.init(); spiral_data(100, 3)` gives.
 *
 * Precision: `nnfs.init()` makes `np.zeros` and `np.random.randn` float32, so the book's points
 * are float32. `dtype: 'float32'` reproduces that bit for bit (the float32 tensor holds nnfs's
 * values). The default, float64, is what the same code gives without `nnfs.init()`; there the
 * arithmetic is NumPy's exactly, but `Math.sin`/`Math.cos` differ from the C library's (which
 * NumPy calls) in the last bit for about 3% of angles, so a spiral point can differ by an ulp.
 * Rounded to float32 those differences vanish. (XOR, circles and digits are not nnfs's; with
 * 'float32' their float64 values are simply rounded.)
 */
import { RandomState, type Seed } from '../rng/random-state.ts';
import type { DType, Tensor } from '../tensor/tensor.ts';
import { DIGIT_NAMES, DIGIT_SIZE, drawDigit } from './digits.ts';
import { linspace } from './linspace.ts';

export interface GeneratedData {
  /** Shape (classes · perClass, features): two per point, 784 pixels per digit. */
  x: Tensor;
  /** The class of each point, class by class: perClass zeros, then perClass ones, ... */
  y: Int32Array;
  classes: number;
  /** What each class is called, when the set names them (the digits: "0" to "9"). */
  names?: readonly string[];
}

export interface GenerateOptions {
  /** `np.random.seed(seed)` before drawing (nnfs.init() seeds 0); ignored when `random` is given. */
  seed?: Seed;
  /** Draw from this generator instead, as nnfs draws from NumPy's global one. */
  random?: RandomState;
  /** 'float32' reproduces `nnfs.init()`'s float32 points; see the module comment. */
  dtype?: DType;
}

export const DATASETS = ['spiral', 'vertical', 'xor', 'circles', 'digits'] as const;
export type DatasetName = (typeof DATASETS)[number];

/** Most points a generated data set may have, to keep a typo from filling memory. */
export const MAX_POINTS = 1_000_000;

/** Most drawn digits: 784 numbers each. */
const MAX_DIGITS = 10_000;

const f32 = Math.fround;

/**
 * nnfs's `spiral_data(samples, classes)`: class c is an arm of radius r = linspace(0, 1) and
 * angle t = linspace(4c, 4(c + 1)) + 0.2·randn, at (r·sin 2.5t, r·cos 2.5t).
 */
export function spiralData(
  samples: number,
  classes: number,
  options: GenerateOptions = {},
): GeneratedData {
  const { random, float32, x, y } = setUp('spiral', samples, classes, options);
  const r = linspace(0, 1, samples);
  for (let c = 0; c < classes; c++) {
    const t = linspace(c * 4, (c + 1) * 4, samples);
    const noise = random.randn(samples).data;
    for (let i = 0; i < samples; i++) {
      // nnfs.init(): randn is float32, and float32 · 0.2 stays float32 (0.2 rounded to float32).
      const n = float32 ? f32(f32(noise[i]!) * f32(0.2)) : noise[i]! * 0.2;
      const angle = (t[i]! + n) * 2.5;
      const row = (c * samples + i) * 2;
      x.data[row] = r[i]! * Math.sin(angle);
      x.data[row + 1] = r[i]! * Math.cos(angle);
      y[c * samples + i] = c;
    }
  }
  return { x, y, classes };
}

/** nnfs's `vertical_data(samples, classes)`: class c near x = c/3, all near y = 0.5 (0.1·randn). */
export function verticalData(
  samples: number,
  classes: number,
  options: GenerateOptions = {},
): GeneratedData {
  const { random, float32, x, y } = setUp('vertical', samples, classes, options);
  for (let c = 0; c < classes; c++) {
    // np.c_[randn(samples)*.1 + c/3, randn(samples)*.1 + 0.5]: the first column is drawn first.
    const across = random.randn(samples).data;
    const up = random.randn(samples).data;
    for (let i = 0; i < samples; i++) {
      const row = (c * samples + i) * 2;
      if (float32) {
        // Float32 arithmetic, as NumPy does for a float32 array and a Python float.
        x.data[row] = f32(f32(f32(across[i]!) * f32(0.1)) + f32(c / 3));
        x.data[row + 1] = f32(f32(f32(up[i]!) * f32(0.1)) + 0.5);
      } else {
        x.data[row] = across[i]! * 0.1 + c / 3;
        x.data[row + 1] = up[i]! * 0.1 + 0.5;
      }
      y[c * samples + i] = c;
    }
  }
  return { x, y, classes };
}

/**
 * XOR in the same spirit (not in nnfs): class 0 around the corners (0.5, 0.5) and (-0.5, -0.5),
 * class 1 around (0.5, -0.5) and (-0.5, 0.5), alternating corners, with 0.15·randn noise. In
 * NumPy, per class c: `s = np.where(np.arange(samples) % 2 == 0, 0.5, -0.5)`, then
 * `X[ix] = np.c_[s + np.random.randn(samples)*0.15, s*(1 - 2*c) + np.random.randn(samples)*0.15]`.
 */
export function xorData(samples: number, options: GenerateOptions = {}): GeneratedData {
  const { random, x, y } = setUp('xor', samples, 2, options);
  for (let c = 0; c < 2; c++) {
    const across = random.randn(samples).data;
    const up = random.randn(samples).data;
    for (let i = 0; i < samples; i++) {
      const s = i % 2 === 0 ? 0.5 : -0.5;
      const row = (c * samples + i) * 2;
      x.data[row] = s + across[i]! * 0.15;
      x.data[row + 1] = s * (1 - 2 * c) + up[i]! * 0.15;
      y[c * samples + i] = c;
    }
  }
  return { x, y, classes: 2 };
}

/**
 * Concentric rings in the same spirit (not in nnfs): class c on radius (c + 1)/classes with
 * 0.05·randn noise, at a uniform angle. In NumPy, per class c:
 * `t = np.random.uniform(0, 2*np.pi, samples); r = (c + 1)/classes + np.random.randn(samples)*0.05;
 * X[ix] = np.c_[r*np.cos(t), r*np.sin(t)]`.
 */
export function circlesData(
  samples: number,
  classes: number,
  options: GenerateOptions = {},
): GeneratedData {
  const { random, x, y } = setUp('circles', samples, classes, options);
  for (let c = 0; c < classes; c++) {
    const t = Float64Array.from({ length: samples }, () => random.uniform(0, 2 * Math.PI));
    const noise = random.randn(samples).data;
    for (let i = 0; i < samples; i++) {
      const r = (c + 1) / classes + noise[i]! * 0.05;
      const row = (c * samples + i) * 2;
      x.data[row] = r * Math.cos(t[i]!);
      x.data[row + 1] = r * Math.sin(t[i]!);
      y[c * samples + i] = c;
    }
  }
  return { x, y, classes };
}

/**
 * Drawn digits 0 to classes − 1 (see digits.ts), perClass of each, class by class: 28×28 pixels
 * in [0, 1] as 784 features per row.
 */
export function digitsData(
  samples: number,
  classes: number,
  options: GenerateOptions = {},
): GeneratedData {
  checkSize('digits', samples, classes);
  const random = options.random ?? new RandomState(options.seed ?? 0);
  const pixels = DIGIT_SIZE * DIGIT_SIZE;
  const n = samples * classes;
  const data = new Float64Array(n * pixels);
  const y = new Int32Array(n);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < samples; i++) {
      drawDigit(c, random, data, (c * samples + i) * pixels);
      y[c * samples + i] = c;
    }
  }
  const dtype = options.dtype ?? 'float64';
  const x: Tensor = {
    shape: [n, pixels],
    dtype,
    data: dtype === 'float32' ? Float32Array.from(data) : data,
  };
  return { x, y, classes, names: DIGIT_NAMES.slice(0, classes) };
}

export interface DatasetSpec {
  name: DatasetName;
  classes: number;
  perClass: number;
}

/** `spiral:3x100` → 3 classes of 100 points each. */
export function parseDatasetSpec(text: string): DatasetSpec {
  const m = /^\s*([a-z]+)\s*:\s*(\d+)\s*[x×]\s*(\d+)\s*$/i.exec(text);
  if (!m) {
    throw new Error(
      `expected a data set as NAME:CLASSESxPOINTS such as spiral:3x100, found ${JSON.stringify(text)}`,
    );
  }
  const name = m[1]!.toLowerCase();
  if (!(DATASETS as readonly string[]).includes(name)) {
    throw new Error(`unknown data set "${m[1]}": choose one of ${DATASETS.join(', ')}`);
  }
  const spec = { name: name as DatasetName, classes: Number(m[2]), perClass: Number(m[3]) };
  checkSize(spec.name, spec.perClass, spec.classes);
  return spec;
}

/** Draws the data set a spec names. */
export function generateDataset(spec: DatasetSpec, options: GenerateOptions = {}): GeneratedData {
  switch (spec.name) {
    case 'spiral':
      return spiralData(spec.perClass, spec.classes, options);
    case 'vertical':
      return verticalData(spec.perClass, spec.classes, options);
    case 'xor':
      if (spec.classes !== 2) throw new Error(`xor has 2 classes, found ${spec.classes}`);
      return xorData(spec.perClass, options);
    case 'circles':
      return circlesData(spec.perClass, spec.classes, options);
    case 'digits':
      return digitsData(spec.perClass, spec.classes, options);
    default:
      throw new Error(`unknown data set ${spec.name satisfies never}`);
  }
}

function checkSize(name: DatasetName, samples: number, classes: number): void {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new Error(`${name}: the number of classes must be a whole number ≥ 1, found ${classes}`);
  }
  if (name === 'xor' && classes !== 2) throw new Error(`xor has 2 classes, found ${classes}`);
  if (name === 'digits' && classes > DIGIT_NAMES.length) {
    throw new Error(`digits has at most ${DIGIT_NAMES.length} classes (0 to 9), found ${classes}`);
  }
  if (name === 'digits' && samples * classes > MAX_DIGITS) {
    throw new Error(
      `digits: ${classes} × ${samples} = ${samples * classes} pictures is more than ${MAX_DIGITS}`,
    );
  }
  if (!Number.isInteger(samples) || samples < 1) {
    throw new Error(`${name}: points per class must be a whole number ≥ 1, found ${samples}`);
  }
  if (samples * classes > MAX_POINTS) {
    throw new Error(
      `${name}: ${classes} × ${samples} = ${samples * classes} points is more than ${MAX_POINTS}`,
    );
  }
}

function setUp(name: DatasetName, samples: number, classes: number, options: GenerateOptions) {
  checkSize(name, samples, classes);
  const random = options.random ?? new RandomState(options.seed ?? 0);
  const dtype = options.dtype ?? 'float64';
  const n = samples * classes;
  const data = dtype === 'float32' ? new Float32Array(n * 2) : new Float64Array(n * 2);
  const x: Tensor = { shape: [n, 2], dtype, data };
  return { random, float32: dtype === 'float32', x, y: new Int32Array(n) };
}
