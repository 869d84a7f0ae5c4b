import { describe, expect, it } from 'vitest';
import { LoadProgressPrinter } from './progress.ts';

function setUp(interactive: boolean, columns?: number) {
  let text = '';
  let clock = 0;
  const printer = new LoadProgressPrinter(
    { stdout: (t) => void (text += t), warn: () => undefined, interactive, columns },
    'Loading pictures',
    () => clock,
  );
  return { printer, output: () => text, tick: (ms: number) => void (clock += ms) };
}

describe('loading progress', () => {
  it('prints a plain line at each quarter when not on a terminal', () => {
    const { printer, output } = setUp(false);
    for (let done = 0; done <= 22_998; done += 1) printer.progress(done, 22_998);
    printer.end();
    expect(output()).toBe(
      [
        'Loading pictures 5,750/22,998',
        'Loading pictures 11,499/22,998',
        'Loading pictures 17,249/22,998',
        'Loading pictures 22,998/22,998',
        '',
      ].join('\n'),
    );
  });

  it('redraws one line on a terminal at most 10 times a second, and always the last', () => {
    const { printer, output, tick } = setUp(true);
    printer.progress(0, 40);
    for (let done = 1; done <= 40; done++) {
      tick(30);
      printer.progress(done, 40);
    }
    printer.end();
    const draws = output().split('\r').slice(1);
    // 40 reports 30 ms apart: one every 4th (120 ms), plus the first, the last and end()'s.
    expect(draws.length).toBeGreaterThan(8);
    expect(draws.length).toBeLessThan(15);
    expect(draws[0]).toBe('[--------------------] Loading pictures 0/40\x1b[K');
    expect(draws.at(-1)).toBe('[####################] Loading pictures 40/40\x1b[K\n');
  });

  it('fits the line to the terminal', () => {
    const { printer, output } = setUp(true, 30);
    printer.progress(5, 10);
    expect(output()).toBe('\r[##########----------] Loadin\x1b[K');
  });
});
