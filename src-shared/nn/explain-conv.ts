/**
 * One output value of a Conv2D layer written out with its numbers, as explain.ts writes out a
 * Dense neuron: the kh × kw × C window of the input under the kernel, the kernel of the filter,
 * each channel's Σ window · kernel, their sum and the bias:
 *
 *   y[b, oy, ox, f] = b[f] + Σ over ky, kx, c of x[b, oy·s + ky − p, ox·s + kx − p, c] · w[ky, kx, c, f]
 *
 * where the window reaches past the picture's edge it reads the padding's zeros. Sums are taken
 * in float64; the layer computes in float32, so the two may differ in the last digits.
 */
import { float64Backend, layerKind, type Conv2DLayer, type Layer } from '../layers/index.ts';
import { ShapeError } from '../tensor/ops.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { formatG } from '../text/format-g.ts';

export interface ConvPixelOptions {
  /** The batch entering the layer, (batch, height, width, channels). */
  readonly input: Tensor;
  readonly layer: Conv2DLayer;
  readonly sample: number;
  /** The output pixel's row and column, and the filter (output channel). */
  readonly y: number;
  readonly x: number;
  readonly filter: number;
  /** The value the forward pass computed there, named when it prints differently. */
  readonly output?: number;
}

export interface ConvPixelExplanation {
  /** window[ky][kx][c]: the input under the kernel, 0 in the padding. */
  readonly window: number[][][];
  /** kernel[ky][kx][c] = w[ky, kx, c, filter]. */
  readonly kernel: number[][][];
  /** Per input channel, Σ over ky, kx of window · kernel. */
  readonly channelSums: number[];
  /** Σ of the channel sums. */
  readonly sum: number;
  readonly bias: number;
  /** sum + bias: the output value. */
  readonly value: number;
  /** The input rows and columns the window covers, first and last (past an edge: padding). */
  readonly rows: readonly [number, number];
  readonly cols: readonly [number, number];
  readonly text: string;
}

/** Channels whose window and kernel are printed; the others give only their sums. */
const SHOWN_CHANNELS = 3;
/** Channel sums written out at each end of a long sum. */
const EDGE_TERMS = 3;

export function explainConvPixel(options: ConvPixelOptions): ConvPixelExplanation {
  const { input, layer, sample, y, x, filter } = options;
  const [batch, height, width, channels] = input.shape as [number, number, number, number];
  const [kh, kw, cin, cout] = layer.weights.shape as [number, number, number, number];
  if (input.shape.length !== 4 || channels !== cin) {
    throw new ShapeError(
      `the conv2d takes pictures of ${cin} channels, found inputs of shape (${input.shape.join(', ')})`,
    );
  }
  const { stride, padding } = layer;
  const outH = Math.floor((height + 2 * padding - kh) / stride) + 1;
  const outW = Math.floor((width + 2 * padding - kw) / stride) + 1;
  const check = (name: string, value: number, size: number) => {
    if (!Number.isInteger(value) || value < 0 || value >= size) {
      throw new RangeError(`${name} ${value} does not exist: there are ${size} (0–${size - 1})`);
    }
  };
  check('sample', sample, batch);
  check('row', y, outH);
  check('column', x, outW);
  check('filter', filter, cout);

  const top = y * stride - padding;
  const left = x * stride - padding;
  const window: number[][][] = [];
  const kernel: number[][][] = [];
  const channelSums = new Array<number>(cin).fill(0);
  for (let ky = 0; ky < kh; ky++) {
    const windowRow: number[][] = [];
    const kernelRow: number[][] = [];
    for (let kx = 0; kx < kw; kx++) {
      const iy = top + ky;
      const ix = left + kx;
      const inside = iy >= 0 && iy < height && ix >= 0 && ix < width;
      const at = ((sample * height + iy) * width + ix) * cin;
      const values: number[] = [];
      const weights: number[] = [];
      for (let c = 0; c < cin; c++) {
        const v = inside ? input.data[at + c]! : 0;
        const w = layer.weights.data[((ky * kw + kx) * cin + c) * cout + filter]!;
        values.push(v);
        weights.push(w);
        channelSums[c] = channelSums[c]! + v * w;
      }
      windowRow.push(values);
      kernelRow.push(weights);
    }
    window.push(windowRow);
    kernel.push(kernelRow);
  }
  const sum = channelSums.reduce((a, b) => a + b, 0);
  const bias = layer.biases.data[filter]!;
  const value = sum + bias;
  const rows = [top, top + kh - 1] as const;
  const cols = [left, left + kw - 1] as const;
  const padded = top < 0 || left < 0 || rows[1] >= height || cols[1] >= width;

  const lines = [
    `y[${y}, ${x}, ${filter}] = Σ window · kernel + b[${filter}]`,
    `window: rows ${rows[0]}…${rows[1]}, columns ${cols[0]}…${cols[1]} of the ${height}×${width}×${cin} input` +
      ` (stride ${stride}, padding ${padding}${padded ? ': 0 past the edge' : ''})`,
  ];
  for (let c = 0; c < Math.min(cin, SHOWN_CHANNELS); c++) {
    lines.push(
      '',
      `channel ${c}: window · kernel w[:, :, ${c}, ${filter}]`,
      ...sideBySide(grid(window, c), grid(kernel, c), ' · '),
      `  Σ = ${text(channelSums[c]!)}`,
    );
  }
  if (cin > SHOWN_CHANNELS) {
    lines.push('', `channels ${SHOWN_CHANNELS}…${cin - 1}: their sums below`);
  }
  const terms = channelSums.map((v) => factor(text(v)));
  const shown =
    terms.length > 2 * EDGE_TERMS + 1
      ? [
          ...terms.slice(0, EDGE_TERMS),
          `… (${terms.length - 2 * EDGE_TERMS} more) …`,
          ...terms.slice(-EDGE_TERMS),
        ]
      : terms;
  lines.push('');
  if (cin > 1) lines.push(`Σ over the channels = ${shown.join(' + ')} = ${text(sum)}`);
  lines.push(
    `y = ${text(sum)} ${bias < 0 ? '−' : '+'} ${text(Math.abs(bias))} (bias) = ${text(value)}`,
  );
  const { output } = options;
  if (output !== undefined && text(output) !== text(value)) {
    lines.push(`(the layer computes in float32: ${text(output)})`);
  }
  return { window, kernel, channelSums, sum, bias, value, rows, cols, text: lines.join('\n') };
}

/**
 * The values an input layer passes on for `batch` (an Image input's normalised pixels), computed
 * by its kind as the network computes it: what the first layer after it receives.
 */
export function inputLayerOutput(layer: Layer, batch: Tensor): Tensor {
  const kind = layerKind(layer.type);
  if (kind.role !== 'input') throw new Error(`${kind.label} is not an input layer`);
  const runtime = kind.runtime(layer, [], float64Backend);
  const data = runtime.forward([float64Backend.copy(batch.data)], batch.shape[0] ?? 1, {
    training: false,
  });
  return { shape: [...batch.shape], dtype: 'float64', data: data.slice() };
}

/** Five significant digits with a true minus: enough to follow, short enough to line up. */
const text = (v: number, digits = 5) => {
  const s = formatG(v === 0 ? 0 : v, digits);
  return s.startsWith('-') ? '−' + s.slice(1) : s;
};
const factor = (s: string) => (s.startsWith('−') ? `(${s})` : s);

/** Channel c of a [ky][kx][c] block as right-aligned rows of 4 digits: `[ 0.1  −2.5   3 ]`. */
function grid(block: number[][][], c: number): string[] {
  const cells = block.map((row) => row.map((values) => text(values[c]!, 4)));
  const width = Math.max(...cells.flat().map((s) => s.length));
  return cells.map((row) => `[${row.map((s) => s.padStart(width)).join(' ')}]`);
}

function sideBySide(a: string[], b: string[], gap: string): string[] {
  const width = Math.max(...a.map((s) => s.length));
  return a.map(
    (row, i) =>
      `  ${row.padEnd(width)}${i === Math.floor((a.length - 1) / 2) ? gap : ' '.repeat(gap.length)}${b[i] ?? ''}`,
  );
}
