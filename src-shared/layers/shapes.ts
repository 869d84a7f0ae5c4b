/** How shape messages name what arrives, and the checks most kinds share. */
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, type Shape } from '../tensor/tensor.ts';

const picture = (shape: Shape) => shape.map(String).join('×');

/** "784 features" or "a 8×8×3 picture": one sample's shape as the messages name it. */
export function describeShape(shape: Shape): string {
  if (shape.length === 1) return `${shape[0]} features`;
  if (shape.length === 3) return `a ${picture(shape)} picture`;
  return `shape ${shapeToString(shape)}`;
}

/** `(batch, 32, 32, 16)`: a batch of samples of this shape. */
export function batchShapeToString(sample: Shape): string {
  return `(batch, ${sample.join(', ')})`;
}

/** The one input of a single-input kind. */
export function single(label: string, inputs: readonly Shape[]): Shape {
  if (inputs.length !== 1) {
    throw new ShapeError(`${label} takes one input, found ${inputs.length}`);
  }
  return inputs[0]!;
}

/** (height, width, channels) of the one input, or a message saying a picture is needed. */
export function expectPicture(label: string, inputs: readonly Shape[]): [number, number, number] {
  const input = single(label, inputs);
  if (input.length !== 3) {
    throw new ShapeError(
      `${label} expects a picture (height, width, channels), found ${describeShape(input)}` +
        (input.length === 1 ? ' — add Flatten after it, not before' : ''),
    );
  }
  return [input[0]!, input[1]!, input[2]!];
}

/** The one input as (features,), or a message saying to flatten first. */
export function expectFeatures(label: string, inputs: readonly Shape[]): number {
  const input = single(label, inputs);
  if (input.length !== 1) {
    throw new ShapeError(
      `${label} needs (batch, features), found ${batchShapeToString(input)} — add Flatten or global average pooling`,
    );
  }
  return input[0]!;
}

/** A setting that must be a whole number in range, named in the message. */
export function wholeSetting(label: string, key: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new ShapeError(`${label}: ${key} must be a whole number ≥ ${min}, found ${value}`);
  }
  return value;
}
