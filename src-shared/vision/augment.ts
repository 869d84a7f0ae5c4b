/**
 * Training-time augmentation of NHWC pictures: a random horizontal flip and a random shift
 * (pad by `pad` pixels, crop back to the same size), done as one gather per picture.
 *
 * Pad-and-crop keeps the stored pictures at the model's size (a larger stored copy would cost
 * memory for every picture in the set). The padding reflects the picture rather than adding
 * zeros: black bands never appear at test time, so the net should not learn them.
 */
import type { RandomState } from '../rng/random-state.ts';

export interface AugmentOptions {
  readonly batch: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Largest shift in pixels each way; 0 turns the crop off. Must be smaller than the sides. */
  readonly pad: number;
  /** Flip left–right with probability 1/2 (default true). */
  readonly flip?: boolean;
}

/** The shift and flip chosen for one picture (exported for tests and previews). */
export interface Transform {
  readonly dy: number;
  readonly dx: number;
  readonly flip: boolean;
}

/** Reflects an index into 0..n−1 without repeating the edge: −1 → 1, n → n − 2. */
function reflect(i: number, n: number): number {
  if (i < 0) return -i;
  if (i >= n) return 2 * n - 2 - i;
  return i;
}

/**
 * Draws per picture, in this order: flip (randomSample() < 0.5, when enabled), then dy and dx
 * (randint(−pad, pad + 1) each, when pad > 0). Output pixel (y, x) reads the input at
 * (y + dy, x' + dx) reflected, where x' = width − 1 − x when flipped.
 */
export function randomTransform(rng: RandomState, pad: number, flip = true): Transform {
  const flipped = flip ? rng.randomSample() < 0.5 : false;
  const dy = pad > 0 ? rng.randint(-pad, pad + 1) : 0;
  const dx = pad > 0 ? rng.randint(-pad, pad + 1) : 0;
  return { dy, dx, flip: flipped };
}

/** Writes one transformed picture from `input` at `offset` into `output` at the same offset. */
export function applyTransform(
  input: Uint8Array | Float32Array,
  output: Float32Array,
  offset: number,
  { height, width, channels }: { height: number; width: number; channels: number },
  t: Transform,
): void {
  let o = offset;
  for (let y = 0; y < height; y++) {
    const row = offset + reflect(y + t.dy, height) * width * channels;
    for (let x = 0; x < width; x++) {
      const sx = reflect((t.flip ? width - 1 - x : x) + t.dx, width);
      const at = row + sx * channels;
      for (let c = 0; c < channels; c++) output[o++] = input[at + c]!;
    }
  }
}

/** The left–right flip alone: test-time flips average a picture's output with its mirror's. */
const MIRROR: Transform = { dy: 0, dx: 0, flip: true };

/** Each of `batch` pictures from `input`, flipped left to right, into `output` (same layout). */
export function mirrorBatch(
  input: Uint8Array | Float32Array,
  output: Float32Array,
  { batch, ...dims }: { batch: number; height: number; width: number; channels: number },
): void {
  const size = dims.height * dims.width * dims.channels;
  if (input.length < batch * size || output.length < batch * size) {
    throw new RangeError(`mirror: ${batch} pictures need ${batch * size} values each way`);
  }
  for (let b = 0; b < batch; b++) applyTransform(input, output, b * size, dims, MIRROR);
}

/** Augments a batch of pictures from `input` into the preallocated `output` (same layout). */
export function augmentBatch(
  input: Uint8Array | Float32Array,
  output: Float32Array,
  options: AugmentOptions,
  rng: RandomState,
): void {
  const { batch, height, width, channels, pad, flip = true } = options;
  const size = height * width * channels;
  if (input.length < batch * size || output.length < batch * size) {
    throw new RangeError(`augment: ${batch} pictures need ${batch * size} values each way`);
  }
  if (!(Number.isInteger(pad) && pad >= 0 && pad < Math.min(height, width))) {
    throw new RangeError(
      `augment: pad must be a whole number below ${Math.min(height, width)}, found ${pad}`,
    );
  }
  for (let b = 0; b < batch; b++) {
    applyTransform(input, output, b * size, options, randomTransform(rng, pad, flip));
  }
}
