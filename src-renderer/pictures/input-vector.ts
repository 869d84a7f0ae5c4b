/**
 * The notebook's point that a picture is just a vector: a 28×28 image is 784 input nodes.
 * What the image input's card says and draws beside the picture.
 */

/** (64, 64, 3) → "64×64×3 = 12,288 input nodes". */
export function inputNodesLabel(shape: readonly number[]): string {
  const count = shape.reduce((a, b) => a * b, 1);
  return `${shape.join('×')} = ${count.toLocaleString('en-US')} input node${count === 1 ? '' : 's'}`;
}

/**
 * The flattened values averaged into `bins` equal runs (fewer when there are fewer values), in
 * the order a Flatten layer reads them: row by row, each pixel's channels together.
 */
export function stripBins(values: ArrayLike<number>, bins: number): number[] {
  const n = values.length;
  const count = Math.max(0, Math.min(bins, n));
  const out: number[] = [];
  for (let b = 0; b < count; b++) {
    const start = Math.floor((b * n) / count);
    const end = Math.floor(((b + 1) * n) / count);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i]!;
    out.push(sum / (end - start));
  }
  return out;
}
