/**
 * `train`'s progress, from the trainer's step reports, the same for every network and data. An
 * epoch line for every tenth of the epochs and the last: the epoch's mean loss and accuracy (as
 * trained on), its validation figures, the speed and the time so far. On a terminal, between
 * them, one line redrawn in place (`\r`, at most 10 times a second) with a bar, the epoch, the
 * step and the latest batch's loss and accuracy.
 */
import type { Evaluation, StepReport } from '../src-shared/train/trainer.ts';
import type { CommandIo } from './usage.ts';

const REDRAW_MS = 100;
const BAR_WIDTH = 20;

export interface ProgressOptions {
  io: CommandIo;
  epochs: number;
  totalSteps: number;
  /** Milliseconds, for tests. */
  now?: () => number;
}

export class TrainProgressPrinter {
  /** Epoch lines are printed for epochs that are multiples of this, and for the last. */
  private readonly every: number;
  private readonly now: () => number;
  private readonly start: number;
  private last: StepReport | null = null;
  private lastValidation: Evaluation | null = null;
  private drawn = -Infinity;
  /** A redrawn line is on screen, to clear before an epoch line. */
  private pending = false;

  constructor(private readonly options: ProgressOptions) {
    this.every = Math.max(1, Math.ceil(options.epochs / 10));
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** Seconds since the printer was made: the run's time so far. */
  get seconds(): number {
    return (this.now() - this.start) / 1000;
  }

  /** Takes one step's report. */
  step(report: StepReport): void {
    this.last = report;
    const { io, epochs } = this.options;
    const end = report.epochEnd;
    if (end?.validation) this.lastValidation = end.validation;
    if (end && (end.epoch % this.every === 0 || end.epoch === epochs)) {
      const width = String(epochs).length;
      const line =
        `epoch ${String(end.epoch).padStart(width)}/${epochs}  ${figuresText(end)}` +
        `${validationText(end.validation ?? null)}  ${this.rate()}  ${formatSeconds(this.seconds)}`;
      io.stdout(`${this.pending ? '\r' : ''}${line}${this.pending ? '\x1b[K' : ''}\n`);
      this.pending = false;
      this.drawn = -Infinity;
    }
    if (io.interactive && !report.done && this.now() - this.drawn >= REDRAW_MS) this.draw();
  }

  /** Clears a redrawn line on a terminal, so what follows starts on a line of its own. */
  end(): void {
    if (!this.pending) return;
    this.options.io.stdout('\r\x1b[K');
    this.pending = false;
  }

  private draw(): void {
    const point = this.last;
    if (!point) return;
    this.drawn = this.now();
    const { epochs, totalSteps } = this.options;
    const filled = Math.round((point.step / totalSteps) * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`;
    let line =
      `${bar} epoch ${point.epoch}/${epochs}  step ${point.step}/${totalSteps}  ` +
      `${figuresText(point)}${validationText(this.lastValidation)}  ${this.rate()}`;
    const columns = this.options.io.columns;
    if (columns && line.length >= columns) line = line.slice(0, columns - 1);
    this.options.io.stdout(`\r${line}\x1b[K`);
    this.pending = true;
  }

  private rate(): string {
    const steps = this.last?.step ?? 0;
    const speed = steps / Math.max(1e-3, this.seconds);
    return `${speed >= 10 ? Math.round(speed) : speed.toPrecision(2)} steps/s`;
  }
}

const figuresText = (f: { loss: number; accuracy: number }) =>
  `loss ${formatLoss(f.loss)}  accuracy ${formatAccuracy(f.accuracy)}`;

const validationText = (v: { loss: number; accuracy: number } | null) =>
  v ? `  val loss ${formatLoss(v.loss)}  val accuracy ${formatAccuracy(v.accuracy)}` : '';

/** "4.21 s", "38.5 s", "12.3 min". */
export function formatSeconds(seconds: number): string {
  if (seconds >= 120) return `${(seconds / 60).toFixed(1)} min`;
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}

/** Four significant digits: 1.099, 0.07123, 1.234e-7. */
export const formatLoss = (loss: number) => loss.toPrecision(4);
export const formatAccuracy = (accuracy: number) => accuracy.toFixed(4);
