/**
 * What a layer kind is: everything about it in one object, looked up by `type` in one registry
 * (registry.ts), as Keras's `Layer` or an ONNX operator schema. A kind states
 * - how it is named and edited: its label, a hint, its settings with their ranges;
 * - its shape rule, throwing a ShapeError that names the shapes and the fix;
 * - its parameters (discovered, as PyTorch's `state_dict`: the trainer needs no per-kind code);
 * - its forward and backward pass, for either precision, through a `Backend`;
 * - its file form: how its layer is written to the model file and read back (file-form.ts).
 * Adding a kind is one file and one line in registry.ts.
 */
import type { RandomState } from '../rng/random-state.ts';
import type { Shape, Tensor, TypedArray } from '../tensor/tensor.ts';
import type { Precision } from '../train/settings.ts';
import type { Backend } from './backend.ts';
import type { FileForm } from './file-form.ts';

/** A kind's editable settings by key: `{ filters: 8, kernel: 3, stride: 1, padding: 1 }`. */
export type Settings = Readonly<Record<string, number>>;

export interface SettingSpec {
  readonly key: string;
  /** As the inspector shows it: `Kernel size`. */
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Whole numbers only (filters, kernel size); otherwise any number in range (a rate). */
  readonly integer: boolean;
  /** A choice among a few values (channels: 1 or 3), shown as buttons. */
  readonly choices?: readonly number[];
}

/** A learned array of a layer: `weights`, `biases`, `gamma`, `beta`. */
export interface ParameterOf {
  readonly field: string;
  readonly tensor: Tensor;
  /** Whether weight decay applies: weights yes; biases and BatchNorm's gamma and beta no. */
  readonly decay: boolean;
}

/** A parameter while the network computes: the optimizer may swap in a new `value`. */
export interface Param {
  readonly field: string;
  value: TypedArray;
  /** dLoss/dvalue after `backward`, overwritten (not summed) each time. */
  readonly grad: TypedArray;
  readonly decay: boolean;
}

export interface RunMode {
  /** BatchNorm uses the batch's statistics (and updates its running ones); dropout drops. */
  readonly training: boolean;
  /** Dropout's draws; needed when training a network with dropout. */
  readonly rng?: RandomState;
}

/**
 * One layer as the network computes it, in the backend's precision. Buffers are the layer's own
 * and reused from call to call; no layer writes over its input, so any output may feed several
 * layers.
 */
export interface RuntimeLayer {
  /** One sample's shape after this layer. */
  readonly outShape: Shape;
  readonly params: readonly Param[];
  /** The batch's output from one input per incoming wire; valid until the next call. */
  forward(xs: readonly TypedArray[], batch: number, mode: RunMode): TypedArray;
  /**
   * Given dL/dy of the last forward pass, fills the params' grads and writes dL/dx of input i
   * into dxs[i] (overwriting it); a null entry asks for none.
   */
  backward(dy: TypedArray, dxs: readonly (TypedArray | null)[]): void;
  /**
   * Both passes with a ReLU after this layer, each in one sweep over the values (BatchNorm's;
   * net.ts runs a pair this way when the ReLU alone reads the layer's output). `forward` returns
   * this layer's output as above and writes the ReLU's into `relu`; `backward` takes dL/d(the
   * ReLU's output) and that output, whose zeros mask the gradient.
   */
  readonly withRelu?: {
    forward(xs: readonly TypedArray[], batch: number, mode: RunMode, relu: TypedArray): TypedArray;
    backward(dRelu: TypedArray, relu: TypedArray, dxs: readonly (TypedArray | null)[]): void;
  };
  /**
   * Its inference pass as y = x · scale + shift per channel (BatchNorm's, with the running
   * statistics): a prediction pass folds it into the convolution before it (net.ts `predict`).
   */
  inferenceMap?(): ChannelMap;
  /**
   * An inference forward with the layers after it taken in (Conv2D's), for a prediction pass,
   * which keeps none of their outputs: so the values are written once, not once per layer.
   */
  readonly folded?: {
    /**
     * The output of the `map` folded into its weights and biases, then of a ReLU and a 2×2
     * stride-2 max pool (only where `pools()`), in its own buffer as `forward`'s.
     */
    forward(xs: readonly TypedArray[], batch: number, after: FoldedLayers): TypedArray;
    /** Whether a following 2×2 stride-2 max pool can be taken in. */
    pools(): boolean;
  };
  /** The layer as plain data, with copies of the current values in the layer's own dtype. */
  toLayer(): { readonly type: string };
}

/** The layers a `folded` forward takes in after its own, in this order. */
export interface FoldedLayers {
  readonly map: ChannelMap | null;
  readonly relu: boolean;
  readonly pool: boolean;
}

/** y = x · scale + shift, one scale and shift per channel (the last axis). */
export interface ChannelMap {
  readonly scale: Float64Array;
  readonly shift: Float64Array;
}

/** What a layer costs besides its output, for the compute budget (net/budget.ts). */
export interface LayerCost {
  /** Floating-point operations of one sample's forward pass (a multiply-add counts two). */
  readonly flops: number;
  /** Bytes it keeps beside its output at this batch for its backward pass (argmax indices). */
  keptBytes?(batch: number, precision: Precision, training: boolean): number;
  /**
   * Bytes of the WebAssembly kernels' memory its largest call takes at this batch (operands,
   * im2col columns), forward and, with `training`, backward; that memory grows and stays.
   */
  kernelBytes?(batch: number, precision: Precision, training: boolean): number;
}

/**
 * `Saved` is what a model file's node may hold of this kind besides its settings alone: the
 * layer, or also a form of it not yet complete (a Dense layer without weights).
 */
export interface LayerKind<L extends { readonly type: string }, Saved = L> {
  readonly type: L['type'];
  /** The name a learner sees on the card and the palette: `Conv2D`. */
  readonly label: string;
  /** What it computes, in one line: `max(0, x)`. */
  readonly hint: string;
  /**
   * `input` starts a network (no wire in); `merge` takes two or more wires in (Add,
   * Concatenate); the others take exactly one.
   */
  readonly role: 'input' | 'layer' | 'activation' | 'merge';
  readonly settings: readonly SettingSpec[];
  /** A new layer's settings, as Keras's defaults. */
  readonly defaults: Settings;
  settingsOf(layer: L): Settings;
  /** What this layer computes, with its numbers: `8 3×3 kernels over 3 channels + biases, …`. */
  describe(layer: L): string;
  /**
   * A layer with these settings for inputs of these sample shapes ([] for an input kind). Its
   * parameters are zeros (ones for BatchNorm's gamma and running variance), to be initialised.
   */
  create(settings: Settings, inputs: readonly Shape[]): L;
  /** The sample shape it puts out; throws a ShapeError naming the shapes and the fix. */
  outputShape(layer: L, inputs: readonly Shape[]): number[];
  parameters(layer: L): readonly ParameterOf[];
  /** Kernels-backed computation; `inputs` are the sample shapes arriving (checked before). */
  runtime(layer: L, inputs: readonly Shape[], backend: Backend): RuntimeLayer;
  /** Its arithmetic and working memory; absent: one operation per output value, nothing more. */
  cost?(layer: L, inputs: readonly Shape[]): LayerCost;
  /** Its keys in the model file, written and read back with their checks. */
  readonly file: FileForm<Saved>;
}
