/** Where each layer's column and each neuron go: pure geometry, tested without a browser. */

export interface NeuronPosition {
  x: number;
  y: number;
}

export interface LayoutOptions {
  units: readonly number[];
  width: number;
  height: number;
  radius?: number;
}

export interface NetworkLayout {
  radius: number;
  /** columns[layer][neuron] */
  columns: NeuronPosition[][];
}

const MARGIN = 80;

export function layoutNetwork({ units, width, height, radius = 26 }: LayoutOptions): NetworkLayout {
  const maxUnits = Math.max(1, ...units);
  // Shrink neurons so the tallest column fits, keeping a gap of half a radius between them.
  const fit = (height - 2 * MARGIN) / (maxUnits * 2.5);
  const r = Math.max(6, Math.min(radius, fit));
  const gap = r * 2.5;
  const columnGap = units.length > 1 ? (width - 2 * MARGIN) / (units.length - 1) : 0;
  const columns = units.map((n, layer) => {
    const x = units.length > 1 ? MARGIN + layer * columnGap : width / 2;
    const top = height / 2 - ((n - 1) * gap) / 2;
    return Array.from({ length: n }, (_, i) => ({ x, y: top + i * gap }));
  });
  return { radius: r, columns };
}
