/**
 * The float32 training runtime for image networks, in one import: the network, the loss,
 * augmentation, initialisation and templates, and the optimizers.
 */
export { TrainableNet, type VisionLayer } from './net.ts';
export { softmaxCrossEntropy, softmaxRows, countCorrect, argmaxRow } from './loss.ts';
export type { CrossEntropyOptions } from './loss.ts';
export { augmentBatch, randomTransform, applyTransform } from './augment.ts';
export type { AugmentOptions, Transform } from './augment.ts';
export { smallCnn, denseOnly, networkCost, heConv, heDense, freshBatchNorm } from './init.ts';
export type { SmallCnnOptions, DenseOnlyOptions, TemplateOptions } from './init.ts';
export { forwardImageLayer, imageLayerOutputShape } from './inference.ts';
export * from './optimizer.ts';
