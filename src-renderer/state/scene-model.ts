/**
 * What the canvas draws, derived from the document, its derived networks and the latest outputs:
 * pure functions, so the App stays wiring and these stay testable.
 */
import {
  incomingEdges,
  isMergeNode,
  nodeLabel,
  outgoingEdges,
  sortedNodeIds,
  type Derived,
  type EditorDocument,
  type NodeKind,
  type Point,
} from '../../src-shared/document/index.ts';
import { isImageLayerType, isInputType, parameterCount } from '../../src-shared/layers/index.ts';
import { shapeToString, type Tensor } from '../../src-shared/tensor/tensor.ts';
import { CARD_WIDTH } from '../canvas/card-geometry.ts';
import type { SceneEdge, SceneMaps, SceneNode } from '../canvas/editor-scene.ts';
import { METHOD_LABELS, type ShownPrediction } from '../pictures/shown-prediction.ts';

/** Row `index` of a (batch, n) tensor, or the whole of a (n,) one. */
export function sampleRow(t: Tensor, index: number): number[] {
  const width = t.shape[t.shape.length - 1]!;
  const start = t.shape.length === 2 ? index * width : 0;
  return Array.from(t.data.subarray(start, start + width));
}

const isImageKind = (kind: NodeKind) => isImageLayerType(kind);

export function sceneNodes(
  doc: EditorDocument,
  derived: Derived,
  outputs: Readonly<Record<string, Tensor>>,
  sample: number,
  /** The photo's answer: its Softmax card shows this figure, and says how it was obtained. */
  prediction: ShownPrediction | null = null,
): SceneNode[] {
  return sortedNodeIds(doc).map((id) => {
    const node = doc.nodes[id]!;
    const shape = derived.shapes[id] ?? null;
    // Image layers and activations on pictures are cards titled by their kind, the output's
    // shape under it; their feature maps are drawn, and an output that is a row of features
    // (Flatten's, GlobalAvgPool's: what the Dense after them reads) is drawn as values, one
    // neuron each. A merge of rows of features shows its values as an activation does.
    const row = shape?.length === 1;
    const card =
      (isImageKind(node.kind) && !(isMergeNode(node) && row)) || (shape !== null && !row);
    const units =
      card && !row
        ? 0
        : (derived.units[id] ?? (node.kind === 'input' || node.kind === 'dense' ? node.units : 0));
    const details: string[] = [];
    if (card) {
      const red = derived.wires.some((w) => w.nodeId === id);
      details.push(
        shape ? shapeToString(shape) : red ? 'cannot take its input' : 'connect an input',
      );
      if ('layer' in node && node.layer) details.push(`${parameterCount(node.layer)} params`);
    } else if (node.kind === 'input') details.push(`${units} features`);
    else if (node.kind === 'dense') {
      details.push(node.weights ? `W (${node.weights.shape.join(', ')})` : 'W: connect an input');
      details.push(`${(node.weights?.data.length ?? 0) + node.biases.data.length} params`);
    } else details.push(`${units} values`);
    const answer = prediction?.nodeId === id ? prediction : null;
    if (answer) details.push(METHOD_LABELS[answer.method].card);
    const output = outputs[id];
    return {
      maps: imageMaps(
        node.kind,
        output ?? (node.kind === 'image-input' ? doc.inputs : undefined),
        sample,
      ),
      id,
      kind: node.kind,
      x: node.position.x,
      y: node.position.y,
      units,
      title: card ? nodeLabel(node.kind) : `${nodeLabel(node.kind)} (${units})`,
      details,
      weights: node.kind === 'dense' ? node.weights : null,
      values: answer
        ? answer.probabilities && Array.from(answer.probabilities)
        : output && units > 0
          ? sampleRow(output, sample)
          : null,
      inPorts: isInputType(node.kind)
        ? 0
        : isMergeNode(node)
          ? incomingEdges(doc, id).length + 1
          : 1,
    };
  });
}

/** The picture an Image input takes, or a layer's feature maps when its output is (batch, H, W, C). */
function imageMaps(kind: NodeKind, output: Tensor | undefined, sample: number): SceneMaps | null {
  if (!output || output.shape.length !== 4) return null;
  return { kind: kind === 'image-input' ? 'picture' : 'feature-maps', output, sample };
}

export function sceneEdges(doc: EditorDocument, derived: Derived): SceneEdge[] {
  const errors = new Map(derived.wires.map((w) => [w.edgeId, w.message]));
  return Object.values(doc.edges).map((e) => ({
    ...e,
    port: incomingEdges(doc, e.to).findIndex((wire) => wire.id === e.id),
    error: errors.get(e.id) ?? null,
  }));
}

/**
 * Where a new layer goes: where it was dropped (centred under the pointer), or right of the last
 * open chain end, or at `centre`; and the open end it continues when dropped just right of one.
 */
export function placeLayer(
  doc: EditorDocument,
  kind: NodeKind,
  options: { dropped: Point | null; centre: Point; spacing: number },
): { position: Point; connectTo: string | undefined } {
  const ends = sortedNodeIds(doc).filter((id) => outgoingEdges(doc, id).length === 0);
  const last = ends.at(-1);
  const position = options.dropped
    ? { x: options.dropped.x - CARD_WIDTH / 2, y: options.dropped.y - 20 }
    : last
      ? { x: doc.nodes[last]!.position.x + options.spacing, y: doc.nodes[last]!.position.y }
      : options.centre;
  const connectTo = isInputType(kind)
    ? undefined
    : options.dropped
      ? ends.find((id) => {
          const p = doc.nodes[id]!.position;
          return (
            position.x > p.x + CARD_WIDTH / 2 &&
            position.x - p.x < CARD_WIDTH + 200 &&
            Math.abs(position.y - p.y) < 160
          );
        })
      : last;
  return { position, connectTo };
}
