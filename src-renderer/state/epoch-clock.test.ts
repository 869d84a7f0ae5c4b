import { describe, expect, it } from 'vitest';
import { EpochClock, formatDuration } from './epoch-clock.ts';

describe('EpochClock', () => {
  it('times the last epoch and estimates the rest at the run’s pace', () => {
    const clock = new EpochClock();
    clock.start(1_000, 10); // a continued run: 10 steps done before
    expect(clock.secondsLeft(1_000, 10, 50)).toBeNull();
    clock.epochEnded(21_000);
    expect(clock.secondsPerEpoch).toBe(20);
    // 10 steps in 20 s: 2 s a step, 30 steps to go.
    expect(clock.secondsLeft(21_000, 20, 50)).toBe(60);
    expect(clock.secondsLeft(101_000, 50, 50)).toBe(0);
  });

  it('writes durations as seconds (a decimal under 1), minutes or hours', () => {
    expect(formatDuration(0.38)).toBe('0.4 s');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(0.94)).toBe('0.9 s');
    expect(formatDuration(0.96)).toBe('1 s');
    expect(formatDuration(3.04)).toBe('3 s');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
  });
});
