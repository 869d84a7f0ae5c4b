/**
 * Puts a trained network's layers back into the document's nodes (the ones the run started
 * from, `ids[i]` for `layers[i]`), with the run's training record (replacing the last run's
 * whole), so a saved model says how its weights came about. The one way trained weights enter the
 * document, for rows of features and pictures alike: a pure command, merged into one undo step.
 */
import type { DocNode, EditorDocument, NodeId } from '../../src-shared/document/index.ts';
import type { TrainingRecord } from '../../src-shared/nn/model.ts';
import type { Layer } from '../../src-shared/layers/index.ts';
import { tensor, type Tensor } from '../../src-shared/tensor/tensor.ts';

/** `t` in `like`'s precision: a float64 lesson trained in float32 keeps float64 weights. */
function inDtypeOf(t: Tensor, like: Tensor): Tensor {
  return t.dtype === like.dtype ? t : tensor(t.data, t.shape, like.dtype);
}

export function withTrainedLayers(
  doc: EditorDocument,
  args: {
    ids: readonly NodeId[];
    layers: readonly Layer[];
    training: TrainingRecord | undefined;
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
      nodes[node.id] = {
        ...node,
        weights: inDtypeOf(layer.weights, node.biases),
        biases: inDtypeOf(layer.biases, node.biases),
      };
    } else if ('layer' in node && node.layer) {
      nodes[node.id] = { ...node, layer: layer as typeof node.layer };
    }
  });
  return { ...doc, nodes, training: args.training };
}
