/**
 * The editor's document: layers placed on the canvas and the wires between them.
 * Plain data (immutable; every edit makes a new document), so undo can store diffs and the
 * network derived from it crosses to the worker by structured clone.
 * View state (selection, zoom, pan) is not here: it never enters history.
 */
import type { ActivationType, ImageLayer, Settings } from '../layers/index.ts';
import type { ModelMetadata, TrainingRecord } from '../nn/model.ts';
import type { Tensor } from '../tensor/tensor.ts';

export type NodeId = string;
export type EdgeId = string;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface InputNode {
  readonly id: NodeId;
  readonly kind: 'input';
  readonly position: Point;
  /** Features per sample. */
  readonly units: number;
}

export interface DenseNode {
  readonly id: NodeId;
  readonly kind: 'dense';
  readonly position: Point;
  /** Neurons. */
  readonly units: number;
  /** Shape (n_inputs, units); null until the layer is first connected and its n_inputs known. */
  readonly weights: Tensor | null;
  /** Shape (units,). */
  readonly biases: Tensor;
}

export interface ActivationNode {
  readonly id: NodeId;
  readonly kind: ActivationType;
  readonly position: Point;
}

/**
 * An image layer (image-input, conv2d, maxpool2d, …) as the model file holds it; `layer.type`
 * is `kind`. Its tensors are float32 and never mutated in place, like every document tensor.
 */
export interface ImageNode {
  readonly id: NodeId;
  readonly kind: ImageLayer['type'];
  readonly position: Point;
  readonly layer: ImageLayer;
}

/**
 * A layer whose parameters depend on the shape arriving (Conv2D's kernels span its input
 * channels, BatchNorm has one γ and β per channel), while that shape is unknown or its settings
 * cannot take it (a kernel larger than the picture): its settings only. Fitting
 * (layer-fitting.ts) makes its parameters once a wire brings a shape it can take, as a Dense
 * node's weights are made when its n_inputs is known.
 */
export interface PendingNode {
  readonly id: NodeId;
  readonly kind: ImageLayer['type'];
  readonly position: Point;
  readonly layer: null;
  /** Its kind's settings: `{ filters: 8, kernel: 3, stride: 1, padding: 1 }`. */
  readonly settings: Settings;
}

export type DocNode = InputNode | DenseNode | ActivationNode | ImageNode | PendingNode;
export type NodeKind = DocNode['kind'];

/** A wire from one layer's output port to the next layer's input port. */
export interface DocEdge {
  readonly id: EdgeId;
  readonly from: NodeId;
  readonly to: NodeId;
}

export interface NamedInputs {
  readonly name: string;
  /** Shape (batch, features). */
  readonly inputs: Tensor;
}

export interface EditorDocument {
  readonly nodes: Readonly<Record<NodeId, DocNode>>;
  readonly edges: Readonly<Record<EdgeId, DocEdge>>;
  /**
   * The batch fed to the input layer, shape (batch, features); for an image input, a batch of
   * pictures (batch, height, width, channels) of 0..255 pixel values.
   */
  readonly inputs: Tensor;
  /** Other saved input sets (the model file's examples). */
  readonly examples: readonly NamedInputs[];
  readonly metadata: ModelMetadata;
  /** How the network was trained (the model file's record); replaced as a whole by each run. */
  readonly training?: TrainingRecord;
  /** Next number for new ids ("n7", "e8"): ids are never reused, so undo stays unambiguous. */
  readonly nextId: number;
}
