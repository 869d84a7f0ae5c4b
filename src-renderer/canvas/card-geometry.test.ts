import { describe, expect, it } from 'vitest';
import {
  cardGeometry,
  COMPACT_UNITS,
  gridFor,
  imageCardGeometry,
  inPortAt,
  NEURON_PITCH,
  PORT_PITCH,
} from './card-geometry.ts';

describe('card geometry', () => {
  it('stacks one neuron per unit with the ports at mid-height', () => {
    const card = cardGeometry(3);
    expect(card.compact).toBe(false);
    expect(card.neurons).toHaveLength(3);
    expect(card.neurons[1]!.y - card.neurons[0]!.y).toBe(NEURON_PITCH);
    expect(card.inPort.y).toBe(card.neurons[1]!.y);
    expect(card.outPort.x).toBe(card.width);
  });

  it('spreads a merge card’s input ports evenly about mid-height', () => {
    const card = cardGeometry(4);
    expect(inPortAt(card, 0, 1)).toEqual(card.inPort);
    const ports = [0, 1, 2].map((k) => inPortAt(card, k, 3));
    expect(ports.map((p) => p.y - card.inPort.y)).toEqual([-PORT_PITCH, 0, PORT_PITCH]);
    expect(ports.every((p) => p.x === 0)).toBe(true);
  });

  it('switches large layers to a compact heatmap card of fixed height', () => {
    const small = cardGeometry(COMPACT_UNITS);
    const large = cardGeometry(784);
    expect(small.compact).toBe(false);
    expect(large.compact).toBe(true);
    expect(large.neurons).toEqual([]);
    expect(large.heatmap).not.toBeNull();
    expect(cardGeometry(100_000).height).toBe(large.height);
  });

  it('lays 784 values out as 28 × 28', () => {
    expect(gridFor(784)).toEqual({ columns: 28, rows: 28 });
    expect(gridFor(10)).toEqual({ columns: 4, rows: 3 });
  });

  it('fits an image card around its body, ports at its middle', () => {
    const card = imageCardGeometry(150);
    expect(card.compact).toBe(true);
    expect(card.heatmap).toMatchObject({ width: 120, height: 150 });
    expect(card.height).toBe(card.heatmap!.y + 150 + 14);
    expect(card.inPort.y).toBe(card.heatmap!.y + 75);
  });
});
