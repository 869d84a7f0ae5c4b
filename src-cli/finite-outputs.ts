/**
 * A forward pass whose results are numbers, or an error: Infinity or NaN anywhere in a layer's
 * output stops the command (exit 1) naming the first layer and the place, never a `null` or a
 * score printed as if it were an answer.
 */
import { forward } from '../src-shared/net/forward.ts';
import { describeNonFinite, firstNonFinite } from '../src-shared/net/non-finite.ts';
import type { Tensor } from '../src-shared/tensor/tensor.ts';
import type { Runnable } from './read-model.ts';

/** Throws when `outputs` (layers[1..]'s, as `forward` gives them) hold a non-finite value. */
export function checkFinite(
  outputs: readonly Tensor[],
  model: Pick<Runnable, 'network' | 'nodeIds'>,
  source: string,
): void {
  const found = firstNonFinite(outputs);
  if (found === null) return;
  throw new Error(
    `${source}: ${describeNonFinite(found, model.network.layers, model.nodeIds)}, so there is no result (the weights or the inputs are too large)`,
  );
}

/** `forward`, checked: every layer's output, all finite. */
export function finiteForward(model: Runnable, x: Tensor, source: string): Tensor[] {
  const outputs = forward(model.network, x);
  checkFinite(outputs, model, source);
  return outputs;
}
