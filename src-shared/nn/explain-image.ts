/** A line of matrix-form explanation for any layer kind, with the shapes in and out. */
import { layerKind, outputShape, type Layer } from '../layers/index.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Shape } from '../tensor/tensor.ts';

/**
 * `Conv2D: 32 3×3 kernels over 16 channels + biases, stride 1, padding 1, (8,64,64,16) →
 * (8,64,64,32)`. `inputShapes` are the batches entering the layer, (batch, ...sample), one per
 * wire in: `Add: the sum of its inputs, value by value, (8,4) and (8,4) → (8,4)`.
 */
export function explainImageLayer(layer: Layer, inputShapes: readonly Shape[]): string {
  const kind = layerKind(layer.type);
  const head = `${kind.label}: ${kind.describe(layer)}, ${inputShapes.map(compact).join(' and ')}`;
  try {
    const samples = kind.role === 'input' ? [] : inputShapes.map((shape) => shape.slice(1));
    const sample = outputShape(layer, samples);
    return `${head} → ${compact([inputShapes[0]?.[0] ?? 1, ...sample])}`;
  } catch (error) {
    if (error instanceof ShapeError) return `${head}: ${error.message}`;
    throw error;
  }
}

const compact = (shape: Shape) => shapeToString(shape).replaceAll(' ', '');
