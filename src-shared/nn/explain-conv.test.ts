import { describe, expect, it } from 'vitest';
import type { Conv2DLayer, ImageInputLayer } from '../layers/index.ts';
import { forward } from '../net/forward.ts';
import { RandomState } from '../rng/random-state.ts';
import { tensor } from '../tensor/tensor.ts';
import { heConv } from '../vision/init.ts';
import { explainConvPixel, inputLayerOutput } from './explain-conv.ts';

/** A 3×3 one-channel picture 1…9 under a 2×2 kernel [[1, 0], [−1, 0.5]] with bias 0.25. */
function small(padding = 0): { input: ReturnType<typeof tensor>; layer: Conv2DLayer } {
  return {
    input: tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]),
    layer: {
      type: 'conv2d',
      weights: tensor([1, 0, -1, 0.5], [2, 2, 1, 1], 'float32'),
      biases: tensor([0.25], [1], 'float32'),
      stride: 1,
      padding,
    },
  };
}

describe('explainConvPixel', () => {
  it('writes out the window, the kernel, the sum and the bias with their numbers', () => {
    const explained = explainConvPixel({ ...small(), sample: 0, y: 1, x: 0, filter: 0 });
    // Window rows 1…2, columns 0…1: [[4, 5], [7, 8]]; 4·1 + 5·0 + 7·(−1) + 8·0.5 = 1.
    expect(explained.window).toEqual([
      [[4], [5]],
      [[7], [8]],
    ]);
    expect(explained.kernel).toEqual([
      [[1], [0]],
      [[-1], [0.5]],
    ]);
    expect(explained).toMatchObject({
      sum: 1,
      bias: 0.25,
      value: 1.25,
      rows: [1, 2],
      cols: [0, 1],
    });
    expect(explained.text).toBe(
      [
        'y[1, 0, 0] = Σ window · kernel + b[0]',
        'window: rows 1…2, columns 0…1 of the 3×3×1 input (stride 1, padding 0)',
        '',
        'channel 0: window · kernel w[:, :, 0, 0]',
        '  [4 5] · [  1   0]',
        '  [7 8]   [ −1 0.5]',
        '  Σ = 1',
        '',
        'y = 1 + 0.25 (bias) = 1.25',
      ].join('\n'),
    );
  });

  it('reads zeros where the window reaches into the padding', () => {
    const explained = explainConvPixel({ ...small(1), sample: 0, y: 0, x: 0, filter: 0 });
    expect(explained.window).toEqual([
      [[0], [0]],
      [[0], [1]],
    ]);
    expect(explained.rows).toEqual([-1, 0]);
    expect(explained.value).toBe(0.5 + 0.25);
    expect(explained.text).toContain('(stride 1, padding 1: 0 past the edge)');
  });

  it('matches the forward pass of an Image input → Conv2D network, pixel by pixel', () => {
    const random = new RandomState(3);
    const picture: ImageInputLayer = {
      type: 'image-input',
      height: 5,
      width: 6,
      channels: 3,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
    };
    const conv = {
      ...heConv(random, { kernel: 3, inChannels: 3, outChannels: 4, stride: 2 }),
      biases: tensor([0.1, -0.2, 0.3, 0], [4], 'float32'),
    };
    const pixels = tensor(
      Array.from({ length: 2 * 5 * 6 * 3 }, (_, i) => (i * 37) % 256),
      [2, 5, 6, 3],
      'float32',
    );
    const [output] = forward({ layers: [picture, conv] }, pixels);
    expect(output!.shape).toEqual([2, 3, 3, 4]);
    const input = inputLayerOutput(picture, pixels);
    for (let at = 0; at < output!.data.length; at++) {
      const filter = at % 4;
      const x = Math.floor(at / 4) % 3;
      const y = Math.floor(at / 12) % 3;
      const sample = Math.floor(at / 36);
      const { value } = explainConvPixel({ input, layer: conv, sample, y, x, filter });
      expect(value).toBeCloseTo(output!.data[at]!, 5);
    }
  });

  it('prints three channels in full and sums the rest, naming a float32 difference', () => {
    const random = new RandomState(0);
    const layer = heConv(random, { kernel: 3, inChannels: 9, outChannels: 2 });
    const input = random.randn(1, 4, 4, 9);
    const explained = explainConvPixel({
      input,
      layer,
      sample: 0,
      y: 2,
      x: 1,
      filter: 1,
      output: 7,
    });
    expect(explained.channelSums).toHaveLength(9);
    expect(explained.text.match(/^channel \d/gm)).toEqual(['channel 0', 'channel 1', 'channel 2']);
    expect(explained.text).toContain('channels 3…8: their sums below');
    expect(explained.text).toMatch(/^Σ over the channels = .+ \+ … \(3 more\) … \+ .+$/m);
    expect(explained.text).toMatch(/\(the layer computes in float32: 7\)$/);
  });

  it('refuses a pixel or a filter the layer does not have', () => {
    expect(() => explainConvPixel({ ...small(), sample: 0, y: 2, x: 0, filter: 0 })).toThrow(
      'row 2 does not exist: there are 2 (0–1)',
    );
    expect(() => explainConvPixel({ ...small(), sample: 0, y: 0, x: 0, filter: 1 })).toThrow(
      'filter 1 does not exist: there are 1 (0–0)',
    );
  });
});
