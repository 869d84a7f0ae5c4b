/**
 * Draws a network on a Konva layer: weight lines under neurons, each neuron coloured by its
 * value with the value written inside. Framework-free, so the Svelte component stays thin.
 */
import Konva from 'konva';
import type { Layer } from '../../src-shared/nn/layers.ts';
import { formatValue } from '../format-value.ts';
import { lineColor, textColorFor, valueColor } from './colors.ts';
import { layoutNetwork } from './layout.ts';

export interface SceneData {
  layers: readonly Layer[];
  units: readonly number[];
  /** values[layer][neuron] for the sample shown; null where not computed yet. */
  values: readonly (readonly number[] | null)[];
  width: number;
  height: number;
}

export function drawNetwork(target: Konva.Layer, scene: SceneData): void {
  target.destroyChildren();
  const { radius, columns } = layoutNetwork({
    units: scene.units,
    width: scene.width,
    height: scene.height,
  });
  const maxAbsWeight = Math.max(
    1e-9,
    ...scene.layers.flatMap((l) =>
      l.type === 'dense' ? Array.from(l.weights.data, Math.abs) : [],
    ),
  );
  const scale = Math.max(1, ...scene.values.flatMap((v) => (v ? v.map(Math.abs) : [])));

  scene.layers.forEach((layer, li) => {
    const to = columns[li]!;
    const from = columns[li - 1];
    if (from && layer.type === 'dense') {
      const nOut = to.length;
      for (let i = 0; i < from.length; i++) {
        for (let j = 0; j < nOut; j++) {
          const w = layer.weights.data[i * nOut + j]!;
          target.add(
            new Konva.Line({
              points: [from[i]!.x + radius, from[i]!.y, to[j]!.x - radius, to[j]!.y],
              stroke: lineColor(w),
              strokeWidth: 0.5 + 4 * (Math.abs(w) / maxAbsWeight),
              listening: false,
              name: 'weight',
            }),
          );
        }
      }
    } else if (from) {
      // Activations act neuron by neuron: one line each.
      to.forEach((p, j) =>
        target.add(
          new Konva.Line({
            points: [from[j]!.x + radius, from[j]!.y, p.x - radius, p.y],
            stroke: '#9ca3af',
            strokeWidth: 1.5,
            listening: false,
          }),
        ),
      );
    }
    target.add(
      new Konva.Text({
        x: to[0]!.x - 60,
        y: Math.min(...to.map((p) => p.y)) - radius - 30,
        width: 120,
        align: 'center',
        text: layerLabel(layer, scene.units[li]!),
        fontSize: 13,
        fill: '#374151',
        name: 'layer-label',
      }),
    );
    to.forEach((p, j) => {
      const value = scene.values[li]?.[j];
      target.add(
        new Konva.Circle({
          x: p.x,
          y: p.y,
          radius,
          fill: value === undefined ? '#f3f4f6' : valueColor(value, scale),
          stroke: '#374151',
          strokeWidth: 1.5,
          name: 'neuron',
        }),
      );
      if (value !== undefined) {
        target.add(
          new Konva.Text({
            x: p.x - radius,
            y: p.y - 6,
            width: radius * 2,
            align: 'center',
            text: formatValue(value),
            fontSize: Math.max(9, Math.min(13, radius * 0.5)),
            fill: textColorFor(value, scale),
            listening: false,
            name: 'neuron-value',
          }),
        );
      }
    });
  });
  target.batchDraw();
}

function layerLabel(layer: Layer, units: number): string {
  switch (layer.type) {
    case 'input':
      return `Input (${units})`;
    case 'dense':
      return `Dense (${units})\nW (${layer.weights.shape.join(', ')})`;
    default:
      return `${layer.type[0]!.toUpperCase()}${layer.type.slice(1)}`;
  }
}
