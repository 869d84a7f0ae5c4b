/**
 * The live forward pass: whenever the document changes, the network of the first Input runs in
 * the engine worker (debounced, latest wins) and every node's output batch comes back.
 */
import type { Derived, EditorDocument, NodeId } from '../../src-shared/document/index.ts';
import { testFlipOf } from '../../src-shared/model-file/training-record.ts';
import { checkBudget, type MemoryLimit } from '../../src-shared/net/budget.ts';
import { layerShapes, type Network } from '../../src-shared/net/network.ts';
import { tensor, type Tensor } from '../../src-shared/tensor/tensor.ts';
import { applyTransform } from '../../src-shared/vision/augment.ts';
import { CancelledError, type EngineClient } from '../../src-shared/worker/engine-client.ts';
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

  constructor(
    private readonly engine: EngineClient,
    /** The compute budget each pass is checked against before it goes to the worker. */
    private readonly limit: MemoryLimit = appMemoryLimit(),
  ) {}

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
      // Structured clone copies the network: the document's arrays stay with the document.
      const { outputs } = await this.engine.call(
        'forward',
        { network: chain.network, inputs: doc.inputs },
        { latest: 'forward' },
      );
      const byNode: Record<NodeId, Tensor> = { [chain.inputId]: doc.inputs };
      outputs.forEach((output, k) => (byNode[chain.nodeIds[k + 1]!] = output));
      // Both answers land together, so the prediction never mixes two pictures.
      const mirrored = await this.#mirrored(doc, chain.network);
      if (run !== this.#runs) return;
      this.outputs = byNode;
      this.mirrored = mirrored;
      this.error = null;
    } catch (error) {
      if (error instanceof CancelledError || run !== this.#runs) return;
      this.error = (error as Error).message;
    }
  }

  async #mirrored(doc: EditorDocument, network: Network): Promise<Tensor | null> {
    const input = network.layers[0];
    // Only a trained model was scored with mirror images; an untrained one has no such record.
    if (input?.type !== 'image-input' || !doc.training || !testFlipOf(doc.training)) return null;
    const { outputs } = await this.engine.call(
      'forward',
      { network, inputs: mirrorPictures(doc.inputs) },
      { latest: 'forward-mirror' },
    );
    return outputs.at(-1) ?? null;
  }
}

/** Each (height, width, channels) picture of a batch, flipped left to right. */
function mirrorPictures(batch: Tensor): Tensor {
  const [count, height, width, channels] = batch.shape as number[];
  const dims = { height: height!, width: width!, channels: channels! };
  const out = new Float32Array(batch.data.length);
  const size = height! * width! * channels!;
  for (let b = 0; b < count!; b++) {
    applyTransform(batch.data as Float32Array, out, b * size, dims, { dy: 0, dx: 0, flip: true });
  }
  return tensor(out, batch.shape);
}
