/** A line of matrix-form explanation for an image layer, with the shapes in and out. */
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Shape } from '../tensor/tensor.ts';
import type { ImageLayer } from './image-layers.ts';
import { outputShape } from './layers.ts';

const LABELS: Record<ImageLayer['type'], string> = {
  'image-input': 'Image input',
  conv2d: 'Conv2D',
  maxpool2d: 'MaxPool2D',
  batchnorm: 'BatchNorm',
  globalavgpool: 'GlobalAvgPool',
  flatten: 'Flatten',
  dropout: 'Dropout',
};

/** What the layer computes, in words and numbers. */
function operation(layer: ImageLayer): string {
  switch (layer.type) {
    case 'image-input':
      return `${layer.height}×${layer.width} pictures of ${layer.channels} channel${layer.channels === 1 ? '' : 's'}, (p / 255 − mean) / std per channel`;
    case 'conv2d': {
      const [kh, kw, cin, cout] = layer.weights.shape as [number, number, number, number];
      return `${cout} ${kh}×${kw} kernels over ${cin} channels + biases, stride ${layer.stride}, padding ${layer.padding}`;
    }
    case 'maxpool2d':
      return `the largest value of each ${layer.size}×${layer.size} window, stride ${layer.stride}`;
    case 'batchnorm':
      return `γ · (x − running mean) / √(running var + ${layer.epsilon}) + β per channel`;
    case 'globalavgpool':
      return 'the mean of each channel over the picture';
    case 'flatten':
      return 'each sample as one row of features';
    case 'dropout':
      return `zeroes ${layer.rate * 100}% of the values while training, passes them through otherwise`;
    default:
      throw new Error(`unknown image layer ${(layer satisfies never as ImageLayer).type}`);
  }
}

/**
 * `Conv2D: 32 3×3 kernels over 16 channels + biases, stride 1, padding 1, (8,64,64,16) →
 * (8,64,64,32)`. `inputShape` is the batch entering the layer, (batch, ...sample).
 */
export function explainImageLayer(layer: ImageLayer, inputShape: Shape): string {
  const head = `${LABELS[layer.type]}: ${operation(layer)}, ${compact(inputShape)}`;
  try {
    const sample = outputShape(layer, inputShape.slice(1));
    return `${head} → ${compact([inputShape[0] ?? 1, ...sample])}`;
  } catch (error) {
    if (error instanceof ShapeError) return `${head}: ${error.message}`;
    throw error;
  }
}

const compact = (shape: Shape) => shapeToString(shape).replaceAll(' ', '');
