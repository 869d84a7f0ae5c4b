/**
 * Puts an image network's trained layers back into the document's nodes (the chain the run
 * started from), with the run's training record (replacing the last run's whole), so a saved
 * model evaluates with the right class names. A pure command, for one undo step.
 */
import type { DocNode, EditorDocument, NodeId } from '../../src-shared/document/index.ts';
import type { TrainingRecord } from '../../src-shared/nn/model.ts';
import type { Layer } from '../../src-shared/layers/index.ts';

export function withTrainedLayers(
  doc: EditorDocument,
  args: {
    ids: readonly NodeId[];
    layers: readonly Layer[];
    training: TrainingRecord;
  },
): EditorDocument {
  const nodes: Record<NodeId, DocNode> = { ...doc.nodes };
  args.layers.forEach((layer, i) => {
    const id = args.ids[i];
    const node = id === undefined ? undefined : nodes[id];
    if (!node || node.kind !== layer.type) {
      throw new Error(
        `the network changed while it trained: layer ${i + 1} is no longer ${layer.type}`,
      );
    }
    if (node.kind === 'dense' && layer.type === 'dense') {
      if (layer.weights.shape[1] !== node.units) {
        throw new Error(`the network changed while it trained: layer ${i + 1} has other units`);
      }
      nodes[node.id] = { ...node, weights: layer.weights, biases: layer.biases };
    } else if ('layer' in node && node.layer) {
      nodes[node.id] = { ...node, layer: layer as typeof node.layer };
    }
  });
  return { ...doc, nodes, training: args.training };
}
