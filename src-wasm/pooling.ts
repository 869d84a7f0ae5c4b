// Max and average pooling over NHWC pictures (no padding), four channels per vector: the
// channels of a pixel are contiguous, so each window is size × size vector loads.

/**
 * y = the largest value of each window; argmax = the flat index into x of the value chosen.
 * The first maximum in window order wins a tie (a strict >) and a NaN never replaces the
 * running maximum, as the reference loops (layers/maxpool2d.ts).
 */
export function maxPoolForward(
  x: usize, batch: i32, h: i32, w: i32, c: i32, size: i32, stride: i32, outH: i32, outW: i32,
  y: usize, argmax: usize,
): void {
  const quads = c & ~3;
  const lanes = i32x4(0, 1, 2, 3);
  const rowStep = w * c;
  let o: usize = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = ((b * h + oy * stride) * w + ox * stride) * c;
        let ch = 0;
        for (; ch < quads; ch += 4) {
          let best = i32x4.add(i32x4.splat(corner + ch), lanes);
          let top = v128.load(x + ((<usize>(corner + ch)) << 2));
          for (let ky = 0; ky < size; ky++) {
            let at = corner + ky * rowStep + ch;
            for (let kx = 0; kx < size; kx++, at += c) {
              const v = v128.load(x + ((<usize>at) << 2));
              const wins = f32x4.gt(v, top);
              top = v128.bitselect(v, top, wins);
              best = v128.bitselect(i32x4.add(i32x4.splat(at), lanes), best, wins);
            }
          }
          v128.store(y + ((o + ch) << 2), top);
          v128.store(argmax + ((o + ch) << 2), best);
        }
        for (; ch < c; ch++) {
          let best = corner + ch;
          let top = load<f32>(x + ((<usize>best) << 2));
          for (let ky = 0; ky < size; ky++) {
            let at = corner + ky * rowStep + ch;
            for (let kx = 0; kx < size; kx++, at += c) {
              const v = load<f32>(x + ((<usize>at) << 2));
              if (v > top) {
                top = v;
                best = at;
              }
            }
          }
          store<f32>(y + ((o + ch) << 2), top);
          store<i32>(argmax + ((o + ch) << 2), best);
        }
        o += c;
      }
    }
  }
}

/**
 * dx (batch × h × w × c) = 0 but for each window's winner, which gets its output's gradient.
 * Windows that do not overlap (stride ≥ size) write each of their values once, four channels
 * per vector (the winner's lane gets dy, the others 0); overlapping ones add up one at a time.
 */
export function maxPoolBackward(
  dy: usize, argmax: usize, batch: i32, h: i32, w: i32, c: i32, size: i32, stride: i32,
  outH: i32, outW: i32, dx: usize,
): void {
  const n = outH * outW * c * batch;
  const covered = stride == size && outH * size == h && outW * size == w;
  if (!covered) memory.fill(dx, 0, (<usize>(batch * h * w * c)) << 2);
  if (stride < size) {
    for (let i = 0; i < n; i++) {
      const to = dx + ((<usize>load<i32>(argmax + ((<usize>i) << 2))) << 2);
      store<f32>(to, load<f32>(to) + load<f32>(dy + ((<usize>i) << 2)));
    }
    return;
  }
  const quads = c & ~3;
  const lanes = i32x4(0, 1, 2, 3);
  const rowStep = w * c;
  let o: usize = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = ((b * h + oy * stride) * w + ox * stride) * c;
        let ch = 0;
        for (; ch < quads; ch += 4) {
          const g = v128.load(dy + ((o + ch) << 2));
          const best = v128.load(argmax + ((o + ch) << 2));
          for (let ky = 0; ky < size; ky++) {
            let at = corner + ky * rowStep + ch;
            for (let kx = 0; kx < size; kx++, at += c) {
              const here = i32x4.eq(i32x4.add(i32x4.splat(at), lanes), best);
              v128.store(dx + ((<usize>at) << 2), v128.and(g, here));
            }
          }
        }
        for (; ch < c; ch++) {
          const g = load<f32>(dy + ((o + ch) << 2));
          const best = load<i32>(argmax + ((o + ch) << 2));
          for (let ky = 0; ky < size; ky++) {
            let at = corner + ky * rowStep + ch;
            for (let kx = 0; kx < size; kx++, at += c) {
              store<f32>(dx + ((<usize>at) << 2), select<f32>(g, 0, at == best));
            }
          }
        }
        o += c;
      }
    }
  }
}

/** y = the mean of each window: its values added in window order, times 1 / size². */
export function avgPoolForward(
  x: usize, batch: i32, h: i32, w: i32, c: i32, size: i32, stride: i32, outH: i32, outW: i32,
  y: usize,
): void {
  const quads = c & ~3;
  const rowStep = w * c;
  const scale: f32 = <f32>(1.0 / <f64>(size * size));
  const scales = f32x4.splat(scale);
  let o: usize = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = ((b * h + oy * stride) * w + ox * stride) * c;
        let ch = 0;
        for (; ch < quads; ch += 4) {
          let sum = f32x4.splat(0);
          for (let ky = 0; ky < size; ky++) {
            let at = corner + ky * rowStep + ch;
            for (let kx = 0; kx < size; kx++, at += c) {
              sum = f32x4.add(sum, v128.load(x + ((<usize>at) << 2)));
            }
          }
          v128.store(y + ((o + ch) << 2), f32x4.mul(sum, scales));
        }
        for (; ch < c; ch++) {
          let sum: f32 = 0;
          for (let ky = 0; ky < size; ky++) {
            let at = corner + ky * rowStep + ch;
            for (let kx = 0; kx < size; kx++, at += c) sum += load<f32>(x + ((<usize>at) << 2));
          }
          store<f32>(y + ((o + ch) << 2), sum * scale);
        }
        o += c;
      }
    }
  }
}

/** dx = Σ over the windows holding each value of dy / size² (0 outside every window). */
export function avgPoolBackward(
  dy: usize, batch: i32, h: i32, w: i32, c: i32, size: i32, stride: i32, outH: i32, outW: i32,
  dx: usize,
): void {
  memory.fill(dx, 0, (<usize>(batch * h * w * c)) << 2);
  const quads = c & ~3;
  const rowStep = w * c;
  const scale: f32 = <f32>(1.0 / <f64>(size * size));
  const scales = f32x4.splat(scale);
  let o: usize = 0;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const corner = ((b * h + oy * stride) * w + ox * stride) * c;
        let ch = 0;
        for (; ch < quads; ch += 4) {
          const g = f32x4.mul(v128.load(dy + ((o + ch) << 2)), scales);
          for (let ky = 0; ky < size; ky++) {
            let at = corner + ky * rowStep + ch;
            for (let kx = 0; kx < size; kx++, at += c) {
              const to = dx + ((<usize>at) << 2);
              v128.store(to, f32x4.add(v128.load(to), g));
            }
          }
        }
        for (; ch < c; ch++) {
          const g = load<f32>(dy + ((o + ch) << 2)) * scale;
          for (let ky = 0; ky < size; ky++) {
            let at = corner + ky * rowStep + ch;
            for (let kx = 0; kx < size; kx++, at += c) {
              const to = dx + ((<usize>at) << 2);
              store<f32>(to, load<f32>(to) + g);
            }
          }
        }
        o += c;
      }
    }
  }
}
