/** A trainable 2-D convolution: the arithmetic is the kernels' (`conv2dForward`/`Backward`). */
import type { Conv2DLayer } from '../nn/image-layers.ts';
import { convGeometry, type ConvGeometry, type Kernels } from '../kernels/types.ts';
import {
  float32Tensor,
  Scratch,
  toFloat32,
  type Param,
  type RuntimeLayer,
  type VisionLayer,
} from './runtime-layer.ts';

export class ConvRuntime implements RuntimeLayer {
  readonly outShape: readonly number[];
  readonly params: readonly Param[];
  private readonly weights: Float32Array;
  private readonly biases: Float32Array;
  private readonly weightShape: readonly number[];
  private readonly output = new Scratch();
  private geometry: ConvGeometry;
  private input: Float32Array = new Float32Array(0);

  constructor(
    private readonly layer: Conv2DLayer,
    inShape: readonly number[],
    private readonly kernels: Kernels,
  ) {
    const [kh, kw, cin, cout] = layer.weights.shape as [number, number, number, number];
    this.weightShape = [kh, kw, cin, cout];
    this.weights = toFloat32(layer.weights);
    this.biases = toFloat32(layer.biases);
    this.geometry = convGeometry({
      batch: 1,
      height: inShape[0]!,
      width: inShape[1]!,
      inChannels: cin,
      outChannels: cout,
      kernelHeight: kh,
      kernelWidth: kw,
      stride: layer.stride,
      padding: layer.padding,
    });
    this.outShape = [this.geometry.outHeight, this.geometry.outWidth, cout];
    this.params = [
      {
        field: 'weights',
        value: this.weights,
        grad: new Float32Array(this.weights.length),
        decay: true,
      },
      { field: 'biases', value: this.biases, grad: new Float32Array(cout), decay: false },
    ];
  }

  forward(x: Float32Array, batch: number): Float32Array {
    if (this.geometry.batch !== batch) this.geometry = { ...this.geometry, batch };
    this.input = x;
    const g = this.geometry;
    const y = this.output.get(batch * g.outHeight * g.outWidth * g.outChannels);
    this.kernels.conv2dForward(g, x, this.weights, this.biases, y);
    return y;
  }

  backward(dy: Float32Array, spare: Float32Array, needDx: boolean): Float32Array | null {
    const [dw, db] = [this.params[0]!.grad, this.params[1]!.grad];
    const dx = needDx ? spare : null;
    this.kernels.conv2dBackward(this.geometry, this.input, this.weights, dy, dx, dw, db);
    return dx;
  }

  toLayer(): VisionLayer {
    return {
      ...this.layer,
      weights: float32Tensor(this.weights, this.weightShape),
      biases: float32Tensor(this.biases, [this.biases.length]),
    };
  }
}
