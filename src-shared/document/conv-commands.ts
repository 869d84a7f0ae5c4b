/**
 * Edits of a Conv2D layer's parameters, as dense-commands.ts edits a Dense layer's: weights of
 * shape (kh, kw, in channels, out channels) — w[ky, kx, ci, co] weighs input channel ci at
 * offset (ky, kx) of the window for filter co — and biases (out channels,). The kernel of one
 * (ci, co) pair is a kh × kw grid. Values are stored float32, as the layer computes them.
 */
import type { Conv2DLayer } from '../layers/index.ts';
import { RandomState, type Seed } from '../rng/random-state.ts';
import { shapeToString, type Tensor } from '../tensor/tensor.ts';
import { copyFinite, refuse, requireFinite, requireIndex } from './checks.ts';
import { describeNode, getNode } from './graph.ts';
import type { EditorDocument, ImageNode, NodeId } from './types.ts';

interface ConvNode extends ImageNode {
  readonly layer: Conv2DLayer;
}

function getConv(doc: EditorDocument, id: NodeId): ConvNode {
  const node = getNode(doc, id);
  if (node.kind !== 'conv2d') refuse(`${describeNode(node)} is not a Conv2D layer`);
  if (!node.layer) {
    refuse(`${describeNode(node)} has no kernels yet: wire a picture it can take into it first`);
  }
  return node as ConvNode;
}

function withLayer(doc: EditorDocument, node: ConvNode, layer: Conv2DLayer): EditorDocument {
  return { ...doc, nodes: { ...doc.nodes, [node.id]: { ...node, layer } } };
}

/** (kh, kw, cin, cout) of a node's kernels. */
function dims(node: ConvNode): [number, number, number, number] {
  return node.layer.weights.shape as [number, number, number, number];
}

/** A float32 copy of `t` with `values` written at the flat indices given. */
function edited(t: Tensor, writes: Iterable<[number, number]>): Tensor {
  const data = Float32Array.from(t.data);
  for (const [at, value] of writes) data[at] = value;
  return { shape: [...t.shape], dtype: 'float32', data };
}

export interface KernelPlace {
  id: NodeId;
  /** Input channel. */
  ci: number;
  /** Output channel: the filter. */
  co: number;
}

function checkPlace(node: ConvNode, { ci, co }: KernelPlace): void {
  const [, , cin, cout] = dims(node);
  requireIndex(ci, cin, `the input channel of ${describeNode(node)}`);
  requireIndex(co, cout, `the filter of ${describeNode(node)}`);
}

/** w[ky, kx, ci, co] = value. */
export function setKernelWeight(
  doc: EditorDocument,
  args: KernelPlace & { ky: number; kx: number; value: number },
): EditorDocument {
  const node = getConv(doc, args.id);
  const [kh, kw, cin, cout] = dims(node);
  checkPlace(node, args);
  const { ky, kx, ci, co, value } = args;
  requireIndex(ky, kh, `the kernel row of ${describeNode(node)}`);
  requireIndex(kx, kw, `the kernel column of ${describeNode(node)}`);
  requireFinite(value, `w[${ky}, ${kx}, ${ci}, ${co}] of ${describeNode(node)}`);
  const at = ((ky * kw + kx) * cin + ci) * cout + co;
  return withLayer(doc, node, {
    ...node.layer,
    weights: edited(node.layer.weights, [[at, value]]),
  });
}

/** The kh × kw kernel of input channel ci in filter co, replaced whole (a pasted matrix). */
export function setKernel(
  doc: EditorDocument,
  args: KernelPlace & { kernel: Tensor },
): EditorDocument {
  const node = getConv(doc, args.id);
  const [kh, kw, cin, cout] = dims(node);
  checkPlace(node, args);
  const { ci, co } = args;
  const of = ` of ${describeNode(node)} (channel ${ci}, filter ${co})`;
  const kernel = copyFinite(args.kernel, 2, 'the kernel', of);
  if (kernel.shape[0] !== kh || kernel.shape[1] !== kw) {
    refuse(
      `the kernel${of} is ${kh}×${kw}, found shape ${shapeToString(kernel.shape)}: paste ${kh} rows of ${kw} numbers`,
    );
  }
  const writes: [number, number][] = [];
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      writes.push([((ky * kw + kx) * cin + ci) * cout + co, kernel.data[ky * kw + kx]!]);
    }
  }
  return withLayer(doc, node, { ...node.layer, weights: edited(node.layer.weights, writes) });
}

export function setConvBias(
  doc: EditorDocument,
  { id, index, value }: { id: NodeId; index: number; value: number },
): EditorDocument {
  const node = getConv(doc, id);
  requireIndex(index, dims(node)[3], `the filter of ${describeNode(node)}`);
  requireFinite(value, `bias [${index}] of ${describeNode(node)}`);
  return withLayer(doc, node, {
    ...node.layer,
    biases: edited(node.layer.biases, [[index, value]]),
  });
}

/**
 * scale · RandomState(seed).randn(kh, kw, cin, cout), as NumPy draws it after
 * `np.random.seed(seed)`, stored float32; the biases are kept.
 */
export function randomiseKernels(
  doc: EditorDocument,
  { id, seed, scale }: { id: NodeId; seed: Seed; scale: number },
): EditorDocument {
  const node = getConv(doc, id);
  requireFinite(scale, 'the scale of random kernels');
  let random: RandomState;
  try {
    random = new RandomState(seed);
  } catch (error) {
    if (error instanceof RangeError) refuse(`the seed is not usable: ${error.message}`);
    throw error;
  }
  const drawn = random.randn(...dims(node));
  const data = Float32Array.from(drawn.data, (x) => scale * x);
  if (!data.every(Number.isFinite)) {
    refuse(`scale ${scale} makes random kernels overflow float32: use a smaller scale`);
  }
  const weights: Tensor = { shape: [...drawn.shape], dtype: 'float32', data };
  return withLayer(doc, node, { ...node.layer, weights });
}
