import { describe, expect, it } from 'vitest';
import type { Conv2DLayer } from '../layers/index.ts';
import { RandomState } from '../rng/random-state.ts';
import { denseOnly, heConv, networkCost, smallCnn } from './init.ts';
import { Net } from '../net/net.ts';

describe('He initialisation', () => {
  it('draws weights with std √(2 / fan_in) and zero biases', () => {
    const conv = heConv(new RandomState(0), { inChannels: 64, outChannels: 64 });
    const w = conv.weights.data;
    let sum2 = 0;
    for (const v of w) sum2 += v * v;
    expect(Math.sqrt(sum2 / w.length)).toBeCloseTo(Math.sqrt(2 / (9 * 64)), 2);
    expect(conv.biases.data.every((v) => v === 0)).toBe(true);
    expect(conv.padding).toBe(1);
  });
});

describe('templates', () => {
  it('smallCnn at 64×64 RGB: VGG-like stages pooled to 4×4, then average pooling and Dense', () => {
    const layers = smallCnn({ size: 64, channels: 3, classes: 2, seed: 0 });
    const net = new Net({ layers }, { precision: 'float32' });
    const { params, flops } = networkCost(layers);
    expect(params).toBe(net.parameterCount);
    expect(params).toBeGreaterThan(400_000);
    expect(params).toBeLessThan(600_000);
    // Forward multiply–adds of the 7 convs and the Dense layer, 2 FLOPs each.
    const convFlops = (side: number, cin: number, cout: number) => 2 * side * side * 9 * cin * cout;
    expect(flops).toBe(
      convFlops(64, 3, 32) +
        convFlops(64, 32, 32) +
        convFlops(32, 32, 64) +
        convFlops(32, 64, 64) +
        convFlops(16, 64, 128) +
        convFlops(16, 128, 128) +
        convFlops(8, 128, 256) +
        2 * 256 * 2,
    );
    expect(layers.filter((l) => l.type === 'maxpool2d')).toHaveLength(4);
    expect(layers.at(-1)).toEqual({ type: 'softmax' });
    const convs = layers.filter((l): l is Conv2DLayer => l.type === 'conv2d');
    expect(convs.map((c) => c.weights.shape[3])).toEqual([32, 32, 64, 64, 128, 128, 256]);
  });

  it('smallCnn takes widths and is seeded', () => {
    const a = smallCnn({
      size: 16,
      channels: 1,
      classes: 3,
      seed: 5,
      widths: [4, 8],
      dropout: 0.2,
    });
    const b = smallCnn({
      size: 16,
      channels: 1,
      classes: 3,
      seed: 5,
      widths: [4, 8],
      dropout: 0.2,
    });
    expect(a).toEqual(b);
    expect(a.some((l) => l.type === 'dropout')).toBe(true);
    expect(new Net({ layers: a }, { precision: 'float32' }).outputShape).toEqual([3]);
  });

  it('denseOnly: flatten, Dense, ReLU, Dense, softmax', () => {
    const layers = denseOnly({ size: 8, channels: 3, classes: 2, hidden: 16, seed: 1 });
    expect(layers.map((l) => l.type)).toEqual([
      'image-input',
      'flatten',
      'dense',
      'relu',
      'dense',
      'softmax',
    ]);
    expect(networkCost(layers).params).toBe(192 * 16 + 16 + 16 * 2 + 2);
  });
});
