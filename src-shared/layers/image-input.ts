/** The image input: raw 0..255 pixels in, normalised values out, per channel. */
import { ShapeError } from '../tensor/ops.ts';
import type { TypedArray } from '../tensor/tensor.ts';
import { childPath, found } from '../model-file/errors.ts';
import { MAX_IMAGE_SIDE } from '../model-file/limits.ts';
import type { LayerReader } from './file-form.ts';
import type { LayerKind } from './kind.ts';
import { describeShape } from './shapes.ts';

/** A picture of height × width pixels with 1 (grey) or 3 (RGB) channels. */
export interface ImageInputLayer {
  readonly type: 'image-input';
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
  /** A pixel value p in 0..255 enters as (p / 255 − mean[c]) / std[c]; one entry per channel. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/**
 * y = (p / 255 − mean[c]) / std[c] over NHWC pixels, computed as p · a[c] + b[c] with
 * a = 1 / (255 · std) and b = −mean / std, so the inner loop has no division.
 */
export function normalizePixels(
  x: ArrayLike<number>,
  y: TypedArray,
  mean: readonly number[],
  std: readonly number[],
): void {
  const channels = mean.length;
  if (channels === 3) {
    // The common RGB case unrolled: no inner channel loop, no per-pixel modulo.
    const [a0, a1, a2] = std.map((s) => 1 / (255 * s)) as [number, number, number];
    const [b0, b1, b2] = mean.map((m, c) => -m / std[c]!) as [number, number, number];
    for (let i = 0; i + 2 < x.length; i += 3) {
      y[i] = x[i]! * a0 + b0;
      y[i + 1] = x[i + 1]! * a1 + b1;
      y[i + 2] = x[i + 2]! * a2 + b2;
    }
    return;
  }
  for (let i = 0; i < x.length; i += channels) {
    for (let c = 0; c < channels; c++) y[i + c] = (x[i + c]! / 255 - mean[c]!) / std[c]!;
  }
}

function readImageInput(from: LayerReader): ImageInputLayer {
  const height = from.size('height', MAX_IMAGE_SIDE, 'pixels');
  const width = from.size('width', MAX_IMAGE_SIDE, 'pixels');
  const channels = from.fields.channels;
  if (channels !== 1 && channels !== 3) {
    from.fail('channels', `expected 1 (grey) or 3 (RGB), found ${found(channels)}`);
  }
  const perChannel = (key: 'mean' | 'std') => {
    const expected = `a list of ${channels} numbers, one per channel`;
    const values = from.vector(key, expected);
    if (values.length !== channels) from.fail(key, `expected ${expected}, found ${values.length}`);
    return values;
  };
  const mean = perChannel('mean');
  const std = perChannel('std');
  std.forEach((s, c) => {
    // Pixels are divided by std: zero or a negative scale would break or flip the picture.
    if (s <= 0) from.fail(childPath('std', c), `expected a number above 0, found ${s}`);
  });
  return { type: 'image-input', height, width, channels, mean: [...mean], std: [...std] };
}

const picture = (l: ImageInputLayer) => `${l.height}×${l.width}×${l.channels}`;

export const imageInputKind: LayerKind<ImageInputLayer> = {
  type: 'image-input',
  label: 'Image input',
  hint: 'a picture, height × width × channels, pixels 0..255',
  role: 'input',
  settings: [
    { key: 'height', label: 'Height', min: 1, max: 4096, integer: true },
    { key: 'width', label: 'Width', min: 1, max: 4096, integer: true },
    { key: 'channels', label: 'Channels', min: 1, max: 3, integer: true, choices: [1, 3] },
  ],
  defaults: { height: 64, width: 64, channels: 3 },
  settingsOf: (l) => ({ height: l.height, width: l.width, channels: l.channels }),
  describe: (l) =>
    `${l.height}×${l.width} pictures of ${l.channels} channel${l.channels === 1 ? '' : 's'}, (p / 255 − mean) / std per channel`,
  create({ height, width, channels }) {
    const c = channels === 1 ? 1 : 3;
    return {
      type: 'image-input',
      height: height!,
      width: width!,
      channels: c,
      mean: new Array<number>(c).fill(0),
      std: new Array<number>(c).fill(1),
    };
  },
  outputShape(layer, inputs) {
    const want = [layer.height, layer.width, layer.channels];
    const given = inputs[0];
    if (given && (given.length !== 3 || want.some((d, i) => d !== given[i]))) {
      throw new ShapeError(
        `the image input takes ${picture(layer)} pictures (height, width, channels), found ${describeShape(given)}`,
      );
    }
    return want;
  },
  parameters: () => [],
  runtime(layer, _inputs, backend) {
    const output = backend.scratch();
    return {
      outShape: [layer.height, layer.width, layer.channels],
      params: [],
      forward(xs) {
        const x = xs[0]!;
        const y = output.get(x.length);
        normalizePixels(x, y, layer.mean, layer.std);
        return y;
      },
      backward() {},
      toLayer: () => ({ ...layer, mean: [...layer.mean], std: [...layer.std] }),
    };
  },
  file: {
    keys: ['height', 'width', 'channels', 'mean', 'std'],
    write: (layer, out) => ({
      height: layer.height,
      width: layer.width,
      channels: layer.channels,
      mean: out.numbers(layer.mean, 'mean'),
      std: out.numbers(layer.std, 'std'),
    }),
    read: readImageInput,
  },
};
