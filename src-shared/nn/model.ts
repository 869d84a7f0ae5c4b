/**
 * A model document as the file holds it (format v4): every layer node the learner placed, with
 * its id and position, and every wire between them, connected or not, fitting or not; plus the
 * examples, the metadata and how it was trained. What runs is derived from it (the first
 * Input's chain: `runnableNetwork` in document/model-io.ts), so saving never loses work.
 */
import type { NormalizationKind } from '../data/normalize.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { TrainingSettings } from '../train/settings.ts';
import type { DenseDraft, ImageLayerType, Layer, Settings } from '../layers/index.ts';
import type { Network } from '../net/network.ts';

export type { DenseDraft };

export interface InputExample {
  readonly name: string;
  /** Shape (batch, features): one sample is a batch of one. */
  readonly inputs: Tensor;
}

export type MetadataValue = string | number | boolean;

export interface ModelMetadata {
  readonly name?: string;
  readonly description?: string;
  /** ISO 8601 date-times. */
  readonly created?: string;
  readonly modified?: string;
  readonly [key: string]: MetadataValue | undefined;
}

/** Where a layer's card sits on the editor's canvas, in canvas units. */
export interface LayerPosition {
  readonly x: number;
  readonly y: number;
}

/**
 * A Conv2D or BatchNorm placed before the shape arriving is known (or with settings that cannot
 * take it): its kind's settings, its parameters made once it is wired (document/layer-fitting.ts).
 */
export interface LayerDraft {
  readonly type: ImageLayerType;
  readonly settings: Settings;
}

/** What a node holds: a layer, a Dense layer still without weights, or a layer's settings alone. */
export type NodeLayer = Layer | DenseDraft | LayerDraft;

export function isLayerDraft(layer: NodeLayer): layer is LayerDraft {
  return 'settings' in layer;
}

export interface ModelNode {
  /** Unique in the model; wires name nodes by it. Weightcraft writes "n1", "n2", … */
  readonly id: string;
  /** Null leaves the node to the editor's automatic layout. */
  readonly position: LayerPosition | null;
  readonly layer: NodeLayer;
}

/** A wire from one node's output to another's input. Order matters where a node takes several. */
export interface ModelWire {
  readonly from: string;
  readonly to: string;
}

/** The training curves: one entry per step; validation values at epoch ends, null elsewhere. */
export interface TrainingCurves {
  readonly step: readonly number[];
  readonly loss: readonly number[];
  readonly accuracy: readonly number[];
  readonly validationLoss: readonly (number | null)[];
  readonly validationAccuracy: readonly (number | null)[];
}

/** Where training ended; null where a figure was not measured (no validation share, say). */
export interface FinalFigures {
  /** Epochs and steps trained (an interrupted run has fewer epochs than its settings). */
  readonly epochs: number;
  readonly steps: number;
  readonly loss: number | null;
  readonly accuracy: number | null;
  readonly validationLoss: number | null;
  readonly validationAccuracy: number | null;
  /** Validation samples classified right, of `validationTotal`. */
  readonly validationRight: number | null;
  readonly validationTotal: number | null;
}

/** How samples were prepared before the network saw them, so new data is prepared alike. */
export type Preprocessing =
  | {
      readonly kind: 'image';
      readonly height: number;
      readonly width: number;
      readonly channels: number;
      /** Per channel, as the image input applies them: (p / 255 − mean) / std. */
      readonly mean: readonly number[];
      readonly std: readonly number[];
      /** Predictions average each picture with its mirror image. */
      readonly testFlip: boolean;
    }
  | {
      readonly kind: 'features';
      /** x' = (x − offset) / scale per column (data/normalize.ts). */
      readonly normalization: NormalizationKind;
      readonly offset: readonly number[];
      readonly scale: readonly number[];
    };

/** The data a model was trained on. */
export interface TrainingData {
  /** A generated set ("spiral:3x100"), a CSV file's name or a folder's path. */
  readonly name: string;
  /** "fnv1a64:<16 hex digits>" of the file list (a CSV file: of its text); null for generated data. */
  readonly hash: string | null;
  /** Samples trained on and held out (the share is settings.validationSplit); null when not recorded. */
  readonly training: number | null;
  readonly validation: number | null;
}

/** How a model was trained: one record, replaced as a whole by the next run. */
export interface TrainingRecord {
  readonly settings: TrainingSettings;
  readonly curves: TrainingCurves;
  readonly final: FinalFigures;
  /** Class i's name; null when classes are numbers (generated data). */
  readonly classNames: readonly string[] | null;
  readonly preprocessing: Preprocessing | null;
  readonly data: TrainingData;
  /** The Weightcraft version that trained it (package.json's); null when not recorded. */
  readonly weightcraft: string | null;
  /** ISO 8601 date-times; null when not recorded. */
  readonly started: string | null;
  readonly ended: string | null;
}

export interface Model {
  /** In creation order: the first Input node is the one the examples feed. */
  readonly nodes: readonly ModelNode[];
  readonly wires: readonly ModelWire[];
  readonly examples: readonly InputExample[];
  readonly metadata: ModelMetadata;
  /** Present once the model has been trained in the app or with `weightcraft train`. */
  readonly training?: TrainingRecord;
}

/**
 * A chain of layers as a Model: nodes n1, n2, … each wired to the next, placed where `layout`
 * says (layout[i] places layers[i]; absent or null leaves it to the editor).
 */
export function chainModel(args: {
  network: Network;
  examples?: readonly InputExample[];
  metadata?: ModelMetadata;
  layout?: readonly (LayerPosition | null | undefined)[];
  training?: TrainingRecord;
}): Model {
  const { network, examples = [], metadata = {}, layout, training } = args;
  const nodes = network.layers.map((layer, i) => ({
    id: `n${i + 1}`,
    position: layout?.[i] ?? null,
    layer,
  }));
  const wires = nodes.slice(1).map((node, i) => ({ from: nodes[i]!.id, to: node.id }));
  return { nodes, wires, examples, metadata, ...(training && { training }) };
}
