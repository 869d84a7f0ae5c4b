/** A line of matrix-form explanation for any layer kind, with the shapes in and out. */
import { layerKind, outputShape, type Layer } from '../layers/index.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Shape } from '../tensor/tensor.ts';

/**
 * `Conv2D: 32 3×3 kernels over 16 channels + biases, stride 1, padding 1, (8,64,64,16) →
 * (8,64,64,32)`. `inputShape` is the batch entering the layer, (batch, ...sample).
 */
export function explainImageLayer(layer: Layer, inputShape: Shape): string {
  const kind = layerKind(layer.type);
  const head = `${kind.label}: ${kind.describe(layer)}, ${compact(inputShape)}`;
  try {
    const sample = outputShape(layer, kind.role === 'input' ? [] : [inputShape.slice(1)]);
    return `${head} → ${compact([inputShape[0] ?? 1, ...sample])}`;
  } catch (error) {
    if (error instanceof ShapeError) return `${head}: ${error.message}`;
    throw error;
  }
}

const compact = (shape: Shape) => shapeToString(shape).replaceAll(' ', '');
