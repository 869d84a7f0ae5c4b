import { describe, expect, it } from 'vitest';
import { RandomState } from '../rng/random-state.ts';
import { tensor } from '../tensor/tensor.ts';
import { fitNormalization } from './normalize.ts';
import { splitDataset } from './split.ts';

describe('splitDataset', () => {
  const data = {
    x: tensor(
      Array.from({ length: 20 }, (_, i) => i),
      [10, 2],
    ),
    y: Int32Array.from({ length: 10 }, (_, i) => i),
  };

  it('holds out the last round(n · share) rows of a NumPy permutation', () => {
    const { train, validation } = splitDataset(data, 0.3, 4);
    const order = [...new RandomState(4).permutation(10)];
    expect([...train.y]).toEqual(order.slice(0, 7));
    expect([...validation!.y]).toEqual(order.slice(7));
    expect([...validation!.x.data.slice(0, 2)]).toEqual([order[7]! * 2, order[7]! * 2 + 1]);
  });

  it('keeps everything for training at share 0 and refuses shares outside [0, 1)', () => {
    expect(splitDataset(data, 0).validation).toBeNull();
    expect(() => splitDataset(data, 1)).toThrow(
      'the validation share must be at least 0 and below 1, found 1',
    );
    expect(() => splitDataset({ x: tensor([1], [1, 1]), y: Int32Array.of(0) }, 0.6)).toThrow(
      'holding out 1 of 1 rows leaves none to train on',
    );
  });
});

describe('fitNormalization', () => {
  it('gives a constant column scale 1, so it becomes 0 and not NaN', () => {
    const n = fitNormalization('z-score', tensor([1, 5, 1, 7], [2, 2]));
    expect(n.offset).toEqual([1, 6]);
    expect(n.scale).toEqual([1, 1]);
    expect(fitNormalization('min-max', tensor([1, 5, 1, 9], [2, 2])).scale).toEqual([1, 4]);
  });
});
