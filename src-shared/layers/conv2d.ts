/**
 * A 2-D convolution (cross-correlation, as every deep-learning library computes it) over NHWC
 * pictures: y[b, oy, ox, co] = bias[co] + Σ over ky, kx, ci of x[b, oy·s + ky − p, ox·s + kx − p, ci]
 * · w[ky, kx, ci, co]. The arithmetic is the backend's (`conv2dForward` / `conv2dBackward`).
 */
import { convGeometry, type ConvForwardOptions } from '../kernels/types.ts';
import { conv2dBackwardBytes, conv2dForwardBytes } from '../kernels/working-set.ts';
import { ShapeError } from '../tensor/ops.ts';
import { zeros, type Tensor, type TypedArray } from '../tensor/tensor.ts';
import { times } from '../model-file/checks.ts';
import { found } from '../model-file/errors.ts';
import { MAX_IMAGE_SIDE } from '../model-file/limits.ts';
import type { LayerReader } from './file-form.ts';
import type { LayerKind } from './kind.ts';
import { expectPicture, wholeSetting } from './shapes.ts';
import { param, saved } from './tensors.ts';

export interface Conv2DLayer {
  readonly type: 'conv2d';
  /** Shape (kernel height, kernel width, in channels, out channels). */
  readonly weights: Tensor;
  /** Shape (out channels,). */
  readonly biases: Tensor;
  readonly stride: number;
  /** Zeros added on every side: (kernel − 1) / 2 keeps the size at stride 1. */
  readonly padding: number;
}

/** Output side length, ⌊(n + 2p − k) / s⌋ + 1, after checking the settings can work at all. */
function outSide(n: number, k: number, s: number, p: number, side: string): number {
  const out = Math.floor((n + 2 * p - k) / s) + 1;
  if (out < 1) {
    throw new ShapeError(
      `conv2d: a ${k}-wide kernel with padding ${p} does not fit the picture's ${side} of ${n} — use a kernel of at most ${n + 2 * p} or more padding`,
    );
  }
  return out;
}

function checkSettings(kh: number, kw: number, stride: number, padding: number): void {
  wholeSetting('conv2d', 'the stride', stride, 1);
  wholeSetting('conv2d', 'the padding', padding, 0);
  if (padding >= kh || padding >= kw) {
    // Padding of a whole kernel or more adds outputs that see nothing but zeros.
    throw new ShapeError(
      `conv2d: padding ${padding} must be smaller than the ${kh}×${kw} kernel — use at most ${Math.min(kh, kw) - 1}`,
    );
  }
}

/** Its tensors load as float32 whatever the model's precision. */
function readConv2D(from: LayerReader): Conv2DLayer {
  const biases = from.list('biases', 'one per out channel');
  const outChannels = biases.length;
  const axes = '(kernel height × kernel width × in channels × out channels)';
  const weights = from.array('weights', 4, `a 4-D array ${axes}`);
  const [kh, kw, cin, cout] = weights.shape as [number, number, number, number];
  if (cout !== outChannels) {
    from.fail(
      'weights',
      `expected a ${times([kh, kw, cin, outChannels])} array ${axes}, found ${times(weights.shape)} — or should biases have ${cout} numbers?`,
    );
  }
  const stride = from.size('stride', MAX_IMAGE_SIDE, 'pixels per step');
  const padding = from.fields.padding;
  const kernel = Math.min(kh, kw);
  if (!Number.isInteger(padding) || (padding as number) < 0 || (padding as number) >= kernel) {
    from.fail(
      'padding',
      `expected a whole number from 0 to ${kernel - 1} (less than the ${kh}×${kw} kernel), found ${found(padding)}`,
    );
  }
  return {
    type: 'conv2d',
    weights: from.tensor(weights.data, weights.shape, 'weights', 'float32'),
    biases: from.tensor(biases, [outChannels], 'biases', 'float32'),
    stride,
    padding: padding as number,
  };
}

export const conv2dKind: LayerKind<Conv2DLayer> = {
  type: 'conv2d',
  label: 'Conv2D',
  hint: 'slides each filter over the picture: Σ window · kernel + b',
  role: 'layer',
  settings: [
    { key: 'filters', label: 'Filters', min: 1, max: 1024, integer: true },
    { key: 'kernel', label: 'Kernel size', min: 1, max: 15, integer: true },
    { key: 'stride', label: 'Stride', min: 1, max: 8, integer: true },
    { key: 'padding', label: 'Padding', min: 0, max: 7, integer: true },
  ],
  defaults: { filters: 8, kernel: 3, stride: 1, padding: 1 },
  settingsOf: (l) => ({
    filters: l.weights.shape[3]!,
    kernel: l.weights.shape[0]!,
    stride: l.stride,
    padding: l.padding,
  }),
  describe(l) {
    const [kh, kw, cin, cout] = l.weights.shape as [number, number, number, number];
    return `${cout} ${kh}×${kw} kernels over ${cin} channels + biases, stride ${l.stride}, padding ${l.padding}`;
  },
  create({ filters, kernel, stride, padding }, inputs) {
    const [, , channels] = expectPicture('conv2d', inputs);
    const layer: Conv2DLayer = {
      type: 'conv2d',
      weights: zeros([kernel!, kernel!, channels, filters!], 'float32'),
      biases: zeros([filters!], 'float32'),
      stride: stride!,
      padding: padding!,
    };
    conv2dKind.outputShape(layer, inputs);
    return layer;
  },
  outputShape(layer, inputs) {
    const [h, w, c] = expectPicture('conv2d', inputs);
    const [kh, kw, cin, cout] = layer.weights.shape as [number, number, number, number];
    checkSettings(kh, kw, layer.stride, layer.padding);
    if (c !== cin) {
      throw new ShapeError(
        `conv2d takes ${cin} channels, found ${c} (a ${h}×${w}×${c} picture) — set its input channels to ${c}`,
      );
    }
    return [
      outSide(h, kh, layer.stride, layer.padding, 'height'),
      outSide(w, kw, layer.stride, layer.padding, 'width'),
      cout,
    ];
  },
  parameters: (layer) => [
    { field: 'weights', tensor: layer.weights, decay: true },
    { field: 'biases', tensor: layer.biases, decay: false },
  ],
  cost(layer, inputs) {
    const [h, w, cin] = inputs[0]! as [number, number, number];
    const [kh, kw, , cout] = layer.weights.shape as [number, number, number, number];
    const one = convGeometry({
      ...{ batch: 1, height: h, width: w, inChannels: cin, outChannels: cout },
      ...{ kernelHeight: kh, kernelWidth: kw, stride: layer.stride, padding: layer.padding },
    });
    return {
      flops: 2 * one.outHeight * one.outWidth * cout * kh * kw * cin,
      // float64 convolves with plain loops in place; float32 copies into the kernels' memory.
      kernelBytes(batch, precision, training) {
        if (precision === 'float64') return 0;
        const g = { ...one, batch };
        return Math.max(conv2dForwardBytes(g), training ? conv2dBackwardBytes(g, true) : 0);
      },
    };
  },
  runtime(layer, inputs, backend) {
    const [h, w, cin] = inputs[0]! as [number, number, number];
    const [kh, kw, , cout] = layer.weights.shape as [number, number, number, number];
    let g = convGeometry({
      batch: 1,
      height: h,
      width: w,
      inChannels: cin,
      outChannels: cout,
      kernelHeight: kh,
      kernelWidth: kw,
      stride: layer.stride,
      padding: layer.padding,
    });
    const weights = param(backend, 'weights', layer.weights, true);
    const biases = param(backend, 'biases', layer.biases, false);
    const output = backend.scratch();
    let input: TypedArray = weights.value;
    /** The weights and biases with a channel map folded in (buffers made at the first). */
    let folded: { weights: TypedArray; biases: TypedArray } | null = null;
    const run = (
      xs: readonly TypedArray[],
      batch: number,
      w: TypedArray,
      b: TypedArray,
      options: ConvForwardOptions,
    ) => {
      if (g.batch !== batch) g = { ...g, batch };
      input = xs[0]!;
      // The whole output's room even when pooled: the buffer's region is laid out at its first
      // use (layers/scratch.ts), and a later plain pass needs all of it.
      const y = output.get(batch * g.outHeight * g.outWidth * cout);
      const out = options.pool
        ? y.subarray(0, batch * (g.outHeight >> 1) * (g.outWidth >> 1) * cout)
        : y;
      backend.conv2dForward(g, input, w, b, out, options);
      return out;
    };
    return {
      outShape: [g.outHeight, g.outWidth, cout],
      params: [weights, biases],
      forward: (xs, batch) => run(xs, batch, weights.value, biases.value, {}),
      folded: {
        // (x ∗ w + b) · scale + shift = x ∗ (w · scale) + (b · scale + shift), per out channel;
        // made afresh each pass, as the weights and the map change between passes.
        forward(xs, batch, { map, relu, pool }) {
          if (!map) return run(xs, batch, weights.value, biases.value, { relu, pool });
          folded ??= { weights: backend.alloc(weights.value.length), biases: backend.alloc(cout) };
          const { scale, shift } = map;
          const w = weights.value;
          for (let i = 0; i < w.length; i += cout) {
            for (let co = 0; co < cout; co++) folded.weights[i + co] = w[i + co]! * scale[co]!;
          }
          for (let co = 0; co < cout; co++) {
            folded.biases[co] = biases.value[co]! * scale[co]! + shift[co]!;
          }
          return run(xs, batch, folded.weights, folded.biases, { relu, pool });
        },
        pools: () => backend.poolsInForward(g),
      },
      backward(dy, [dx]) {
        backend.conv2dBackward(g, input, weights.value, dy, dx ?? null, weights.grad, biases.grad);
      },
      toLayer: () => ({
        ...layer,
        weights: saved(weights.value, layer.weights.shape, layer.weights.dtype),
        biases: saved(biases.value, [cout], layer.biases.dtype),
      }),
    };
  },
  file: {
    keys: ['weights', 'biases', 'stride', 'padding'],
    write: (layer, out) => ({
      weights: out.tensor(layer.weights, 'weights', 'float32'),
      biases: out.tensor(layer.biases, 'biases', 'float32'),
      stride: layer.stride,
      padding: layer.padding,
    }),
    read: readConv2D,
  },
};
