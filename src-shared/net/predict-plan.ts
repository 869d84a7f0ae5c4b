/**
 * How a prediction pass (net.ts `predict`) runs a float32 network when only its last output is
 * wanted: a convolution whose output only a BatchNorm reads takes that BatchNorm's inference
 * map into its weights and biases, and a ReLU that alone reads the result, then a 2×2 stride-2
 * max pool, are taken into the convolution's output sweep (the pool where Winograd computes it,
 * a window per output tile). Such a block then writes its values once rather than once per
 * layer (the sweeps over activations of megabytes are memory-bound).
 */
import type { RuntimeLayer } from '../layers/kind.ts';
import type { Layer } from '../layers/registry.ts';

/** A convolution's block in a prediction pass. */
export interface FoldedBlock {
  /** The BatchNorm whose inference map goes into the convolution's weights, or -1: none. */
  readonly map: number;
  /** Whether the ReLU after it is computed in the convolution's output sweep. */
  readonly relu: boolean;
  /** Whether the 2×2 stride-2 max pool after that is too (a window per Winograd tile). */
  readonly pool: boolean;
  /** The last layer of the block: its result is that layer's output. */
  readonly last: number;
}

export interface PredictPlan {
  /** blocks[i]: the block convolution i starts, or null: layer i runs as in `forward`. */
  readonly blocks: readonly (FoldedBlock | null)[];
  /** inBlock[i]: layer i is computed in an earlier layer's block (a BatchNorm, ReLU, pool). */
  readonly inBlock: readonly boolean[];
  /** kept[i]: the pass leaves layer i's output (each block's last layer's, and the others'). */
  readonly kept: readonly boolean[];
}

export function predictPlan(
  layers: readonly Layer[],
  inputs: readonly (readonly number[])[],
  runtimes: readonly RuntimeLayer[],
): PredictPlan {
  const readers: number[][] = layers.map(() => []);
  inputs.forEach((sources, j) => sources.forEach((i) => readers[i]!.push(j)));
  /** The one layer reading i's output, when it reads nothing else; else -1. */
  const soleReader = (i: number): number => {
    const [j, more] = readers[i]!;
    return j !== undefined && more === undefined && inputs[j]!.length === 1 ? j : -1;
  };
  const inBlock = layers.map(() => false);
  const kept = layers.map(() => true);
  const blocks = runtimes.map((runtime, i): FoldedBlock | null => {
    if (!runtime.folded) return null;
    const members = [i];
    /** Takes in the sole reader of the block's last layer when it is what `fits` asks. */
    const extend = (fits: (layer: Layer, j: number) => boolean): boolean => {
      const j = soleReader(members.at(-1)!);
      if (j < 0 || !fits(layers[j]!, j)) return false;
      members.push(j);
      return true;
    };
    const map = extend((_, j) => runtimes[j]!.inferenceMap !== undefined) ? members.at(-1)! : -1;
    const relu = extend((layer) => layer.type === 'relu');
    const pool = extend(
      (layer) =>
        layer.type === 'maxpool2d' &&
        layer.size === 2 &&
        layer.stride === 2 &&
        runtime.folded!.pools(),
    );
    const last = members.at(-1)!;
    for (const j of members) {
      inBlock[j] = j !== i;
      kept[j] = j === last;
    }
    return { map, relu, pool, last };
  });
  return { blocks, inBlock, kept };
}
