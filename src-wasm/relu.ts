// ReLU's passes over n floats, four lanes at a time. Both give the reference loops' numbers
// exactly (src-shared/kernels/reference.ts): f32x4.max(x, 0) is Math.max(0, x) (a NaN stays,
// −0 becomes +0), and the backward multiplies by 1 or 0 rather than selecting, so a non-finite
// gradient where the output is 0 gives NaN there as the float64 loops do.

/** y = max(0, x). */
export function relu(x: usize, n: i32, y: usize): void {
  const zero = f32x4.splat(0);
  const quads = n & ~3;
  let i = 0;
  for (; i < quads; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(y + o, f32x4.max(v128.load(x + o), zero));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(y + o, max<f32>(load<f32>(x + o), 0));
  }
}

/** dx = dy · (y > 0 ? 1 : 0), y being the forward's output. */
export function reluBackward(y: usize, dy: usize, n: i32, dx: usize): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  const quads = n & ~3;
  let i = 0;
  for (; i < quads; i += 4) {
    const o = (<usize>i) << 2;
    const on = v128.and(f32x4.gt(v128.load(y + o), zero), one);
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), on));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    store<f32>(dx + o, load<f32>(dy + o) * select<f32>(1, 0, load<f32>(y + o) > 0));
  }
}
