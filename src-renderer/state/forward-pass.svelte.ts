/**
 * The live forward pass: whenever the document changes, the first chain runs in the engine
 * worker (debounced, latest wins) and every node's output batch comes back.
 */
import type { Derived, EditorDocument, NodeId } from '../../src-shared/document/index.ts';
import type { Tensor } from '../../src-shared/tensor/tensor.ts';
import { CancelledError, type EngineClient } from '../../src-shared/worker/engine-client.ts';

const DEBOUNCE_MS = 16;

export class ForwardPass {
  /** Each computed node's output batch (the Input node's is the inputs themselves). */
  outputs: Readonly<Record<NodeId, Tensor>> = $state.raw({});
  error: string | null = $state(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly engine: EngineClient) {}

  request(doc: EditorDocument, derived: Derived): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#run(doc, derived), DEBOUNCE_MS);
  }

  async #run(doc: EditorDocument, derived: Derived): Promise<void> {
    const chain = derived.chains[0];
    if (!chain) {
      this.outputs = {};
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
      this.outputs = byNode;
      this.error = null;
    } catch (error) {
      if (error instanceof CancelledError) return;
      this.error = (error as Error).message;
    }
  }
}
