/**
 * One network type for every kind of layer, in one precision: float64 in NumPy's summation
 * order (the notebook's numbers) or float32 on the SIMD kernels. Layers form a graph: layers[i]
 * reads the outputs of `inputs[i]` (earlier layers; by default the one before), so a layer may
 * feed several others and Add or Concatenate merge branches. layers[0] is the input layer and
 * the last layer is the output.
 *
 * The net owns the parameters and their gradients (flat lists in layer order, for the
 * optimizers), reuses its buffers from batch to batch, and saves back to plain layers.
 *
 * A float32 net on the WebAssembly kernels computes in an instance of its own, whose memory
 * holds its activations and their gradients: the kernels take them in place, so consecutive
 * layers pass views and nothing is copied between layers. Growing that memory detaches every
 * view on it, so the net reserves a pass's whole working set before the pass (`heapBytes`) and
 * nothing grows it mid-pass; no other net or call shares it. Parameters and their gradients
 * stay ordinary arrays (the optimizer and the replicas keep them across passes).
 */
import { fastKernels } from '../kernels/index.ts';
import type { KernelHeap, Kernels } from '../kernels/types.ts';
import { backendFor, type Backend } from '../layers/backend.ts';
import type { Param, RunMode, RuntimeLayer } from '../layers/kind.ts';
import { layerKind, withPlace, type Layer } from '../layers/registry.ts';
import type { Scratch } from '../layers/scratch.ts';
import { ShapeError } from '../tensor/ops.ts';
import { shapeToString, sizeOf, type Shape, type TypedArray } from '../tensor/tensor.ts';
import type { Precision } from '../train/settings.ts';
import { heapBytes } from './budget.ts';
import { inputsOf, type Network } from './network.ts';
import { predictPlan, type PredictPlan } from './predict-plan.ts';

export interface NetOptions {
  precision: Precision;
  /** float32's kernels; the fastest this thread runs by default. */
  kernels?: Kernels;
  /**
   * The net this one replaces (a rebuild after an edit, a worker's reload): a float32 net
   * takes over its kernel instance, memory and all (`kernels` then only names the kernels
   * when it has none), rather than making one more that only garbage collection would free.
   * The old net is retired once this one is built: a pass on it, or reading its outputs,
   * throws (this net lays that memory out afresh, over the old net's views).
   */
  replaces?: Net;
}

const INFERENCE: RunMode = { training: false };

export class Net {
  readonly precision: Precision;
  /** Every parameter, in layer order (weights before biases, gamma before beta). */
  readonly params: Param[] = [];
  /** names[i] names params[i] for messages: "layers[3].weights". */
  readonly names: string[] = [];
  /** layerOf[i]: the index of the layer params[i] belongs to. */
  readonly layerOf: number[] = [];
  /** One sample's shape after each layer, input first. */
  readonly shapes: readonly Shape[];
  /** Whether the last layer is a softmax (which the cross-entropy loss may fold into its gradient). */
  readonly endsWithSoftmax: boolean;
  /** Each layer's kind, input first. */
  readonly types: readonly Layer['type'][];

  private readonly backend: Backend;
  /** float32 on the WebAssembly kernels: the net's own instance, and its memory. */
  private readonly own: (Kernels & { readonly heap: KernelHeap }) | undefined;
  private readonly heap: KernelHeap | undefined;
  /**
   * The heap's layout (null: none yet): the widest batch and the mode it has room for, the
   * narrowest batch run since it was laid out, and its buffer then (which must not change
   * mid-pass).
   */
  private layout: {
    widest: number;
    narrowest: number;
    training: boolean;
    buffer: ArrayBuffer;
  } | null = null;
  /** Set once a successor took over the kernel instance (`NetOptions.replaces`). */
  private retired = false;
  private readonly runtimes: RuntimeLayer[];
  private readonly inputs: readonly (readonly number[])[];
  /** Whether dL/d(output of layer i) is needed: it or a layer before it has parameters. */
  private readonly needsGrad: boolean[];
  private readonly grads: Scratch[];
  /** One spare gradient buffer per input of a merge layer. */
  private readonly spares: Scratch[] = [];
  private readonly outputs: TypedArray[];
  /**
   * A layer with a `withRelu` pass (BatchNorm) whose output only a ReLU reads runs the pair:
   * reluAfter[i] is that ReLU's index (-1: none) and fusedInto[j] the layer that computes
   * ReLU j (-1: itself). Forward, one sweep writes both outputs, so `output(i)` stays every
   * layer's own (the app draws the BatchNorm's and the ReLU's feature maps; the trainer reads
   * ReLU outputs) and only the second sweep over the values goes; backward, the ReLU's mask
   * enters the layer's own passes and dL/d(the layer's output) is never written. float32 only:
   * float64 keeps its layer-by-layer loops, the notebook's numbers.
   */
  private readonly reluAfter: number[];
  private readonly fusedInto: number[];
  private readonly fusedOutputs: Scratch[];
  /** float32: how `predict` runs the layers (null: float64, whose `predict` is `forward`). */
  private readonly plan: PredictPlan | null;
  /** Whether the last pass was `predict`, which keeps only some layers' outputs. */
  private predicted = false;
  private batch = 0;
  private trained = false;

  constructor(
    private readonly network: Network,
    { precision, kernels, replaces }: NetOptions,
  ) {
    const { layers } = network;
    if (layers.length === 0) throw new ShapeError('the network has no layers');
    replaces?.requireLive();
    this.precision = precision;
    const shared = precision === 'float32' ? (kernels ?? fastKernels()) : undefined;
    this.own = shared && (replaces?.own ?? shared.withOwnHeap?.());
    this.heap = this.own?.heap;
    this.backend = backendFor(precision, this.own ?? shared);
    this.inputs = layers.map((_, i) => inputsOf(network, i));
    this.types = layers.map((l) => l.type);
    const shapes: Shape[] = [];
    this.runtimes = layers.map((layer, i) => {
      const kind = layerKind(layer.type);
      const where = `layers[${i}] (${layer.type})`;
      if ((kind.role === 'input') !== (i === 0)) {
        throw new ShapeError(
          i === 0
            ? `${where}: a network starts with an input layer`
            : `${where}: only the first layer may be an input layer`,
        );
      }
      const arriving = this.inputs[i]!.map((j) => shapes[j]!);
      shapes.push(withPlace(where, () => kind.outputShape(layer, arriving)));
      const runtime = kind.runtime(layer, arriving, this.backend);
      for (const p of runtime.params) {
        this.params.push(p);
        this.names.push(`layers[${i}].${p.field}`);
        this.layerOf.push(i);
      }
      return runtime;
    });
    this.shapes = shapes;
    this.needsGrad = [];
    this.runtimes.forEach((runtime, i) => {
      this.needsGrad.push(
        runtime.params.length > 0 || this.inputs[i]!.some((j) => this.needsGrad[j]),
      );
    });
    const readers = layers.map(() => 0);
    for (const sources of this.inputs) for (const j of sources) readers[j]!++;
    this.reluAfter = layers.map(() => -1);
    this.fusedInto = layers.map((layer, j) => {
      const [i] = this.inputs[j]!;
      const fuse =
        precision === 'float32' &&
        layer.type === 'relu' &&
        i !== undefined &&
        readers[i] === 1 &&
        this.runtimes[i]!.withRelu !== undefined;
      if (fuse) this.reluAfter[i] = j;
      return fuse ? i : -1;
    });
    this.fusedOutputs = layers.map(() => this.backend.scratch());
    this.grads = layers.map(() => this.backend.scratch());
    this.outputs = layers.map(() => this.backend.alloc(0));
    this.plan = precision === 'float32' ? predictPlan(layers, this.inputs, this.runtimes) : null;
    this.endsWithSoftmax = layers[layers.length - 1]!.type === 'softmax';
    // Only now: a network that fails to build leaves the net it was to replace working.
    if (replaces) replaces.retired = true;
  }

  get inputShape(): Shape {
    return this.shapes[0]!;
  }

  get outputShape(): Shape {
    return this.shapes[this.shapes.length - 1]!;
  }

  get parameterCount(): number {
    return this.params.reduce((n, p) => n + p.value.length, 0);
  }

  /**
   * Runs a batch (batch × the input's sample size, row-major) through every layer and returns
   * the last layer's output, a buffer of the net valid until the next call. `training` uses
   * BatchNorm's batch statistics (updating its running ones) and applies dropout with `rng`.
   */
  forward(x: TypedArray, batch: number, mode: RunMode = INFERENCE): TypedArray {
    return this.pass(x, batch, mode, null);
  }

  /**
   * An inference `forward` for when only the last output is wanted (validation, evaluation,
   * the CLI's predictions): in float32, a convolution's following BatchNorm is folded into its
   * weights, and a ReLU and a max pool after them into its output sweep (net/predict-plan.ts),
   * so those layers' own outputs are never written and `output(i)` refuses them until the next
   * `forward`. float64 runs `forward` itself, the notebook's numbers.
   */
  predict(x: TypedArray, batch: number): TypedArray {
    return this.pass(x, batch, INFERENCE, this.plan);
  }

  private pass(x: TypedArray, batch: number, mode: RunMode, plan: PredictPlan | null): TypedArray {
    this.requireLive();
    const expected = batch * sizeOf(this.inputShape);
    if (x.length !== expected) {
      throw new ShapeError(
        `the input layer takes samples of shape ${shapeToString(this.inputShape)}: ${batch} of them are ${expected} values, found ${x.length}`,
      );
    }
    const input = this.inPrecision(x);
    this.reserve(batch, mode.training);
    this.batch = batch;
    this.trained = false;
    this.predicted = plan !== null;
    this.runtimes.forEach((runtime, i) => {
      // A fused ReLU's output was written with its input layer's; a block's, with its head's.
      if (plan ? plan.inBlock[i] : this.fusedInto[i]! >= 0) return;
      const xs = i === 0 ? [input] : this.inputs[i]!.map((j) => this.outputs[j]!);
      const block = plan?.blocks[i];
      if (block) {
        const map = block.map >= 0 ? this.runtimes[block.map]!.inferenceMap!() : null;
        const { relu, pool } = block;
        this.outputs[block.last] = runtime.folded!.forward(xs, batch, { map, relu, pool });
        return;
      }
      const relu = this.reluAfter[i]!;
      if (relu < 0) {
        this.outputs[i] = runtime.forward(xs, batch, mode);
        return;
      }
      const out = this.fusedOutputs[relu]!.get(batch * sizeOf(this.shapes[relu]!));
      this.outputs[i] = runtime.withRelu!.forward(xs, batch, mode, out);
      this.outputs[relu] = out;
    });
    this.checkHeap(plan ? 'predict' : 'forward');
    this.trained = mode.training;
    return this.outputs[this.outputs.length - 1]!;
  }

  /** The output before the final softmax (the last output when there is none). */
  logits(): TypedArray {
    this.requireLive();
    const last = this.outputs.length - 1;
    return this.endsWithSoftmax ? this.outputs[this.inputs[last]![0]!]! : this.outputs[last]!;
  }

  /**
   * Layer i's output from the last forward pass: a buffer of the net, valid until its next call
   * (for float32 a view on the net's kernel memory, which a larger batch's pass regrows and so
   * empties: copy what you keep).
   */
  output(i: number): TypedArray {
    this.requireLive();
    if (this.predicted && !this.plan!.kept[i]) {
      throw new Error(
        `layers[${i}] (${this.types[i]}): its output was not kept by the last pass, a prediction (predict); run forward for every layer's output`,
      );
    }
    return this.outputs[i]!;
  }

  /**
   * Fills every parameter's gradient from dL/d(the last layer's output) of the last forward
   * pass. With `skipSoftmax`, `dOut` is already dL/d(the final softmax's input) — the combined
   * softmax and cross-entropy gradient — and the softmax is skipped.
   */
  backward(dOut: TypedArray, { skipSoftmax = false }: { skipSoftmax?: boolean } = {}): void {
    this.requireLive();
    if (skipSoftmax && !this.endsWithSoftmax) {
      throw new Error('only a final softmax can be skipped: the last layer is not one');
    }
    let last = this.runtimes.length - 1;
    const start = skipSoftmax ? this.inputs[last]![0]! : last;
    const expected = this.batch * sizeOf(this.shapes[start]!);
    if (dOut.length !== expected) {
      throw new ShapeError(
        `backward: expected ${this.batch} × ${sizeOf(this.shapes[start]!)} gradients, found ${dOut.length}`,
      );
    }
    // Each layer's dL/d(output) arrives from every layer it feeds; the first write sets it.
    const filled = new Array<boolean>(this.runtimes.length).fill(false);
    const gradOf = (i: number) => this.grads[i]!.get(this.batch * sizeOf(this.shapes[i]!));
    gradOf(start).set(dOut);
    filled[start] = true;
    if (skipSoftmax) last = start;
    for (let i = last; i > 0; i--) {
      if (!this.needsGrad[i] || !filled[i]) continue;
      const fused = this.fusedInto[i]!;
      if (fused >= 0) {
        // Its input layer's backward takes this ReLU's gradient, masked by its output.
        filled[fused] = true;
        continue;
      }
      const sources = this.inputs[i]!;
      const targets = sources.map((j, k) => {
        if (!this.needsGrad[j]) return null;
        // Only the first write goes straight into j's buffer: a layer reading j twice
        // (Concatenate of j with itself) must not write both parts over each other.
        if (!filled[j] && sources.indexOf(j) === k) return gradOf(j);
        this.spares[k] ??= this.backend.scratch();
        return this.spares[k].get(this.batch * sizeOf(this.shapes[j]!));
      });
      if (targets.some((t) => t !== null) || this.runtimes[i]!.params.length > 0) {
        this.requireTraining();
        const relu = this.reluAfter[i]!;
        if (relu >= 0)
          this.runtimes[i]!.withRelu!.backward(gradOf(relu), this.outputs[relu]!, targets);
        else this.runtimes[i]!.backward(gradOf(i), targets);
      }
      sources.forEach((j, k) => {
        const target = targets[k];
        if (!target) return;
        if (filled[j]) {
          const into = gradOf(j);
          for (let n = 0; n < into.length; n++) into[n] = into[n]! + target[n]!;
        }
        filled[j] = true;
      });
    }
    this.checkHeap('backward');
  }

  /** The network as plain layers, with copies of the current values (and running statistics). */
  toNetwork(): Network {
    return { ...this.network, layers: this.runtimes.map((r) => r.toLayer() as Layer) };
  }

  /**
   * Lays the heap out afresh (the buffers' values need not survive: a pass writes them all) and
   * grows it now, while no layer holds a view: for a first pass, a batch wider than any before,
   * a first training pass, and a batch wider than the narrowest since the last layout: each
   * buffer's region is sized on its first use after a layout, so one first used at a narrow
   * batch would have to take a second region mid-pass, past what was reserved.
   */
  private reserve(batch: number, training: boolean): void {
    const { heap, layout } = this;
    if (!heap) return;
    if (layout && batch <= layout.narrowest && (layout.training || !training)) {
      layout.narrowest = batch;
      return;
    }
    const widest = Math.max(batch, layout?.widest ?? 0);
    const trains = training || (layout?.training ?? false);
    heap.clear(heapBytes(this.network, widest, trains));
    this.layout = { widest, narrowest: batch, training: trains, buffer: heap.buffer };
  }

  /** A grown heap mid-pass would have detached the views the layers hold: say so loudly. */
  private checkHeap(pass: string): void {
    if (this.heap && this.heap.buffer !== this.layout?.buffer) {
      throw new Error(
        `${pass}: the kernels' memory grew during the pass at batch ${this.batch}, past the ${this.layout?.buffer.byteLength} bytes reserved for it (net/budget.ts heapBytes undercounts)`,
      );
    }
  }

  private requireLive(): void {
    if (this.retired) {
      throw new Error(
        'this net was replaced by a net built to take over its kernels: use that one',
      );
    }
  }

  private requireTraining(): void {
    if (!this.trained) throw new Error('backward needs a forward pass with training = true first');
  }

  private inPrecision(x: TypedArray): TypedArray {
    const wanted = this.precision === 'float32' ? Float32Array : Float64Array;
    return x instanceof wanted ? x : this.backend.copy(x);
  }
}
