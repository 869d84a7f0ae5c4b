/**
 * The engine's side of the live forward pass: the network it was sent, kept between calls as
 * plain layers and as a built `Net`, and edited by the small messages of network-edits.ts. A
 * weight edit writes one value into both; a layer whose settings or shapes changed, or a new
 * precision, rebuilds the net from the kept layers with the one-shot `forward`'s own builder.
 */
import { forwardOn, netFor } from '../net/forward.ts';
import type { Net } from '../net/net.ts';
import type { Network } from '../net/network.ts';
import { tensor, type Tensor } from '../tensor/tensor.ts';
import { mirrorBatch } from '../vision/augment.ts';
import type { NetworkEdits } from './network-edits.ts';

export interface LiveForwardArgs {
  /** Names the kept network: one per caller. */
  readonly key: string;
  /** The network whole, or the edits that turn version `base` (which the engine keeps) into this one. */
  readonly network:
    { readonly whole: Network } | { readonly base: number; readonly edits: NetworkEdits };
  /** The version the engine keeps after this call. */
  readonly version: number;
  /** The input batch (always with a whole network); absent: the last call's. */
  readonly inputs?: Tensor;
  /** Also the last layer's output for each picture flipped left to right (test-time flips). */
  readonly mirror: boolean;
}

export interface LiveForwardResult {
  /** The outputs of layers[1..], as `forward` returns them. */
  readonly outputs: Tensor[];
  readonly mirrored: Tensor | null;
}

/** The error a call gets when the engine does not keep the version its edits start from. */
export const NOT_KEPT = 'ResidentNetworkMissing';

interface Kept {
  version: number;
  /** The engine's own copy (it came by structured clone): value edits write into it. */
  network: Network;
  net: Net;
  inputs: Tensor;
  mirrored: Tensor | null;
}

export class ResidentNets {
  readonly #kept = new Map<string, Kept>();

  /**
   * Applies the call's changes and runs the pass. Any failure forgets the key's network, so
   * the caller, which forgets it too on any failure, sends it whole next time.
   */
  forward(args: LiveForwardArgs): LiveForwardResult {
    try {
      const kept = this.#update(args);
      const outputs = forwardOn(kept.net, kept.inputs);
      if (!args.mirror) return { outputs, mirrored: null };
      kept.mirrored ??= mirrorPictures(kept.inputs);
      return { outputs, mirrored: forwardOn(kept.net, kept.mirrored).at(-1) ?? null };
    } catch (error) {
      this.#kept.delete(args.key);
      throw error;
    }
  }

  #update({ key, network, version, inputs }: LiveForwardArgs): Kept {
    let kept = this.#kept.get(key);
    if ('whole' in network) {
      if (!inputs) throw new Error(`live forward pass "${key}": a whole network comes with inputs`);
      kept = {
        version,
        network: network.whole,
        // The key's previous net hands its kernel memory on: a whole send rebuilds often.
        net: netFor(network.whole, kept?.net),
        inputs,
        mirrored: null,
      };
    } else {
      if (kept?.version !== network.base) {
        const keeps = kept ? `version ${kept.version}` : 'no network';
        const error = new Error(
          `live forward pass "${key}": the engine keeps ${keeps}, the edits are for version ${network.base}`,
        );
        error.name = NOT_KEPT;
        throw error;
      }
      applyEdits(kept, network.edits);
      kept.version = version;
      if (inputs) Object.assign(kept, { inputs, mirrored: null });
    }
    this.#kept.set(key, kept);
    return kept;
  }
}

function applyEdits(kept: Kept, { precision, layers, values }: NetworkEdits): void {
  let rebuild = precision !== undefined || layers.length > 0;
  if (rebuild) {
    const next = [...kept.network.layers];
    for (const { index, layer } of layers) next[index] = layer;
    kept.network = { ...kept.network, layers: next, ...(precision && { precision }) };
  }
  for (const { layer, field, indices, values: v } of values) {
    const where = `layers[${layer}].${field}`;
    const target = (kept.network.layers[layer] as unknown as Record<string, Tensor | undefined>)[
      field
    ];
    if (!target?.data) throw new Error(`live forward pass: the kept network has no ${where}`);
    indices.forEach((i, k) => (target.data[i] = v[k]!));
    if (rebuild) continue;
    // The net computes from its own copy of each parameter: the same values go there too.
    const p = kept.net.params.findIndex(
      (param, n) => kept.net.layerOf[n] === layer && param.field === field,
    );
    if (p < 0)
      rebuild = true; // not a parameter (BatchNorm's running statistics): rebuilt
    else indices.forEach((i, k) => (kept.net.params[p]!.value[i] = v[k]!));
  }
  if (rebuild) kept.net = netFor(kept.network, kept.net);
}

/** Each (height, width, channels) picture of a batch, flipped left to right. */
function mirrorPictures(batch: Tensor): Tensor {
  const [count, height, width, channels] = batch.shape as [number, number, number, number];
  const out = new Float32Array(batch.data.length);
  mirrorBatch(batch.data as Float32Array, out, { batch: count, height, width, channels });
  return tensor(out, batch.shape);
}
