/**
 * Concatenate: two or more inputs side by side along the last axis (features, or a picture's
 * channels, as Keras's default axis −1); every other axis must agree.
 */
import { ShapeError } from '../tensor/ops.ts';
import { sizeOf, type Shape } from '../tensor/tensor.ts';
import { bareFileForm } from './file-form.ts';
import type { LayerKind } from './kind.ts';
import { describeShape } from './shapes.ts';

export interface ConcatenateLayer {
  readonly type: 'concatenate';
}

function joined(inputs: readonly Shape[]): number[] {
  if (inputs.length < 2) {
    throw new ShapeError(
      `concatenate takes two or more inputs, found ${inputs.length} — wire another in`,
    );
  }
  const [first, ...rest] = inputs as [Shape, ...Shape[]];
  const lead = first.slice(0, -1);
  for (const [i, other] of rest.entries()) {
    if (other.length !== first.length || other.slice(0, -1).some((d, k) => d !== lead[k])) {
      throw new ShapeError(
        `concatenate joins along the last axis, so the others must agree: input 1 is ${describeShape(first)}, input ${i + 2} is ${describeShape(other)}`,
      );
    }
  }
  return [...lead, inputs.reduce((n, s) => n + s[s.length - 1]!, 0)];
}

export const concatenateKind: LayerKind<ConcatenateLayer> = {
  type: 'concatenate',
  label: 'Concatenate',
  hint: 'inputs side by side along the last axis',
  role: 'merge',
  settings: [],
  defaults: {},
  settingsOf: () => ({}),
  describe: () => 'its inputs side by side along the last axis',
  create: () => ({ type: 'concatenate' }),
  outputShape: (_layer, inputs) => joined(inputs),
  parameters: () => [],
  runtime(layer, inputs, backend) {
    const outShape = joined(inputs);
    const widths = inputs.map((s) => s[s.length - 1]!);
    const width = outShape[outShape.length - 1]!;
    const rowsPerSample = sizeOf(outShape) / width;
    const output = backend.scratch();
    let rows = 0;
    return {
      outShape,
      params: [],
      forward(xs, batch) {
        rows = batch * rowsPerSample;
        const y = output.get(rows * width);
        let offset = 0;
        xs.forEach((x, i) => {
          const w = widths[i]!;
          for (let r = 0; r < rows; r++) y.set(x.subarray(r * w, (r + 1) * w), r * width + offset);
          offset += w;
        });
        return y;
      },
      backward(dy, dxs) {
        let offset = 0;
        dxs.forEach((dx, i) => {
          const w = widths[i]!;
          if (dx) {
            for (let r = 0; r < rows; r++) {
              dx.set(dy.subarray(r * width + offset, r * width + offset + w), r * w);
            }
          }
          offset += w;
        });
      },
      toLayer: () => ({ ...layer }),
    };
  },
  file: bareFileForm('concatenate'),
};
