import { describe, expect, it } from 'vitest';
import { collapse, judge, median, summarize } from './stats.ts';

describe('summaries of interleaved runs', () => {
  it('takes the median, the best and the worst, and the best of each half', () => {
    const s = summarize([0.3, 0.1, 0.2, 0.5, 0.4]);
    expect(s).toEqual({
      runs: 5,
      median: 0.3,
      best: 0.1,
      worst: 0.5,
      firstBest: 0.1,
      lastBest: 0.4,
    });
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => summarize([])).toThrow(/no timed runs/);
  });
});

describe('collapse detection', () => {
  const steady = summarize([1.0, 1.05, 0.98, 1.02, 1.01, 0.99]);

  it('trusts runs within the limits', () => {
    expect(collapse('NumPy', steady)).toBeNull();
  });

  it('names a side whose runs spread too far', () => {
    expect(collapse('NumPy', summarize([1, 1, 2.5, 1, 1, 1]))).toBe("NumPy's runs spread 2.5×");
  });

  it('names a side that slowed down or sped up partway through', () => {
    expect(collapse('NumPy', summarize([1, 1, 1, 1.7, 1.8, 1.9]))).toBe(
      'NumPy slowed 1.7× during the row',
    );
    expect(collapse('PyTorch', summarize([1.8, 1.9, 1.8, 1, 1, 1.1]))).toBe(
      'PyTorch sped up 1.8× during the row',
    );
  });
});

describe('judging ours against a reference', () => {
  const names = { ours: 'Weightcraft', reference: 'NumPy' };
  const quiet = { before: 0.5, after: 1.2 };
  const ours = summarize([2, 2.1, 2, 2.05, 2, 2.02]);
  const theirs = summarize([1, 1.02, 1, 1.01, 1.03, 1]);

  it('gives the ratio of medians when both sides held steady on a quiet machine', () => {
    const verdict = judge(ours, theirs, names, quiet, 2);
    expect(verdict.warning).toBeNull();
    expect(verdict.ratio).toBeCloseTo(theirs.median / ours.median, 12);
  });

  it('warns instead of a ratio when the reference collapsed', () => {
    const collapsed = summarize([1, 1, 1, 3, 3.2, 3.1]);
    expect(judge(ours, collapsed, names, quiet, 2)).toEqual({
      ratio: null,
      warning: "NumPy's runs spread 3.2×",
    });
  });

  it('warns when our own runs collapsed', () => {
    const ourCollapse = summarize([2, 2, 2, 6, 6, 6]);
    expect(judge(ourCollapse, theirs, names, quiet, 2).warning).toBe(
      "Weightcraft's runs spread 3.0×",
    );
  });

  it('warns when the load rose above the core count', () => {
    expect(judge(ours, theirs, names, { before: 1.1, after: 2.6 }, 2)).toEqual({
      ratio: null,
      warning: 'load 2.6 > 2 cores',
    });
  });
});
