/** A trainable Dense layer in float32: y = x · W + b with W of shape (in, out), as the notebook. */
import type { DenseLayer } from '../nn/layers.ts';
import type { Kernels } from '../kernels/types.ts';
import {
  float32Tensor,
  Scratch,
  toFloat32,
  type Param,
  type RuntimeLayer,
  type VisionLayer,
} from './runtime-layer.ts';

export class DenseRuntime implements RuntimeLayer {
  readonly outShape: readonly number[];
  readonly params: readonly Param[];
  private readonly inputs: number;
  private readonly outputs: number;
  private readonly weights: Float32Array;
  private readonly biases: Float32Array;
  private readonly output = new Scratch();
  private input: Float32Array = new Float32Array(0);
  private batch = 0;

  constructor(
    layer: DenseLayer,
    private readonly kernels: Kernels,
  ) {
    [this.inputs, this.outputs] = layer.weights.shape as [number, number];
    this.weights = toFloat32(layer.weights);
    this.biases = toFloat32(layer.biases);
    this.outShape = [this.outputs];
    this.params = [
      {
        field: 'weights',
        value: this.weights,
        grad: new Float32Array(this.weights.length),
        decay: true,
      },
      { field: 'biases', value: this.biases, grad: new Float32Array(this.outputs), decay: false },
    ];
  }

  forward(x: Float32Array, batch: number): Float32Array {
    this.input = x;
    this.batch = batch;
    const n = this.outputs;
    const y = this.output.get(batch * n);
    this.kernels.gemm(batch, n, this.inputs, x, this.weights, y);
    for (let at = 0; at < y.length; at += n) {
      for (let j = 0; j < n; j++) y[at + j] = y[at + j]! + this.biases[j]!;
    }
    return y;
  }

  backward(dy: Float32Array, spare: Float32Array, needDx: boolean): Float32Array | null {
    const { batch, inputs, outputs } = this;
    const [dw, db] = [this.params[0]!.grad, this.params[1]!.grad];
    // dW = xᵀ · dy; db = Σ over the batch of dy; dx = dy · Wᵀ.
    this.kernels.gemm(inputs, outputs, batch, this.input, dy, dw, { transA: true });
    db.fill(0);
    for (let at = 0; at < batch * outputs; at += outputs) {
      for (let j = 0; j < outputs; j++) db[j] = db[j]! + dy[at + j]!;
    }
    if (!needDx) return null;
    this.kernels.gemm(batch, inputs, outputs, dy, this.weights, spare, { transB: true });
    return spare;
  }

  toLayer(): VisionLayer {
    return {
      type: 'dense',
      weights: float32Tensor(this.weights, [this.inputs, this.outputs]),
      biases: float32Tensor(this.biases, [this.outputs]),
    };
  }
}
