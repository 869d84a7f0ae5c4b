/**
 * Reading the image layers of a model file. Sizes are whole numbers, parameters nested lists of
 * finite numbers loaded as float32. Each layer is read on its own (format v4): whether it fits
 * the layer wired into it is checked when the network runs. Each fault names its JSON path,
 * what was expected and what was found.
 */
import type {
  BatchNormLayer,
  Conv2DLayer,
  DropoutLayer,
  ImageInputLayer,
  ImageLayer,
  ImageLayerType,
  LeakyReluLayer,
  MaxPool2DLayer,
} from '../layers/index.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import { isFiniteNumber, readVector, type JsonObject } from './checks.ts';
import { childPath, fail, found } from './errors.ts';
import { MAX_IMAGE_SIDE, MAX_UNITS } from './limits.ts';

/** The keys each image layer has besides `type` and `position`, in the order files write them. */
export const IMAGE_LAYER_KEYS: Record<ImageLayerType, readonly string[]> = {
  'image-input': ['height', 'width', 'channels', 'mean', 'std'],
  conv2d: ['weights', 'biases', 'stride', 'padding'],
  maxpool2d: ['size', 'stride'],
  avgpool2d: ['size', 'stride'],
  leakyrelu: ['alpha'],
  add: [],
  concatenate: [],
  batchnorm: ['gamma', 'beta', 'runningMean', 'runningVar', 'epsilon', 'momentum'],
  globalavgpool: [],
  flatten: [],
  dropout: ['rate'],
};

export function readImageLayer(type: ImageLayerType, layer: JsonObject, path: string): ImageLayer {
  switch (type) {
    case 'image-input':
      return readImageInput(layer, path);
    case 'conv2d':
      return readConv2D(layer, path);
    case 'maxpool2d':
    case 'avgpool2d':
      return { ...readMaxPool(layer, path), type };
    case 'leakyrelu':
      return readLeakyRelu(layer, path);
    case 'add':
    case 'concatenate':
      return { type };
    case 'batchnorm':
      return readBatchNorm(layer, path);
    case 'globalavgpool':
    case 'flatten':
      return { type };
    case 'dropout':
      return readDropout(layer, path);
    default:
      throw new Error(`unknown image layer ${type satisfies never}`);
  }
}

function readImageInput(layer: JsonObject, path: string): ImageInputLayer {
  const height = readSize(layer.height, `${path}.height`, MAX_IMAGE_SIDE, 'pixels');
  const width = readSize(layer.width, `${path}.width`, MAX_IMAGE_SIDE, 'pixels');
  const channels = layer.channels;
  if (channels !== 1 && channels !== 3) {
    fail(`${path}.channels`, `expected 1 (grey) or 3 (RGB), found ${found(channels)}`);
  }
  const perChannel = (key: 'mean' | 'std') => {
    const keyPath = `${path}.${key}`;
    const expected = `a list of ${channels} numbers, one per channel`;
    const values = readVector(layer[key], keyPath, expected);
    if (values.length !== channels) {
      fail(keyPath, `expected ${expected}, found ${values.length}`);
    }
    return values;
  };
  const mean = perChannel('mean');
  const std = perChannel('std');
  std.forEach((s, c) => {
    // Pixels are divided by std: zero or a negative scale would break or flip the picture.
    if (s <= 0) fail(childPath(`${path}.std`, c), `expected a number above 0, found ${s}`);
  });
  return { type: 'image-input', height, width, channels, mean: [...mean], std: [...std] };
}

function readConv2D(layer: JsonObject, path: string): Conv2DLayer {
  const biases = readBiases(layer.biases, `${path}.biases`, 'one per out channel');
  const outChannels = biases.length;
  const weightsPath = `${path}.weights`;
  const axes = '(kernel height × kernel width × in channels × out channels)';
  const weights = readArray(layer.weights, weightsPath, 4, `a 4-D array ${axes}`);
  const [kh, kw, cin, cout] = weights.shape as [number, number, number, number];
  if (cout !== outChannels) {
    fail(
      weightsPath,
      `expected a ${times([kh, kw, cin, outChannels])} array ${axes}, found ${times(weights.shape)} — or should biases have ${cout} numbers?`,
    );
  }
  const stride = readSize(layer.stride, `${path}.stride`, MAX_IMAGE_SIDE, 'pixels per step');
  const padding = layer.padding;
  const kernel = Math.min(kh, kw);
  if (!Number.isInteger(padding) || (padding as number) < 0 || (padding as number) >= kernel) {
    fail(
      `${path}.padding`,
      `expected a whole number from 0 to ${kernel - 1} (less than the ${kh}×${kw} kernel), found ${found(padding)}`,
    );
  }
  return {
    type: 'conv2d',
    weights: float32(weights.data, weights.shape, weightsPath),
    biases: float32(biases, [outChannels], `${path}.biases`),
    stride,
    padding: padding as number,
  };
}

function readMaxPool(layer: JsonObject, path: string): MaxPool2DLayer {
  const size = readSize(layer.size, `${path}.size`, MAX_IMAGE_SIDE, 'pixels');
  const stride = readSize(layer.stride, `${path}.stride`, MAX_IMAGE_SIDE, 'pixels per step');
  return { type: 'maxpool2d', size, stride };
}

function readBatchNorm(layer: JsonObject, path: string): BatchNormLayer {
  const gamma = readBiases(layer.gamma, `${path}.gamma`, 'one per channel');
  const channels = gamma.length;
  const perChannel = (key: 'beta' | 'runningMean' | 'runningVar') => {
    const keyPath = `${path}.${key}`;
    const expected = `a list of ${channels} numbers like gamma, one per channel`;
    const values = readVector(layer[key], keyPath, expected);
    if (values.length !== channels) fail(keyPath, `expected ${expected}, found ${values.length}`);
    return values;
  };
  const beta = perChannel('beta');
  const runningMean = perChannel('runningMean');
  const runningVar = perChannel('runningVar');
  runningVar.forEach((v, c) => {
    if (v < 0) {
      fail(childPath(`${path}.runningVar`, c), `expected a variance of 0 or more, found ${v}`);
    }
  });
  const epsilon = layer.epsilon;
  if (!isFiniteNumber(epsilon) || epsilon <= 0) {
    fail(`${path}.epsilon`, `expected a number above 0 (such as 0.001), found ${found(epsilon)}`);
  }
  const momentum = layer.momentum;
  if (!isFiniteNumber(momentum) || momentum <= 0 || momentum > 1) {
    fail(
      `${path}.momentum`,
      `expected a number above 0 and at most 1 (such as 0.1), found ${found(momentum)}`,
    );
  }
  return {
    type: 'batchnorm',
    gamma: float32(gamma, [channels], `${path}.gamma`),
    beta: float32(beta, [channels], `${path}.beta`),
    runningMean: float32(runningMean, [channels], `${path}.runningMean`),
    runningVar: float32(runningVar, [channels], `${path}.runningVar`),
    epsilon,
    momentum,
  };
}

function readDropout(layer: JsonObject, path: string): DropoutLayer {
  const rate = layer.rate;
  // A rate of 1 would drop every value and leave nothing to scale back up.
  if (!isFiniteNumber(rate) || rate < 0 || rate >= 1) {
    fail(
      `${path}.rate`,
      `expected a number from 0 up to but not including 1, found ${found(rate)}`,
    );
  }
  return { type: 'dropout', rate };
}

function readLeakyRelu(layer: JsonObject, path: string): LeakyReluLayer {
  const alpha = layer.alpha;
  if (!isFiniteNumber(alpha) || alpha < 0 || alpha > 1) {
    fail(
      `${path}.alpha`,
      `expected the negative slope, a number from 0 to 1, found ${found(alpha)}`,
    );
  }
  return { type: 'leakyrelu', alpha };
}

/** A whole number from 1 to `max`. */
function readSize(value: unknown, path: string, max: number, unit: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    fail(path, `expected a whole number of ${unit} from 1 to ${max}, found ${found(value)}`);
  }
  return value;
}

/** A non-empty list of at most MAX_UNITS finite numbers. */
function readBiases(value: unknown, path: string, each: string): number[] {
  const values = readVector(value, path, `a list of numbers, ${each}`);
  if (values.length === 0)
    fail(path, `expected at least one number (${each}), found an empty list`);
  if (values.length > MAX_UNITS)
    fail(path, `expected at most ${MAX_UNITS} numbers, found ${values.length}`);
  return values;
}

/**
 * A nested list of `rank` levels, equally long at each level, of finite numbers: its shape
 * and its values in row-major order. `expected` describes it for messages.
 */
export function readArray(
  value: unknown,
  path: string,
  rank: number,
  expected: string,
): { shape: number[]; data: number[] } {
  const shape: number[] = [];
  let probe = value;
  while (Array.isArray(probe) && shape.length < rank) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  if (shape.length !== rank || Array.isArray(probe) || shape.includes(0)) {
    const what = Array.isArray(value)
      ? `${times(shape)}${Array.isArray(probe) ? '×…' : ''}`
      : found(value);
    fail(path, `expected ${expected}, found ${what}`);
  }
  const data: number[] = [];
  const walk = (item: unknown, depth: number, at: string): void => {
    if (depth === rank) {
      if (!isFiniteNumber(item)) fail(at, `expected a finite number, found ${found(item)}`);
      data.push(item);
      return;
    }
    if (!Array.isArray(item)) fail(at, `expected a list of ${shape[depth]}, found ${found(item)}`);
    if (item.length !== shape[depth]) {
      fail(
        at,
        `expected ${shape[depth]} items like the first at this level, found ${item.length} (ragged)`,
      );
    }
    item.forEach((child: unknown, i) => walk(child, depth + 1, childPath(at, i)));
  };
  walk(value, 0, path);
  return { shape, data };
}

/** `3×3×16×32`. */
export function times(shape: readonly number[]): string {
  return shape.join('×');
}

/** FLT_MAX: larger numbers are finite in JSON but become Infinity as float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** Values as a float32 tensor, refusing any that float32 cannot hold. */
export function float32(data: readonly number[], shape: readonly number[], path: string): Tensor {
  const bad = data.findIndex((x) => Math.abs(x) > FLOAT32_MAX);
  if (bad !== -1) {
    fail(
      path + flatIndexPath(bad, shape),
      `expected a float32 number (at most 3.4028235e+38 in size), found ${data[bad]}`,
    );
  }
  return tensor(data, shape, 'float32');
}

/** The flat index as `[i][j]…`, last axis fastest. */
export function flatIndexPath(flat: number, shape: readonly number[]): string {
  const index = shape.map(() => 0);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = rest % shape[axis]!;
    rest = Math.floor(rest / shape[axis]!);
  }
  return index.map((i) => `[${i}]`).join('');
}
