import { describe, expect, it } from 'vitest';
import { imageInputKind, type ImageInputLayer } from './image-input.ts';
import { outputShape, parameterCount } from './registry.ts';
import { inPrecision, PRECISIONS, runtimeOf } from './test-support.ts';

const rgb: ImageInputLayer = {
  type: 'image-input',
  height: 1,
  width: 2,
  channels: 3,
  mean: [0.5, 0, 1],
  std: [0.5, 1, 2],
};

describe('image input', () => {
  it.each(PRECISIONS)('normalises raw pixels per channel: (p / 255 − mean) / std (%s)', (p) => {
    const y = runtimeOf(rgb, [], p).forward([inPrecision([255, 0, 255, 0, 255, 0], p)], 1, {
      training: false,
    });
    [1, 0, 0, -1, 1, -0.5].forEach((v, i) => expect(y[i]).toBeCloseTo(v, p === 'float64' ? 14 : 6));
  });

  it('normalises grey pictures with their one mean and std', () => {
    const grey: ImageInputLayer = { ...rgb, width: 3, channels: 1, mean: [0.5], std: [0.25] };
    const y = runtimeOf(grey, [], 'float64').forward([Float64Array.from([0, 127.5, 255])], 1, {
      training: false,
    });
    expect([...y]).toEqual([-2, 0, 2]);
  });

  it('takes pictures of its own size only, naming both', () => {
    expect(
      outputShape(
        {
          type: 'image-input',
          height: 64,
          width: 64,
          channels: 3,
          mean: [0, 0, 0],
          std: [1, 1, 1],
        },
        [],
      ),
    ).toEqual([64, 64, 3]);
    expect(outputShape(rgb, [[1, 2, 3]])).toEqual([1, 2, 3]);
    expect(() => outputShape(rgb, [[2, 2, 3]])).toThrow(
      'the image input takes 1×2×3 pictures (height, width, channels), found a 2×2×3 picture',
    );
    expect(() => outputShape(rgb, [[6]])).toThrow(
      'the image input takes 1×2×3 pictures (height, width, channels), found 6 features',
    );
  });

  it('creates a picture input that passes pixels / 255 on, and reads its settings back', () => {
    const made = imageInputKind.create({ height: 8, width: 6, channels: 1 }, []);
    expect(made).toEqual({
      type: 'image-input',
      height: 8,
      width: 6,
      channels: 1,
      mean: [0],
      std: [1],
    });
    expect(imageInputKind.settingsOf(made)).toEqual({ height: 8, width: 6, channels: 1 });
    expect(imageInputKind.create(imageInputKind.settingsOf(made), [])).toEqual(made);
    expect(imageInputKind.role).toBe('input');
    expect(parameterCount(made)).toBe(0);
    expect(runtimeOf(rgb, [], 'float32').toLayer()).toEqual(rgb);
  });
});
