import { describe, expect, it } from 'vitest';
import { digitsData, generateDataset, parseDatasetSpec } from './generated.ts';

/** Accuracy of the nearest class mean (fitted on `train`) on `test`: a floor any network beats. */
function nearestMean(train: ReturnType<typeof digitsData>, test: ReturnType<typeof digitsData>) {
  const width = train.x.shape[1]!;
  const means = Array.from({ length: train.classes }, () => new Float64Array(width));
  const counts = new Float64Array(train.classes);
  train.y.forEach((c, i) => {
    counts[c]!++;
    for (let k = 0; k < width; k++) means[c]![k]! += train.x.data[i * width + k]!;
  });
  means.forEach((m, c) => m.forEach((v, k) => (m[k] = v / counts[c]!)));
  let right = 0;
  test.y.forEach((truth, i) => {
    let best = -1;
    let bestDistance = Infinity;
    means.forEach((m, c) => {
      let d = 0;
      for (let k = 0; k < width; k++) d += (test.x.data[i * width + k]! - m[k]!) ** 2;
      if (d < bestDistance) [best, bestDistance] = [c, d];
    });
    if (best === truth) right++;
  });
  return right / test.y.length;
}

describe('drawn digits', () => {
  it('are 28×28 pixels in [0, 1], class by class, named by their digit', () => {
    const set = generateDataset(parseDatasetSpec('digits:10x5'));
    expect(set.x.shape).toEqual([50, 784]);
    expect([...set.y.subarray(0, 6)]).toEqual([0, 0, 0, 0, 0, 1]);
    expect(set.names).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(Math.min(...set.x.data)).toBe(0);
    expect(Math.max(...set.x.data)).toBe(1);
    // Some ink, mostly paper: between 3% and 40% of each picture is drawn on.
    for (let i = 0; i < 50; i++) {
      const inked = set.x.data.subarray(i * 784, (i + 1) * 784).filter((v) => v > 0.5).length;
      expect(inked / 784).toBeGreaterThan(0.03);
      expect(inked / 784).toBeLessThan(0.4);
    }
  });

  it('repeat with the seed and differ from sample to sample', () => {
    expect(digitsData(3, 2, { seed: 1 }).x.data).toEqual(digitsData(3, 2, { seed: 1 }).x.data);
    expect(digitsData(3, 2, { seed: 1 }).x.data).not.toEqual(digitsData(3, 2, { seed: 2 }).x.data);
    const set = digitsData(2, 1);
    expect(set.x.data.subarray(0, 784)).not.toEqual(set.x.data.subarray(784));
  });

  it('are learnable but not trivial: class means tell most new digits apart, not all', () => {
    const accuracy = nearestMean(digitsData(40, 10, { seed: 0 }), digitsData(20, 10, { seed: 1 }));
    expect(accuracy).toBeGreaterThan(0.6);
    expect(accuracy).toBeLessThan(0.99);
  });

  it('refuses more than ten classes and more than 10,000 pictures', () => {
    expect(() => parseDatasetSpec('digits:11x5')).toThrow(
      'digits has at most 10 classes (0 to 9), found 11',
    );
    expect(() => parseDatasetSpec('digits:10x2000')).toThrow(
      'digits: 10 × 2000 = 20000 pictures is more than 10000',
    );
  });
});
