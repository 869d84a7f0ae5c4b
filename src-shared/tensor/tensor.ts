/**
 * A dense, row-major n-dimensional array: the one numeric container of the core.
 * float64 is the default so that printed numbers match NumPy digit for digit;
 * float32 halves memory and doubles SIMD width for training.
 */
export type DType = 'float64' | 'float32';
export type Shape = readonly number[];
export type TypedArray = Float64Array | Float32Array;

export interface Tensor {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly data: TypedArray;
}

/** A nested array of numbers as JSON and NumPy's `tolist()` write it. */
export type Nested = number | Nested[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `(3, 4)`, `(4,)`, `()`: a shape as NumPy writes it. */
export function shapeToString(shape: Shape): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function allocate(size: number, dtype: DType = 'float64'): TypedArray {
  return dtype === 'float32' ? new Float32Array(size) : new Float64Array(size);
}

export function zeros(shape: Shape, dtype: DType = 'float64'): Tensor {
  return { shape: [...shape], dtype, data: allocate(sizeOf(shape), dtype) };
}

export function tensor(data: TypedArray | readonly number[], shape: Shape, dtype?: DType): Tensor {
  const type: DType = dtype ?? (data instanceof Float32Array ? 'float32' : 'float64');
  if (data.length !== sizeOf(shape)) {
    throw new Error(`${data.length} values cannot fill shape ${shapeToString(shape)}`);
  }
  const buffer = allocate(data.length, type);
  buffer.set(data);
  return { shape: [...shape], dtype: type, data: buffer };
}

/** The shape of a nested array, or a message naming the first place where it is ragged. */
export function nestedShape(value: unknown): { shape: number[] } | { error: string } {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const check = (v: unknown, depth: number, path: string): string | null => {
    if (depth === shape.length) {
      return typeof v === 'number'
        ? null
        : `${path || 'value'}: expected a number, found ${describe(v)}`;
    }
    if (!Array.isArray(v))
      return `${path || 'value'}: expected a list of ${shape[depth]}, found ${describe(v)}`;
    if (v.length !== shape[depth]) {
      return `${path || 'value'}: ragged array, expected ${shape[depth]} items like the first row, found ${v.length}`;
    }
    for (let i = 0; i < v.length; i++) {
      const error = check(v[i], depth + 1, `${path}[${i}]`);
      if (error) return error;
    }
    return null;
  };
  const error = check(value, 0, '');
  return error ? { error } : { shape };
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'string')
    return `the text ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** Builds a tensor from a nested array, refusing ragged arrays and non-finite numbers. */
export function fromNested(value: Nested, dtype: DType = 'float64'): Tensor {
  const result = nestedShape(value);
  if ('error' in result) throw new Error(result.error);
  const flat = (value as unknown[]).flat(Infinity as 1) as number[];
  const data = typeof value === 'number' ? [value] : flat;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new Error(`value ${i}: ${data[i]} is not a finite number`);
  }
  return tensor(data, result.shape, dtype);
}

export function toNested(t: Tensor): Nested {
  if (t.shape.length === 0) return t.data[0] ?? 0;
  const build = (offset: number, axis: number): Nested[] => {
    const n = t.shape[axis] ?? 0;
    const stride = sizeOf(t.shape.slice(axis + 1));
    const out: Nested[] = [];
    for (let i = 0; i < n; i++) {
      out.push(
        axis === t.shape.length - 1
          ? (t.data[offset + i] as number)
          : build(offset + i * stride, axis + 1),
      );
    }
    return out;
  };
  return build(0, 0);
}
