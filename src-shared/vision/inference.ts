/**
 * Inference through the image layers, one plain-data layer at a time, and their shapes.
 * Activations are float32 NHWC tensors with the batch first; the loops are shared with the
 * trainable runtime (`pool.ts`, `batchnorm.ts`) so both compute the same numbers.
 */
import type { ImageLayer } from '../nn/image-layers.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, sizeOf, type Tensor } from '../tensor/tensor.ts';
import { fastKernels } from '../kernels/index.ts';
import { convGeometry, type Kernels } from '../kernels/types.ts';
import { batchNormInference } from './batchnorm.ts';
import { normalizePixels } from './image-input.ts';
import { globalAvgPoolForward, maxPoolForward, poolOutputSize } from './pool.ts';

const picture = (shape: readonly number[]) => shape.map(String).join('×');

/** Describes a sample shape as the messages name it: "784 features" or "a 8×8×3 picture". */
function describeShape(shape: readonly number[]): string {
  if (shape.length === 1) return `${shape[0]} features`;
  if (shape.length === 3) return `a ${picture(shape)} picture`;
  return `shape ${shapeToString(shape)}`;
}

function expectPicture(kind: string, input: readonly number[]): [number, number, number] {
  if (input.length !== 3) {
    throw new ShapeError(
      `${kind} expects a picture (height, width, channels), found ${describeShape(input)}` +
        (input.length === 1 ? ' — add Flatten after it, not before' : ''),
    );
  }
  return [input[0]!, input[1]!, input[2]!];
}

/** The shape of one sample after `layer`, without the batch dimension; throws when it does not fit. */
export function imageLayerOutputShape(layer: ImageLayer, input: readonly number[]): number[] {
  switch (layer.type) {
    case 'image-input': {
      const want = [layer.height, layer.width, layer.channels];
      if (input.length !== 3 || want.some((d, i) => d !== input[i])) {
        throw new ShapeError(
          `the image input takes ${picture(want)} pictures (height, width, channels), found ${describeShape(input)}`,
        );
      }
      return want;
    }
    case 'conv2d': {
      const [h, w, c] = expectPicture('conv2d', input);
      const [kh, kw, cin, cout] = layer.weights.shape as [number, number, number, number];
      if (c !== cin) {
        throw new ShapeError(
          `conv2d takes ${cin} channels, found ${c} (a ${picture(input)} picture) — set its input channels to ${c}`,
        );
      }
      const outH = Math.floor((h + 2 * layer.padding - kh) / layer.stride) + 1;
      const outW = Math.floor((w + 2 * layer.padding - kw) / layer.stride) + 1;
      if (outH < 1 || outW < 1) {
        throw new ShapeError(
          `conv2d: a ${kh}×${kw} kernel with padding ${layer.padding} does not fit ${h}×${w}`,
        );
      }
      return [outH, outW, cout];
    }
    case 'maxpool2d': {
      const [h, w, c] = expectPicture('maxpool2d', input);
      const outH = poolOutputSize(h, layer.size, layer.stride);
      const outW = poolOutputSize(w, layer.size, layer.stride);
      if (outH < 1 || outW < 1) {
        throw new ShapeError(
          `maxpool2d: a ${layer.size}×${layer.size} window does not fit ${h}×${w}`,
        );
      }
      return [outH, outW, c];
    }
    case 'batchnorm': {
      const channels = layer.gamma.data.length;
      const last = input[input.length - 1];
      if ((input.length !== 1 && input.length !== 3) || last !== channels) {
        throw new ShapeError(
          `batchnorm normalises ${channels} channels, found ${describeShape(input)}`,
        );
      }
      return [...input];
    }
    case 'globalavgpool': {
      const [, , c] = expectPicture('globalavgpool', input);
      return [c];
    }
    case 'flatten':
      return [sizeOf(input)];
    case 'dropout':
      return [...input];
    default:
      throw new Error(`unknown image layer ${(layer as { type: string }).type}`);
  }
}

function asFloat32(data: Tensor['data']): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

/**
 * One layer's inference on a batch: `inputs` is (batch, ...sample), float32 (float64 is
 * converted). image-input takes raw 0..255 pixels; batchnorm uses its running statistics;
 * dropout is the identity.
 */
export function forwardImageLayer(
  layer: ImageLayer,
  inputs: Tensor,
  kernels: Kernels = fastKernels(),
): Tensor {
  if (inputs.shape.length < 2) {
    throw new ShapeError(
      `${layer.type} takes a batch (batch, ...), found shape ${shapeToString(inputs.shape)}`,
    );
  }
  const batch = inputs.shape[0]!;
  const sample = inputs.shape.slice(1);
  const outSample = imageLayerOutputShape(layer, sample);
  const x = asFloat32(inputs.data);
  const out = (data: Float32Array): Tensor => ({
    shape: [batch, ...outSample],
    dtype: 'float32',
    data,
  });
  switch (layer.type) {
    case 'image-input': {
      const y = new Float32Array(x.length);
      normalizePixels(x, y, layer.mean, layer.std);
      return out(y);
    }
    case 'conv2d': {
      const [kh, kw, cin, cout] = layer.weights.shape as [number, number, number, number];
      const g = convGeometry({
        batch,
        height: sample[0]!,
        width: sample[1]!,
        inChannels: cin,
        outChannels: cout,
        kernelHeight: kh,
        kernelWidth: kw,
        stride: layer.stride,
        padding: layer.padding,
      });
      const y = new Float32Array(batch * sizeOf(outSample));
      kernels.conv2dForward(g, x, asFloat32(layer.weights.data), asFloat32(layer.biases.data), y);
      return out(y);
    }
    case 'maxpool2d': {
      const y = new Float32Array(batch * sizeOf(outSample));
      const [h, w, c] = sample as [number, number, number];
      maxPoolForward({ batch, height: h, width: w, channels: c, ...layer }, x, y, null);
      return out(y);
    }
    case 'batchnorm': {
      const y = new Float32Array(x.length);
      batchNormInference(
        x,
        y,
        asFloat32(layer.gamma.data),
        asFloat32(layer.beta.data),
        asFloat32(layer.runningMean.data),
        asFloat32(layer.runningVar.data),
        layer.epsilon,
      );
      return out(y);
    }
    case 'globalavgpool': {
      const y = new Float32Array(batch * sizeOf(outSample));
      const [h, w, c] = sample as [number, number, number];
      globalAvgPoolForward(batch, h * w, c, x, y);
      return out(y);
    }
    case 'flatten':
    case 'dropout':
      return out(Float32Array.from(x));
    default:
      throw new Error(`unknown image layer ${(layer as { type: string }).type}`);
  }
}
