import { describe, expect, it } from 'vitest';
import { tensor } from '../../src-shared/tensor/tensor.ts';
import { featureMapPixels, picturePixels, tileAt, tileGrid } from './feature-maps.ts';

const grey = (rgba: Uint8ClampedArray, width: number, x: number, y: number) =>
  rgba[(y * width + x) * 4];

describe('feature map tiles', () => {
  it('lays tiles out as square as possible within the columns allowed', () => {
    expect(tileGrid(16, 8)).toEqual({ columns: 4, rows: 4 });
    expect(tileGrid(128, 8)).toEqual({ columns: 8, rows: 16 });
    expect(tileGrid(3, 8)).toEqual({ columns: 2, rows: 2 });
    expect(tileGrid(0, 8)).toEqual({ columns: 1, rows: 1 });
  });

  it('scales each channel from its own minimum to maximum, with gaps between tiles', () => {
    // One 2×2 picture, 2 channels: channel 0 runs 0..3, channel 1 is 10× channel 0, negated.
    const data = [0, 0, 1, -10, 2, -20, 3, -30];
    const { width, height, rgba } = featureMapPixels(tensor(data, [1, 2, 2, 2], 'float32'), {
      count: 2,
      maxColumns: 8,
      gap: 1,
    });
    expect([width, height]).toEqual([5, 2]);
    expect([0, 1].map((x) => grey(rgba, width, x, 0))).toEqual([0, 85]);
    expect(grey(rgba, width, 2, 0)).toBe(226); // the gap
    expect([3, 4].map((x) => grey(rgba, width, x, 1))).toEqual([85, 0]);
    expect(grey(rgba, width, 3, 0)).toBe(255);
  });

  it('draws a constant channel black, not NaN', () => {
    const { rgba } = featureMapPixels(tensor([5, 5, 5, 5], [1, 2, 2, 1], 'float32'), {
      count: 1,
      maxColumns: 4,
    });
    expect(Array.from(rgba.slice(0, 4))).toEqual([0, 0, 0, 255]);
  });

  it('shows a grey picture as three equal channels', () => {
    const { rgba } = picturePixels(tensor([7, 200], [1, 1, 2, 1], 'float32'));
    expect(Array.from(rgba)).toEqual([7, 7, 7, 255, 200, 200, 200, 255]);
  });
});

describe('tileAt', () => {
  // 5 channels of 4×3 pixels in rows of at most 3 tiles: 3 columns, 2 rows, 1-pixel gaps.
  const tiles = { height: 4, width: 3, count: 5, maxColumns: 3 };

  it('finds the channel and pixel under a point of the tiled image', () => {
    expect(tileAt({ x: 0, y: 0 }, tiles)).toEqual({ channel: 0, y: 0, x: 0 });
    expect(tileAt({ x: 2.7, y: 3.2 }, tiles)).toEqual({ channel: 0, y: 3, x: 2 });
    expect(tileAt({ x: 4, y: 1 }, tiles)).toEqual({ channel: 1, y: 1, x: 0 });
    expect(tileAt({ x: 5, y: 6 }, tiles)).toEqual({ channel: 4, y: 1, x: 1 });
  });

  it('finds nothing on a gap, past the last channel or outside', () => {
    expect(tileAt({ x: 3, y: 0 }, tiles)).toBeNull();
    expect(tileAt({ x: 0, y: 4 }, tiles)).toBeNull();
    expect(tileAt({ x: 9, y: 6 }, tiles)).toBeNull();
    expect(tileAt({ x: -1, y: 0 }, tiles)).toBeNull();
    expect(tileAt({ x: 12, y: 0 }, tiles)).toBeNull();
  });
});
