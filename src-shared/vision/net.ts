/**
 * A trainable network of image and dense layers in float32. It owns the parameters and their
 * gradients (flat lists in layer order, for the optimizers), reuses its activation and gradient
 * buffers across batches of the same size, and saves back to plain layers.
 */
import type { Kernels } from '../kernels/types.ts';
import { referenceKernels } from '../kernels/reference.ts';
import type { RandomState } from '../rng/random-state.ts';
import { ShapeError } from '../tensor/ops.ts';
import { sizeOf } from '../tensor/tensor.ts';
import { BatchNormRuntime } from './batchnorm.ts';
import { ConvRuntime } from './conv.ts';
import { DenseRuntime } from './dense.ts';
import { DropoutRuntime, FlattenRuntime, ReluRuntime } from './elementwise.ts';
import { ImageInputRuntime } from './image-input.ts';
import { imageLayerOutputShape } from './inference.ts';
import { GlobalAvgPoolRuntime, MaxPoolRuntime } from './pool.ts';
import type { RuntimeLayer, VisionLayer } from './runtime-layer.ts';

export type { VisionLayer } from './runtime-layer.ts';

function buildLayer(
  layer: VisionLayer,
  index: number,
  inShape: readonly number[],
  kernels: Kernels,
): RuntimeLayer {
  const where = `layers[${index}] (${layer.type})`;
  if (layer.type === 'image-input')
    throw new ShapeError(`${where}: only the first layer may be an image input`);
  if (layer.type === 'softmax')
    throw new ShapeError(`${where}: softmax may only be the last layer`);
  if (layer.type === 'relu') return new ReluRuntime(inShape);
  if (layer.type === 'dense') {
    const [inputs] = layer.weights.shape as [number, number];
    if (inShape.length !== 1 || inShape[0] !== inputs) {
      const found =
        inShape.length === 1 ? `${inShape[0]} features` : `a ${inShape.join('×')} picture`;
      const hint = inShape.length === 1 ? '' : ' — add Flatten or GlobalAvgPool before it';
      throw new ShapeError(`${where} takes ${inputs} features, found ${found}${hint}`);
    }
    return new DenseRuntime(layer, kernels);
  }
  let outShape: number[];
  try {
    outShape = imageLayerOutputShape(layer, inShape);
  } catch (error) {
    throw new ShapeError(`${where}: ${(error as Error).message}`);
  }
  switch (layer.type) {
    case 'conv2d':
      return new ConvRuntime(layer, inShape, kernels);
    case 'maxpool2d':
      return new MaxPoolRuntime(layer, inShape);
    case 'batchnorm':
      return new BatchNormRuntime(layer, inShape);
    case 'globalavgpool':
      return new GlobalAvgPoolRuntime(inShape);
    case 'flatten':
      return new FlattenRuntime(outShape);
    case 'dropout':
      return new DropoutRuntime(layer, outShape);
    default:
      throw new Error(`${where}: unknown layer type`);
  }
}

export class TrainableNet {
  /** Every parameter array, in layer order (weights before biases, gamma before beta). */
  readonly params: Float32Array[] = [];
  /** grads[i] is dLoss/dparams[i] after `backward`, overwritten (not summed) each time. */
  readonly grads: Float32Array[] = [];
  /** names[i] names params[i] for messages: "layers[3].weights". */
  readonly names: string[] = [];
  /** decay[i]: whether weight decay applies to params[i] (not to biases or BatchNorm). */
  readonly decay: boolean[] = [];
  /** One sample's shape: (height, width, channels) of raw pixels. */
  readonly inputShape: readonly number[];
  /** Values per sample out of `forward`: the logits. */
  readonly outputSize: number;
  /** Whether the plain layers end in softmax (applied by the loss, not by `forward`). */
  readonly endsWithSoftmax: boolean;

  private readonly layers: RuntimeLayer[] = [];
  /** inSizes[i]: values per sample entering layers[i]. */
  private readonly inSizes: number[] = [];
  private readonly firstWithParams: number;
  private gradA = new Float32Array(0);
  private gradB = new Float32Array(0);
  private viewsA: Float32Array[] = [];
  private viewsB: Float32Array[] = [];
  private batch = 0;
  private trained = false;

  constructor(layers: readonly VisionLayer[], kernels: Kernels = referenceKernels) {
    const first = layers[0];
    if (first?.type !== 'image-input') {
      throw new ShapeError(
        `a trainable network starts with an image input, found ${first?.type ?? 'no layers'}`,
      );
    }
    this.endsWithSoftmax = layers[layers.length - 1]?.type === 'softmax';
    const body = this.endsWithSoftmax ? layers.slice(0, -1) : layers;
    const input = new ImageInputRuntime(first);
    this.inputShape = input.outShape;
    this.layers.push(input);
    this.inSizes.push(sizeOf(input.outShape));
    let shape = input.outShape;
    for (let i = 1; i < body.length; i++) {
      const runtime = buildLayer(body[i]!, i, shape, kernels);
      this.layers.push(runtime);
      this.inSizes.push(sizeOf(shape));
      for (const p of runtime.params) {
        this.params.push(p.value);
        this.grads.push(p.grad);
        this.names.push(`layers[${i}].${p.field}`);
        this.decay.push(p.decay);
      }
      shape = runtime.outShape;
    }
    if (shape.length !== 1) {
      throw new ShapeError(
        `the network ends with a ${shape.join('×')} picture; end with GlobalAvgPool or Flatten and Dense(classes)`,
      );
    }
    this.outputSize = shape[0]!;
    this.firstWithParams = this.layers.findIndex((l) => l.params.length > 0);
  }

  get parameterCount(): number {
    return this.params.reduce((n, p) => n + p.length, 0);
  }

  /**
   * The logits (batch × outputSize) for `x`: batch × height × width × channels raw pixel
   * values (0..255, NHWC); the image input normalises them. The result is a buffer of the net,
   * valid until the next call. `training` uses batch statistics in BatchNorm, updates its running
   * statistics and applies dropout with `rng`.
   */
  forward(x: Float32Array, batch: number, training: boolean, rng?: RandomState): Float32Array {
    const expected = batch * this.inSizes[0]!;
    if (x.length !== expected) {
      throw new ShapeError(
        `forward: ${batch} pictures of ${this.inputShape.join('×')} are ${expected} values, found ${x.length}`,
      );
    }
    if (batch !== this.batch) this.resize(batch);
    let y = x;
    for (const layer of this.layers) y = layer.forward(y, batch, training, rng);
    this.trained = training;
    return y;
  }

  /** Fills `grads` from dLoss/dlogits (batch × outputSize) of the last training forward pass. */
  backward(dLogits: Float32Array): void {
    if (!this.trained) throw new Error('backward needs a forward pass with training = true first');
    if (dLogits.length !== this.batch * this.outputSize) {
      throw new ShapeError(
        `backward: expected ${this.batch} × ${this.outputSize} gradients, found ${dLogits.length}`,
      );
    }
    let grad: Float32Array = dLogits;
    for (let i = this.layers.length - 1; i >= this.firstWithParams && i > 0; i--) {
      // Ping-pong between two buffers: layer i reads one and writes the other.
      const spare = grad.buffer === this.gradA.buffer ? this.viewsB[i]! : this.viewsA[i]!;
      const dx = this.layers[i]!.backward(grad, spare, i > this.firstWithParams);
      if (!dx) break;
      grad = dx;
    }
  }

  /** The network as plain layers with copies of the current values (and running statistics). */
  toLayers(): VisionLayer[] {
    const layers = this.layers.map((l) => l.toLayer());
    if (this.endsWithSoftmax) layers.push({ type: 'softmax' });
    return layers;
  }

  private resize(batch: number): void {
    const largest = Math.max(...this.inSizes) * batch;
    if (this.gradA.length < largest) {
      this.gradA = new Float32Array(largest);
      this.gradB = new Float32Array(largest);
    }
    this.viewsA = this.inSizes.map((n) => this.gradA.subarray(0, n * batch));
    this.viewsB = this.inSizes.map((n) => this.gradB.subarray(0, n * batch));
    this.batch = batch;
  }
}
