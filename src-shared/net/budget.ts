/**
 * The compute budget: from the shapes alone, the memory and the arithmetic a forward pass, a
 * training step and a data set need, so a network too large for the machine is refused before
 * any buffer is made, naming the layer, its shape and the bytes (instead of V8's "Invalid typed
 * array length" or minutes of swapping). The figures follow what the code allocates:
 * - every layer keeps its output batch (layers/scratch.ts), the engine's `forward` copies them
 *   all once more to send them back, and each parameter is held as the layer's tensor and as the
 *   net's value and gradient;
 * - training adds each layer's dL/d(output), the optimizer's state and the copies the replicas
 *   hold; the batch is shared among the replicas;
 * - a layer's working memory is its kind's `cost` (layers/kind.ts): the WebAssembly kernels'
 *   operands and im2col columns (kernels/working-set.ts), argmax indices, dropout masks. The
 *   kernels' memory only grows, so the largest call so far stays held.
 * Upper bounds: a pass never takes more, and tests hold the figures within a small factor of
 * what a pass measures.
 */
import { KERNEL_MEMORY_LIMIT } from '../kernels/working-set.ts';
import { layerKind, type Layer } from '../layers/registry.ts';
import { sizeOf, type Shape } from '../tensor/tensor.ts';
import type { Precision } from '../train/settings.ts';
import { inputsOf, layerShapes, precisionOf, type Network } from './network.ts';

/** V8's largest typed array (elements): past it, `new Float32Array(n)` throws a RangeError. */
export const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

export interface BudgetOptions {
  /** Samples per pass: the inputs of a forward pass, or a training step's batch. */
  readonly batch: number;
  /** `forward`: the engine's pass, every output sent back; `train`: a step, forward and back. */
  readonly mode: 'forward' | 'train';
  /** Copies of the network sharing each batch (engine workers, or 1 for this thread). */
  readonly replicas?: number;
  /** Training: values the optimizer keeps per parameter (SGD with momentum 1, Adam 2). */
  readonly optimizerSlots?: number;
  /** The data held while it runs (`dataBytes`), counted before the network. */
  readonly data?: DataSize;
  /** nodeIds[i]: the model node layers[i] comes from, for messages. */
  readonly nodeIds?: readonly string[];
  /** The precision the pass computes in: the network's own by default. */
  readonly precision?: Precision;
}

/** A data set as it is held: pictures as one byte per value, rows of features as float64. */
export type DataSize =
  | { readonly kind: 'pictures'; readonly count: number; readonly shape: Shape }
  | { readonly kind: 'rows'; readonly count: number; readonly features: number };

export interface LayerEstimate {
  /** `layers[1] (Conv2D, node "n2")`. */
  readonly name: string;
  /** One sample's output. */
  readonly shape: Shape;
  /** Values of its output in one net (the batch, or a replica's share of it). */
  readonly outputValues: number;
  /** Bytes of its outputs at the batch (with their gradients when training, or their copies). */
  readonly outputBytes: number;
  /** Bytes it keeps beside them (argmax indices, dropout masks). */
  readonly keptBytes: number;
  /** Bytes of the kernels' memory its largest call takes in one net. */
  readonly kernelBytes: number;
  /** Bytes held once this layer has run: the fixed part, the layers so far, the kernels' memory. */
  readonly totalBytes: number;
  /** Floating-point operations of the pass (forward and back when training) at the batch. */
  readonly flops: number;
}

export interface Estimate {
  readonly precision: Precision;
  readonly batch: number;
  readonly mode: BudgetOptions['mode'];
  /** The parameters' copies, the optimizer's state and the data: held before any layer runs. */
  readonly fixedBytes: number;
  /** Learned values (weights, biases, BatchNorm's gamma and beta). */
  readonly parameters: number;
  readonly dataBytes: number;
  readonly layers: readonly LayerEstimate[];
  /** The most held at once. */
  readonly peakBytes: number;
  readonly flops: number;
}

/** The most a pass may hold, and where that figure comes from, for the message. */
export interface MemoryLimit {
  readonly bytes: number;
  /** `--memory-limit`, or `the default, half of this machine's 16 GiB (--memory-limit)`. */
  readonly source: string;
}

export const bytesPer = (precision: Precision) => (precision === 'float32' ? 4 : 8);

/** Bytes a data set takes as it is held. */
export function dataBytes(data: DataSize): number {
  return data.kind === 'pictures'
    ? data.count * sizeOf(data.shape)
    : data.count * data.features * 8;
}

/** `layers[1] (Conv2D, node "n2")`: a layer as messages name it. */
export function layerName(layers: readonly Layer[], i: number, nodeIds?: readonly string[]) {
  const node = nodeIds?.[i] === undefined ? '' : `, node ${JSON.stringify(nodeIds[i])}`;
  return `layers[${i}] (${layerKind(layers[i]!.type).label}${node})`;
}

/** The memory and arithmetic of a pass. Throws the network's ShapeError if its shapes disagree. */
export function estimateCompute(network: Network, options: BudgetOptions): Estimate {
  const { batch, mode } = options;
  const training = mode === 'train';
  const replicas = Math.max(1, options.replicas ?? 1);
  // Each replica computes its share; shares are whole samples.
  const share = Math.ceil(batch / replicas);
  const precision = options.precision ?? precisionOf(network);
  const bytes = bytesPer(precision);
  const shapes = layerShapes(network);
  const { layers } = network;

  const stored = layers.reduce(
    (sum, layer) =>
      sum +
      layerKind(layer.type)
        .parameters(layer)
        .reduce((n, p) => n + p.tensor.data.length * p.tensor.data.BYTES_PER_ELEMENT, 0),
    0,
  );
  const values = layers.reduce(
    (sum, layer) =>
      sum +
      layerKind(layer.type)
        .parameters(layer)
        .reduce((n, p) => n + p.tensor.data.length, 0),
    0,
  );
  // Each net holds a value and a gradient per parameter; training adds the master's copy, its
  // summed gradient and the optimizer's state.
  const nets = replicas + (training ? 1 : 0);
  const optimizer = training ? values * bytes * (options.optimizerSlots ?? 2) : 0;
  const data = options.data ? dataBytes(options.data) : 0;
  const input = share * replicas * sizeOf(shapes[0]!) * bytes;
  const fixedBytes = stored + nets * 2 * values * bytes + optimizer + data + input;

  const needsGrad: boolean[] = [];
  let held = fixedBytes;
  let kernels = 0;
  let flops = 0;
  const estimates = layers.map((layer, i): LayerEstimate => {
    const kind = layerKind(layer.type);
    const reads = inputsOf(network, i);
    needsGrad.push(kind.parameters(layer).length > 0 || reads.some((j) => needsGrad[j]));
    const outputValues = share * sizeOf(shapes[i]!);
    // Kept for the next layers; training adds dL/d(output), `forward` a copy to send back.
    const copies = training ? (needsGrad[i] ? 2 : 1) : i > 0 ? 2 : 1;
    const outputBytes = replicas * copies * outputValues * bytes;
    const cost =
      i === 0
        ? undefined
        : kind.cost?.(
            layer,
            reads.map((j) => shapes[j]!),
          );
    const keptBytes = replicas * (cost?.keptBytes?.(share, precision, training) ?? 0);
    const kernelBytes = cost?.kernelBytes?.(share, precision, training) ?? 0;
    // The kernels' memory grows to the largest call so far and stays, in every replica.
    const grown = Math.max(0, kernelBytes - kernels);
    kernels += grown;
    held += outputBytes + keptBytes + replicas * grown;
    const layerFlops = share * replicas * (cost?.flops ?? sizeOf(shapes[i]!)) * (training ? 3 : 1);
    flops += layerFlops;
    return {
      name: layerName(layers, i, options.nodeIds),
      shape: shapes[i]!,
      outputValues,
      outputBytes,
      keptBytes,
      kernelBytes,
      totalBytes: held,
      flops: layerFlops,
    };
  });
  return {
    precision,
    batch,
    mode,
    fixedBytes,
    parameters: values,
    dataBytes: data,
    layers: estimates,
    peakBytes: held,
    flops,
  };
}

/**
 * Bytes a float32 net reserves in its kernels' memory (layers/scratch.ts) before a pass at this
 * batch, so that nothing grows it mid-pass: every layer's output, with `training` its
 * dL/d(output) and a spare for each input of a merge layer, each buffer's alignment, and the
 * largest kernel call above them all. What layers keep (argmax indices, dropout masks) stays in
 * ordinary arrays: no kernel reads it.
 */
export function heapBytes(network: Network, batch: number, training: boolean): number {
  const estimate = estimateCompute(network, {
    batch,
    mode: training ? 'train' : 'forward',
    precision: 'float32',
  });
  let bytes = 0;
  let kernels = 0;
  estimate.layers.forEach((layer, i) => {
    bytes += (4 * layer.outputValues + 16) * (training ? 2 : 1);
    const reads = inputsOf(network, i);
    if (training && reads.length > 1) {
      for (const j of reads) bytes += 4 * estimate.layers[j]!.outputValues + 16;
    }
    kernels = Math.max(kernels, layer.kernelBytes);
  });
  return bytes + kernels;
}

/**
 * Why this pass cannot run here, or null when it fits: the first layer whose output or
 * working memory cannot be made at all (past a typed array's or the kernels' reach), else the
 * first layer that takes the total past the limit.
 */
export function checkBudget(
  network: Network,
  options: BudgetOptions & { readonly limit: MemoryLimit },
): string | null {
  const estimate = estimateCompute(network, options);
  const { limit } = options;
  const { precision, batch } = estimate;
  const at = `${precision} at batch ${batch}`;
  const smaller = 'use smaller pictures, fewer channels or a smaller batch';
  const over = `the limit is ${formatBytes(limit.bytes)} (${limit.source})`;
  if (options.data && estimate.dataBytes > limit.bytes) {
    return `the data set needs ${formatBytes(estimate.dataBytes)} (${describeData(options.data)}); ${over}`;
  }
  const pass = options.mode === 'train' ? 'training step' : 'forward pass';
  for (const layer of estimate.layers) {
    const output = `its output ${picture(layer.shape)} ${at}`;
    if (layer.outputValues > MAX_TYPED_ARRAY_LENGTH) {
      const size = formatBytes(layer.outputValues * bytesPer(precision));
      return `${layer.name} needs ${size} for ${output}: ${count(layer.outputValues)} values, more than the ${count(MAX_TYPED_ARRAY_LENGTH)} one array can hold — ${smaller}`;
    }
    if (layer.kernelBytes > KERNEL_MEMORY_LIMIT) {
      return `${layer.name} needs ${formatBytes(layer.kernelBytes)} of kernel memory for ${output}, more than WebAssembly's ${formatBytes(KERNEL_MEMORY_LIMIT)} — ${smaller}`;
    }
    if (layer.totalBytes <= limit.bytes) continue;
    const own = layer.outputBytes + layer.keptBytes + layer.kernelBytes;
    const kernels =
      layer.kernelBytes > 0 ? `, with ${formatBytes(layer.kernelBytes)} of kernel memory` : '';
    const needs = `${layer.name} needs ${formatBytes(own)} for ${output}${kernels}`;
    if (own > limit.bytes) return `${needs}; ${over}`;
    // Large parameters (a Dense layer after a big picture) can fill most of the total.
    const { fixedBytes } = estimate;
    const fixed =
      fixedBytes > limit.bytes / 4
        ? `, ${formatBytes(fixedBytes)} of it the parameters (${count(estimate.parameters)} values), their copies and the input batch`
        : '';
    return `${needs}, which brings the ${pass} to ${formatBytes(layer.totalBytes)}${fixed}; ${over}`;
  }
  return null;
}

const count = (n: number) => n.toLocaleString('en-US');

function describeData(data: DataSize): string {
  return data.kind === 'pictures'
    ? `${count(data.count)} pictures of ${picture(data.shape)} as bytes`
    : `${count(data.count)} rows of ${data.features} features as float64`;
}

const picture = (shape: Shape) => shape.join('×');

const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * `64 GiB`, `1.86 GiB`, `512 MiB`: binary units, three figures at most, so a need and a limit
 * that differ never print alike.
 */
export function formatBytes(bytes: number): string {
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} bytes`;
  const digits = value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${Number(value.toFixed(digits))} ${UNITS[unit]}`;
}

/** `1.6 GFLOP`: floating-point operations in decimal units, as speeds are quoted. */
export function formatFlops(flops: number): string {
  const units = ['FLOP', 'kFLOP', 'MFLOP', 'GFLOP', 'TFLOP', 'PFLOP'];
  let unit = 0;
  let value = flops;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const SCALE: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1e3,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1e12,
  tib: 1024 ** 4,
};

/**
 * A size as people write it: `2GB` (10⁹ bytes each), `512MiB` (2²⁰), `6G` (a bare letter is
 * binary, as Docker and Node read it), `1.5 GiB`, or bytes. Null when it is none of these.
 */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const scale = match ? SCALE[match[2]!.toLowerCase()] : undefined;
  if (!match || scale === undefined) return null;
  const bytes = Math.round(Number(match[1]) * scale);
  return bytes > 0 && Number.isSafeInteger(bytes) ? bytes : null;
}
