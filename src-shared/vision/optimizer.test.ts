import { describe, expect, it } from 'vitest';
import { Adam, oneCycle, Sgd, type ParamSet } from './optimizer.ts';

function set(decay = [true, false]): ParamSet & { params: Float32Array[]; grads: Float32Array[] } {
  return {
    params: [Float32Array.from([1, -2]), Float32Array.from([0.5])],
    grads: [Float32Array.from([0.5, 0.25]), Float32Array.from([-1])],
    decay,
  };
}

describe('SGD', () => {
  it('with momentum: v ← μv + g, p ← p − lr·v', () => {
    const s = set();
    const sgd = new Sgd(s, { momentum: 0.5 });
    sgd.step(0.1);
    sgd.step(0.1);
    // v1 = g, v2 = 1.5 g: p = p0 − 0.1 · 2.5 g.
    expect(Array.from(s.params[0]!)).toEqual([1 - 0.125, -2 - 0.0625].map(Math.fround));
    expect(s.params[1]![0]).toBeCloseTo(0.75, 6);
  });

  it('Nesterov steps along g + μv', () => {
    const s = set();
    new Sgd(s, { momentum: 0.5, nesterov: true }).step(0.1);
    expect(s.params[0]![0]).toBeCloseTo(1 - 0.1 * (0.5 + 0.25), 6);
  });

  it('L2 decay adds wd·p to the gradient, only where decay applies', () => {
    const s = set();
    new Sgd(s, { momentum: 0, weightDecay: 0.1 }).step(1);
    expect(s.params[0]![0]).toBeCloseTo(1 - (0.5 + 0.1), 6);
    expect(s.params[1]![0]).toBeCloseTo(0.5 + 1, 6);
  });

  it('decoupled decay shrinks the weights by lr·wd', () => {
    const s = set();
    new Sgd(s, { momentum: 0, weightDecay: 0.1, decoupled: true }).step(0.5);
    expect(s.params[0]![0]).toBeCloseTo(1 * (1 - 0.05) - 0.25, 6);
    expect(s.params[1]![0]).toBeCloseTo(1, 6);
  });
});

describe('Adam', () => {
  it('first step moves each value by lr against its gradient’s sign', () => {
    const s = set();
    new Adam(s).step(0.01);
    expect(s.params[0]![0]).toBeCloseTo(0.99, 6);
    expect(s.params[0]![1]).toBeCloseTo(-2.01, 6);
    expect(s.params[1]![0]).toBeCloseTo(0.51, 6);
  });

  it('matches the formulas over two steps with AdamW decay', () => {
    const s = set([true, true]);
    const adam = new Adam(s, { weightDecay: 0.1 });
    adam.step(0.01);
    s.grads[0]![0] = -0.5;
    adam.step(0.01);
    let p = 1;
    p = p * (1 - 0.001) - 0.01; // the first step: m̂/√v̂ = 1
    const m = 0.9 * 0.1 * 0.5 + 0.1 * -0.5;
    const v = 0.999 * 0.001 * 0.25 + 0.001 * 0.25;
    p = p * (1 - 0.001) - (0.01 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
    expect(s.params[0]![0]).toBeCloseTo(p, 6);
  });
});

describe('oneCycle', () => {
  it('warms up linearly, peaks, then falls to near zero', () => {
    const total = 100;
    const lr = (step: number, anneal: 'cos' | 'linear' = 'cos') =>
      oneCycle(step, total, 0.1, { anneal });
    expect(lr(0)).toBeCloseTo(0.004, 9);
    expect(lr(15)).toBeCloseTo(0.004 + (0.096 * 15) / 30, 9);
    expect(lr(30)).toBeCloseTo(0.1, 9);
    expect(lr(99)).toBeCloseTo(0.004 / 1e4, 9);
    expect(lr(99, 'linear')).toBeCloseTo(0.004 / 1e4, 9);
    expect(lr(64.5, 'linear')).toBeCloseTo((0.1 + 0.004 / 1e4) / 2, 9);
    for (let s = 31; s < total; s++) expect(lr(s)).toBeLessThan(lr(s - 1));
  });
});
