/**
 * The live forward pass: whenever the document changes what is computed, the network of the
 * first Input runs in the engine worker (debounced, latest wins; the worker keeps the network
 * and gets only what changed, see live-forward.ts) and every node's output batch comes back. A
 * change that leaves the network, its node ids and the inputs alike (a card moved, the layout
 * arranged) runs nothing: the outputs shown stand.
 */
import type {
  Derived,
  DerivedNetwork,
  EditorDocument,
  NodeId,
} from '../../src-shared/document/index.ts';
import { testFlipOf } from '../../src-shared/model-file/training-record.ts';
import { checkBudget, type MemoryLimit } from '../../src-shared/net/budget.ts';
import { layerShapes } from '../../src-shared/net/network.ts';
import type { Tensor } from '../../src-shared/tensor/tensor.ts';
import { CancelledError, type EngineClient } from '../../src-shared/worker/engine-client.ts';
import { LiveForward } from '../../src-shared/worker/live-forward.ts';
import { networkEdits } from '../../src-shared/worker/network-edits.ts';
import { appMemoryLimit } from './memory-budget.ts';

const DEBOUNCE_MS = 16;

/** What one pass computes: the first Input's network (none without one), on these inputs. */
interface Pass {
  readonly chain: DerivedNetwork | undefined;
  readonly inputs: Tensor;
  /** Also the mirror image of each picture: a model scored with test-time flips. */
  readonly mirror: boolean;
}

export class ForwardPass {
  /** Each computed node's output batch (the Input node's is the inputs themselves). */
  outputs: Readonly<Record<NodeId, Tensor>> = $state.raw({});
  error: string | null = $state(null);
  /**
   * For a model scored with test-time flips, the last layer's output for the mirror image of
   * each picture (null otherwise), so the prediction shown is the one evaluation counts.
   */
  mirrored: Tensor | null = $state.raw(null);
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The pass last requested, to which a change computing the same thing adds nothing. */
  #requested: Pass | null = null;
  /** Counts runs, so a run that ends after a newer one began is dropped, not shown. */
  #runs = 0;

  /** The engine keeps the network between passes; each pass sends only what changed. */
  readonly #live: LiveForward;

  constructor(
    engine: Pick<EngineClient, 'call'>,
    /** The compute budget each pass is checked against before it goes to the worker. */
    private readonly limit: MemoryLimit = appMemoryLimit(),
  ) {
    this.#live = new LiveForward(engine);
  }

  request(doc: EditorDocument, derived: Derived): void {
    const chain = derived.networks[0];
    const pass = { chain, inputs: doc.inputs, mirror: !!chain && scoredWithFlips(doc, chain) };
    if (this.#requested && samePass(this.#requested, pass)) return;
    this.#requested = pass;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(pass), DEBOUNCE_MS);
  }

  async #run({ chain, inputs, mirror }: Pass): Promise<void> {
    const run = ++this.#runs;
    if (!chain) {
      this.outputs = {};
      this.mirrored = null;
      return;
    }
    // A pass too large for this device is refused from its shapes, before the worker starts it.
    const sample = chain.network.layers.length > 0 ? layerShapes(chain.network)[0]! : [];
    const batch = inputs.shape.length > sample.length ? inputs.shape[0]! : 1;
    const { network, nodeIds } = chain;
    const limit = this.limit;
    const refused = checkBudget(network, { batch, mode: 'forward', nodeIds, limit });
    if (refused !== null) {
      this.outputs = {};
      this.mirrored = null;
      this.error = `Not computed: ${refused}`;
      return;
    }
    try {
      // Both answers land together, so the prediction never mixes two pictures.
      const result = await this.#live.run({ network, inputs, mirror });
      if (run !== this.#runs) return;
      const byNode: Record<NodeId, Tensor> = { [chain.inputId]: inputs };
      result.outputs.forEach((output, k) => (byNode[nodeIds[k + 1]!] = output));
      this.outputs = byNode;
      this.mirrored = result.mirrored;
      this.error = null;
    } catch (error) {
      if (error instanceof CancelledError || run !== this.#runs) return;
      this.error = (error as Error).message;
    }
  }
}

/** Only a trained model was scored with mirror images; an untrained one has no such record. */
function scoredWithFlips(doc: EditorDocument, { network }: DerivedNetwork): boolean {
  return network.layers[0]?.type === 'image-input' && !!doc.training && testFlipOf(doc.training);
}

/**
 * Whether two passes compute the same: the same inputs (documents are immutable, so unchanged
 * inputs keep their identity), and the same layers, values, wiring and node ids.
 */
function samePass(a: Pass, b: Pass): boolean {
  if (a.inputs !== b.inputs || a.mirror !== b.mirror) return false;
  if (!a.chain || !b.chain) return a.chain === b.chain;
  const ids = a.chain.nodeIds;
  if (ids.length !== b.chain.nodeIds.length || ids.some((id, k) => id !== b.chain!.nodeIds[k])) {
    return false;
  }
  const edits = networkEdits(a.chain.network, b.chain.network);
  return !!edits && !edits.precision && edits.layers.length === 0 && edits.values.length === 0;
}
