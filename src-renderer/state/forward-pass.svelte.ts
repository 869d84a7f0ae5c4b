/**
 * The live forward pass: whenever the document changes, the network of the first Input runs in
 * the engine worker (debounced, latest wins; the worker keeps the network and gets only what
 * changed, see live-forward.ts) and every node's output batch comes back.
 */
import type { Derived, EditorDocument, NodeId } from '../../src-shared/document/index.ts';
import { testFlipOf } from '../../src-shared/model-file/training-record.ts';
import { checkBudget, type MemoryLimit } from '../../src-shared/net/budget.ts';
import { layerShapes, type Network } from '../../src-shared/net/network.ts';
import type { Tensor } from '../../src-shared/tensor/tensor.ts';
import { CancelledError, type EngineClient } from '../../src-shared/worker/engine-client.ts';
import { LiveForward } from '../../src-shared/worker/live-forward.ts';
import { appMemoryLimit } from './memory-budget.ts';

const DEBOUNCE_MS = 16;

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
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(doc, derived), DEBOUNCE_MS);
  }

  async #run(doc: EditorDocument, derived: Derived): Promise<void> {
    const run = ++this.#runs;
    const chain = derived.networks[0];
    if (!chain) {
      this.outputs = {};
      this.mirrored = null;
      return;
    }
    // A pass too large for this device is refused from its shapes, before the worker starts it.
    const sample = chain.network.layers.length > 0 ? layerShapes(chain.network)[0]! : [];
    const batch = doc.inputs.shape.length > sample.length ? doc.inputs.shape[0]! : 1;
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
      const mirror = scoredWithFlips(doc, network);
      // Both answers land together, so the prediction never mixes two pictures.
      const result = await this.#live.run({ network, inputs: doc.inputs, mirror });
      if (run !== this.#runs) return;
      const byNode: Record<NodeId, Tensor> = { [chain.inputId]: doc.inputs };
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
function scoredWithFlips(doc: EditorDocument, network: Network): boolean {
  return network.layers[0]?.type === 'image-input' && !!doc.training && testFlipOf(doc.training);
}
