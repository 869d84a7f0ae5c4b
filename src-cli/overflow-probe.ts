/**
 * `validate`'s check that a model can compute at all: weights so large that an ordinary input
 * (features of ±1, or pixels all black, all white, or a checkerboard) already reaches Infinity
 * or NaN make every forward, predict and evaluate fail, so validate says so. A few probe samples
 * through the real forward pass are exact where a bound on the weights would only guess.
 */
import { forward } from '../src-shared/net/forward.ts';
import { layerShapes } from '../src-shared/net/network.ts';
import { describeNonFinite, firstNonFinite } from '../src-shared/net/non-finite.ts';
import { tensor, type Tensor } from '../src-shared/tensor/tensor.ts';
import type { Runnable } from './read-model.ts';

/** Values all the probe's layer outputs may hold together: beyond it, no probe (and no warning). */
export const PROBE_VALUES = 2 ** 22;

/** The warning for `model`, or null when the probe inputs stay finite (or the model is too big). */
export function overflowWarning(model: Runnable, path: string): string | null {
  const { network } = model;
  const shapes = layerShapes(network);
  const perSample = shapes.reduce((sum, s) => sum + s.reduce((n, d) => n * d, 1), 0);
  // Sized before the probe inputs are made: a large picture's alone would be hundreds of MB.
  if (perSample * PROBE_SAMPLES > PROBE_VALUES) return null;
  const x = probeInputs(network.layers[0]!, shapes[0]!);
  if (x === null) return null;
  const found = firstNonFinite(forward(network, x));
  if (found === null) return null;
  const kind = network.layers[0]!.type === 'image-input' ? 'picture' : 'row of ±1 features';
  return `${path}: ${describeNonFinite(found, network.layers, model.nodeIds)} for an ordinary ${kind} (probe sample ${found.position[0]}): its weights are so large that forward, predict and evaluate will fail`;
}

const PROBE_SAMPLES = 3;

/** Three ordinary samples of the input layer's shape: all high, all low, alternating. */
function probeInputs(input: { type: string }, shape: number[]): Tensor | null {
  const size = shape.reduce((n, d) => n * d, 1);
  const [high, low] =
    input.type === 'image-input' ? [255, 0] : input.type === 'input' ? [1, -1] : [];
  if (high === undefined || low === undefined) return null;
  const data =
    input.type === 'image-input'
      ? new Float32Array(PROBE_SAMPLES * size)
      : new Float64Array(PROBE_SAMPLES * size);
  for (let i = 0; i < size; i++) {
    data[i] = high;
    data[size + i] = low;
    data[2 * size + i] = i % 2 === 0 ? high : low;
  }
  return tensor(data, [PROBE_SAMPLES, ...shape]);
}
