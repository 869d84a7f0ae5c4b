/**
 * `train`'s progress, from the engine's step points. On a terminal: one line redrawn in place
 * (`\r`, at most 10 times a second) with a bar, the epoch, the step, the latest batch's loss and
 * accuracy and the speed. Elsewhere (a pipe, a log file): one plain line every tenth of the
 * epochs and at the last, with the epoch's mean loss and accuracy and its validation figures.
 */
import type { StepPoint, TrainProgress } from '../src-shared/worker/train-types.ts';
import type { CommandIo } from './usage.ts';

const REDRAW_MS = 100;
const BAR_WIDTH = 20;

export interface ProgressOptions {
  io: CommandIo;
  epochs: number;
  /** Training samples, and samples per batch (all of them for batch 0). */
  samples: number;
  batchSize: number;
  /** Milliseconds, for tests. */
  now?: () => number;
}

interface Figures {
  loss: number;
  accuracy: number;
}

export class TrainProgressPrinter {
  private readonly batchSize: number;
  private readonly stepsPerEpoch: number;
  private readonly totalSteps: number;
  /** Plain lines are printed for epochs that are multiples of this, and for the last. */
  private readonly every: number;
  private readonly now: () => number;
  private sums = { loss: 0, accuracy: 0 };
  private last: StepPoint | null = null;
  private lastValidation: Figures | null = null;
  private readonly start: number;
  /** Steps per second from the start to the latest report. */
  private speed: number | null = null;
  private drawn = -Infinity;

  constructor(private readonly options: ProgressOptions) {
    this.batchSize = Math.min(options.batchSize || options.samples, options.samples);
    this.stepsPerEpoch = Math.ceil(options.samples / this.batchSize);
    this.totalSteps = this.stepsPerEpoch * options.epochs;
    this.every = Math.max(1, Math.ceil(options.epochs / 10));
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** Takes one progress report of the engine's `train` operation. */
  progress(report: TrainProgress): void {
    const checks = new Map(report.validation.map((v) => [v.step, v]));
    // Points come in bursts: the speed is the one when this report arrived, for all its lines.
    const latest = report.points.at(-1);
    if (latest) this.speed = latest.step / Math.max(1e-3, (this.now() - this.start) / 1000);
    for (const point of report.points) {
      this.last = point;
      // Each batch weighs as many samples as it holds: the last one of an epoch may be short.
      const batch = (point.step - 1) % this.stepsPerEpoch;
      const weight = Math.min(this.batchSize, this.options.samples - batch * this.batchSize);
      this.sums.loss += point.loss * weight;
      this.sums.accuracy += point.accuracy * weight;
      if (batch !== this.stepsPerEpoch - 1) continue;
      const check = checks.get(point.step);
      if (check) this.lastValidation = { loss: check.loss, accuracy: check.accuracy };
      const mean = {
        loss: this.sums.loss / this.options.samples,
        accuracy: this.sums.accuracy / this.options.samples,
      };
      this.sums = { loss: 0, accuracy: 0 };
      const { epoch } = point;
      if (
        !this.options.io.interactive &&
        (epoch % this.every === 0 || epoch === this.options.epochs)
      ) {
        this.options.io.stdout(this.plainLine(epoch, mean, check ?? null) + '\n');
      }
    }
    if (this.options.io.interactive && this.now() - this.drawn >= REDRAW_MS) this.draw();
  }

  /** Ends the progress line on a terminal, so what follows starts on a line of its own. */
  end(): void {
    if (!this.options.io.interactive || !this.last) return;
    this.draw();
    this.options.io.stdout('\n');
  }

  private draw(): void {
    const point = this.last;
    if (!point) return;
    this.drawn = this.now();
    const { epochs } = this.options;
    const filled = Math.round((point.step / this.totalSteps) * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    const validation = this.lastValidation
      ? `  val loss ${formatLoss(this.lastValidation.loss)}  val accuracy ${formatAccuracy(this.lastValidation.accuracy)}`
      : '';
    let line =
      `${bar} epoch ${point.epoch}/${epochs}  step ${point.step}/${this.totalSteps}` +
      `  loss ${formatLoss(point.loss)}  accuracy ${formatAccuracy(point.accuracy)}${validation}` +
      `  ${this.rate()}`;
    const columns = this.options.io.columns;
    if (columns && line.length >= columns) line = line.slice(0, columns - 1);
    this.options.io.stdout(`\r${line}\x1b[K`);
  }

  private plainLine(epoch: number, mean: Figures, check: Figures | null): string {
    const width = String(this.options.epochs).length;
    const validation = check
      ? `  val loss ${formatLoss(check.loss)}  val accuracy ${formatAccuracy(check.accuracy)}`
      : '';
    return (
      `epoch ${String(epoch).padStart(width)}/${this.options.epochs}` +
      `  loss ${formatLoss(mean.loss)}  accuracy ${formatAccuracy(mean.accuracy)}${validation}` +
      `  ${this.rate()}`
    );
  }

  private rate(): string {
    return this.speed === null ? '… steps/s' : `${Math.round(this.speed)} steps/s`;
  }
}

/** Four significant digits: 1.099, 0.07123, 1.234e-7. */
export const formatLoss = (loss: number) => loss.toPrecision(4);
export const formatAccuracy = (accuracy: number) => accuracy.toFixed(4);
