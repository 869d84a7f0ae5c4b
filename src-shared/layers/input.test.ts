import { describe, expect, it } from 'vitest';
import { inputKind } from './input.ts';
import { isInputType, outputShape, parameterCount } from './registry.ts';
import { runtimeOf } from './test-support.ts';

describe('input', () => {
  it('passes the features on as they are', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    const layer = runtimeOf({ type: 'input', units: 4 }, [], 'float64');
    expect(layer.forward([x], 1, { training: false })).toBe(x);
    expect(layer.outShape).toEqual([4]);
  });

  it('takes its own number of features only', () => {
    expect(outputShape({ type: 'input', units: 4 }, [])).toEqual([4]);
    expect(outputShape({ type: 'input', units: 4 }, [[4]])).toEqual([4]);
    expect(() => outputShape({ type: 'input', units: 4 }, [[3]])).toThrow(
      'the input layer takes 4 features per sample, found shape (3)',
    );
  });

  it('round-trips its units and starts a network', () => {
    const made = inputKind.create({ units: 7 }, []);
    expect(made).toEqual({ type: 'input', units: 7 });
    expect(inputKind.settingsOf(made)).toEqual({ units: 7 });
    expect(isInputType('input')).toBe(true);
    expect(isInputType('dense')).toBe(false);
    expect(parameterCount(made)).toBe(0);
  });
});
