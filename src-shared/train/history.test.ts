import { describe, expect, it } from 'vitest';
import { TrainHistory } from './history.ts';

const point = (step: number) => ({ step, epoch: step, loss: 1 / step, accuracy: step / 10 });

describe('TrainHistory', () => {
  it('keeps one entry per step and validation at the steps it was measured', () => {
    const history = new TrainHistory();
    history.add({
      points: [point(1), point(2)],
      validation: [{ step: 2, loss: 0.4, accuracy: 0.5 }],
    });
    expect(history.snapshot()).toEqual({
      step: [1, 2],
      loss: [1, 0.5],
      accuracy: [0.1, 0.2],
      validationLoss: [null, 0.4],
      validationAccuracy: [null, 0.5],
    });
  });

  it('continues the step count of an earlier run', () => {
    const history = new TrainHistory();
    history.add({ points: [point(1), point(2)], validation: [] });
    history.add(
      { points: [point(1)], validation: [{ step: 1, loss: 0.3, accuracy: 0.9 }] },
      history.lastStep,
    );
    expect(history.step).toEqual([1, 2, 3]);
    expect(history.validationAccuracy).toEqual([null, null, 0.9]);
  });

  it('loads a saved record and clears', () => {
    const history = new TrainHistory();
    history.load({
      step: [5],
      loss: [0.1],
      accuracy: [1],
      validationLoss: [null],
      validationAccuracy: [null],
    });
    expect(history.lastStep).toBe(5);
    history.clear();
    expect(history.step).toEqual([]);
  });
});
