/**
 * How a prediction pass (net.ts `predict`) runs a float32 network when only its last output is
 * wanted: a convolution whose output only a BatchNorm reads takes that BatchNorm's inference
 * map into its weights and biases, and a ReLU that alone reads the result is taken into the
 * convolution's output sweep. Such a block then writes its values once rather than once per
 * layer (the BatchNorm's and ReLU's sweeps over activations of megabytes are memory-bound).
 */
import type { RuntimeLayer } from '../layers/kind.ts';
import type { Layer } from '../layers/registry.ts';

/** A convolution's block in a prediction pass. */
export interface FoldedBlock {
  /** The BatchNorm whose inference map goes into the convolution's weights, or -1: none. */
  readonly map: number;
  /** Whether the ReLU after it is computed in the convolution's output sweep. */
  readonly relu: boolean;
  /** The last layer of the block: its result is that layer's output. */
  readonly last: number;
}

export interface PredictPlan {
  /** blocks[i]: the block convolution i starts, or null: layer i runs as in `forward`. */
  readonly blocks: readonly (FoldedBlock | null)[];
  /** inBlock[i]: layer i is computed by an earlier layer's block (a BatchNorm, a ReLU). */
  readonly inBlock: readonly boolean[];
  /** kept[i]: the pass leaves layer i's output (each block's last layer's, and the others'). */
  readonly kept: readonly boolean[];
}

export function predictPlan(
  types: readonly Layer['type'][],
  inputs: readonly (readonly number[])[],
  runtimes: readonly RuntimeLayer[],
): PredictPlan {
  const readers: number[][] = types.map(() => []);
  inputs.forEach((sources, j) => sources.forEach((i) => readers[i]!.push(j)));
  /** The one layer reading i's output, when it reads nothing else; else -1. */
  const soleReader = (i: number): number => {
    const [j, more] = readers[i]!;
    return j !== undefined && more === undefined && inputs[j]!.length === 1 ? j : -1;
  };
  const inBlock = types.map(() => false);
  const kept = types.map(() => true);
  const blocks = runtimes.map((runtime, i): FoldedBlock | null => {
    if (!runtime.folded) return null;
    let last = i;
    let map = soleReader(i);
    if (map >= 0 && runtimes[map]!.inferenceMap) last = map;
    else map = -1;
    const after = soleReader(last);
    const relu = after >= 0 && types[after] === 'relu';
    if (relu) last = after;
    for (const j of [i, map, last]) {
      if (j < 0) continue;
      inBlock[j] = j !== i;
      kept[j] = j === last;
    }
    return { map, relu, last };
  });
  return { blocks, inBlock, kept };
}
