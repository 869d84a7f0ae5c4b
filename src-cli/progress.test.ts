import { describe, expect, it } from 'vitest';
import type { StepPoint, TrainProgress } from '../src-shared/worker/train-types.ts';
import { TrainProgressPrinter } from './progress.ts';

const report = (
  points: StepPoint[],
  validation: TrainProgress['validation'] = [],
): TrainProgress => ({
  points,
  validation,
  network: null,
  regions: null,
  confusion: null,
  paused: false,
});

function setUp(interactive: boolean, columns?: number) {
  let text = '';
  let clock = 0;
  const printer = new TrainProgressPrinter({
    io: { stdout: (t) => void (text += t), interactive, columns },
    epochs: 20,
    samples: 3,
    batchSize: 2,
    now: () => clock,
  });
  return { printer, output: () => text, tick: (ms: number) => void (clock += ms) };
}

/** Epoch e's two batches: 2 samples at loss e, then 1 sample at loss e + 3. */
const epoch = (e: number): StepPoint[] => [
  { step: 2 * e - 1, epoch: e, loss: e, accuracy: 0.5 },
  { step: 2 * e, epoch: e, loss: e + 3, accuracy: 1 },
];

describe('training progress', () => {
  it('prints a plain line every tenth of the epochs with the epoch mean, weighted by batch size', () => {
    const { printer, output, tick } = setUp(false);
    for (let e = 1; e <= 20; e++) {
      tick(10);
      printer.progress(
        report(epoch(e), e === 20 ? [{ step: 40, loss: 0.25, accuracy: 0.75 }] : []),
      );
    }
    printer.end();
    const lines = output().trim().split('\n');
    expect(lines.map((l) => l.slice(0, 11))).toEqual(
      [2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((e) => `epoch ${String(e).padStart(2)}/20`),
    );
    // (2·2 + 1·5) / 3 = 3, (2·0.5 + 1·1) / 3 = 0.6667; 4 steps in 20 ms.
    expect(lines[0]).toBe('epoch  2/20  loss 3.000  accuracy 0.6667  200 steps/s');
    expect(lines[9]).toBe(
      'epoch 20/20  loss 21.00  accuracy 0.6667  val loss 0.2500  val accuracy 0.7500  200 steps/s',
    );
  });

  it('on a terminal redraws one line in place, at most every 100 ms, cut to the width', () => {
    const { printer, output, tick } = setUp(true, 60);
    for (let e = 1; e <= 20; e++) {
      tick(30);
      printer.progress(report(epoch(e)));
    }
    printer.end();
    const text = output();
    expect(text.endsWith('\x1b[K\n')).toBe(true);
    const draws = text.split('\r').slice(1);
    // 600 ms of reports: a draw at 30 ms, then every 4th report (120 ms), plus the final one.
    expect(draws).toHaveLength(6);
    expect(draws.every((d) => d.replace('\x1b[K', '').trimEnd().length <= 59)).toBe(true);
    expect(draws.at(-1)).toMatch(/^\[#{20}\] epoch 20\/20 {2}step 40\/40 {2}loss 23\.00/);
  });
});
