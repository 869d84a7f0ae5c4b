/** The layer kinds: plain-data types, the registry, and the backends they compute with. */
export * from './registry.ts';
export * from './groups.ts';
export type { LayerKind, Param, RuntimeLayer, RunMode, Settings, SettingSpec } from './kind.ts';
export {
  LayerReader,
  type FileForm,
  type Json,
  type JsonFields,
  type LayerWriter,
} from './file-form.ts';
export { backendFor, float32Backend, float64Backend, type Backend } from './backend.ts';
export { batchShapeToString, describeShape } from './shapes.ts';
export type { InputLayer } from './input.ts';
export type { ImageInputLayer } from './image-input.ts';
export type { DenseDraft, DenseLayer } from './dense.ts';
export type { Conv2DLayer } from './conv2d.ts';
export type { MaxPool2DLayer } from './maxpool2d.ts';
export type { AvgPool2DLayer } from './avgpool2d.ts';
export type { GlobalAvgPoolLayer } from './global-avg-pool.ts';
export type { FlattenLayer } from './flatten.ts';
export type { BatchNormLayer } from './batchnorm.ts';
export type { DropoutLayer } from './dropout.ts';
export type { ReluLayer } from './relu.ts';
export type { LeakyReluLayer } from './leaky-relu.ts';
export type { SigmoidLayer } from './sigmoid.ts';
export type { TanhLayer } from './tanh.ts';
export type { SoftmaxLayer } from './softmax.ts';
export type { LinearLayer } from './linear.ts';
export type { AddLayer } from './add.ts';
export type { ConcatenateLayer } from './concatenate.ts';
