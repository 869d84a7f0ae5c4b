import { describe, expect, it } from 'vitest';
import type { EpochReport, StepReport } from '../src-shared/train/trainer.ts';
import { formatSeconds, TrainProgressPrinter } from './progress.ts';

function setUp(interactive: boolean, columns?: number) {
  let text = '';
  let clock = 0;
  const printer = new TrainProgressPrinter({
    io: { stdout: (t) => void (text += t), warn: () => undefined, interactive, columns },
    epochs: 20,
    totalSteps: 40,
    now: () => clock,
  });
  return { printer, output: () => text, tick: (ms: number) => void (clock += ms) };
}

/** Epoch e's two steps: batch losses e and e + 3; the epoch's mean (as the trainer gives it) e + 1. */
const epoch = (e: number, validation?: EpochReport['validation']): StepReport[] => [
  {
    step: 2 * e - 1,
    epoch: e,
    batch: 1,
    loss: e,
    accuracy: 0.5,
    learningRate: 0.1,
    confusion: null,
    done: false,
  },
  {
    step: 2 * e,
    epoch: e,
    batch: 2,
    loss: e + 3,
    accuracy: 1,
    confusion: null,
    learningRate: 0.1,
    done: e === 20,
    epochEnd: { epoch: e, loss: e + 1, accuracy: 2 / 3, ...(validation ? { validation } : {}) },
  },
];

const check = (loss: number, accuracy: number) => ({
  loss,
  accuracy,
  confusion: null,
  predicted: null,
  confidence: null,
});

describe('training progress', () => {
  it("prints an epoch line every tenth of the epochs with the trainer's epoch figures", () => {
    const { printer, output, tick } = setUp(false);
    for (let e = 1; e <= 20; e++) {
      tick(10);
      for (const step of epoch(e, e === 20 ? check(0.25, 0.75) : undefined)) printer.step(step);
    }
    printer.end();
    const lines = output().trim().split('\n');
    expect(lines.map((l) => l.slice(0, 11))).toEqual(
      [2, 4, 6, 8, 10, 12, 14, 16, 18, 20].map((e) => `epoch ${String(e).padStart(2)}/20`),
    );
    // 4 steps in 20 ms.
    expect(lines[0]).toBe('epoch  2/20  loss 3.000  accuracy 0.6667  200 steps/s  0.02 s');
    expect(lines[9]).toBe(
      'epoch 20/20  loss 21.00  accuracy 0.6667  val loss 0.2500  val accuracy 0.7500  200 steps/s  0.20 s',
    );
  });

  it('on a terminal redraws one line in place between epoch lines, at most every 100 ms', () => {
    const { printer, output, tick } = setUp(true, 60);
    for (let e = 1; e <= 20; e++) {
      for (const step of epoch(e)) {
        tick(15);
        printer.step(step);
      }
    }
    printer.end();
    const text = output();
    const epochLines = text.match(/epoch +\d+\/20 {2}loss [^\r\n]*\n/g)!;
    expect(epochLines).toHaveLength(10);
    // Each epoch line clears the redrawn line it replaces.
    const second = text.split('\r').find((d) => d.startsWith('epoch  2/20'));
    expect(second).toMatch(/^epoch {2}2\/20 {2}loss 3\.000 {2}accuracy 0\.6667 .*\[K\n/);
    expect(second!.endsWith('\x1b[K\n')).toBe(true);
    const draws = text.split('\r').filter((d) => d.startsWith('['));
    // A draw at the first step and after every epoch line (which resets the clock), and at
    // most every 100 ms between.
    expect(draws.length).toBeGreaterThanOrEqual(10);
    expect(draws.length).toBeLessThan(40);
    expect(draws.every((d) => d.replace('\x1b[K', '').trimEnd().length <= 59)).toBe(true);
    // The last at step 36, right after epoch 18's line; steps 37 to 39 come within 100 ms.
    expect(draws.at(-1)).toMatch(/^\[#{18}-{2}\] epoch 18\/20 {2}step 36\/40 {2}loss 21\.00/);
    // The run ends on an epoch line: nothing redrawn is left to clear.
    expect(text.endsWith('\n')).toBe(true);
  });

  it('times short runs in seconds and long ones in minutes', () => {
    expect([0.5, 38.46, 150].map(formatSeconds)).toEqual(['0.50 s', '38.5 s', '2.5 min']);
  });
});
