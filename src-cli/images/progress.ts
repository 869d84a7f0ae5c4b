/**
 * "Loading pictures" progress for loadImageFolder's onProgress. On a terminal: one line redrawn
 * in place (`\r`, at most 10 times a second) with a bar and the count. Elsewhere (a pipe, a log
 * file): one plain line at each quarter. `TrainProgressPrinter` in ../progress.ts counts epochs
 * and steps, not files, so this is its small sibling with the same look.
 */
import type { CommandIo } from '../usage.ts';

const REDRAW_MS = 100;
const BAR_WIDTH = 20;
const count = new Intl.NumberFormat('en-US');

export class LoadProgressPrinter {
  private drawn = -Infinity;
  private quarter = 0;
  private last: { done: number; total: number } | null = null;
  private readonly now: () => number;

  constructor(
    private readonly io: CommandIo,
    private readonly label = 'Loading pictures',
    /** Milliseconds, for tests. */
    now?: () => number,
  ) {
    this.now = now ?? (() => performance.now());
  }

  /** Takes loadImageFolder's onProgress(done, total); pass it as `(d, t) => printer.progress(d, t)`. */
  progress(done: number, total: number): void {
    this.last = { done, total };
    if (this.io.interactive) {
      if (this.now() - this.drawn >= REDRAW_MS || done === total) this.draw();
      return;
    }
    const quarter = total === 0 ? 4 : Math.floor((done / total) * 4);
    if (quarter > this.quarter) {
      this.quarter = quarter;
      this.io.stdout(`${this.text(done, total)}\n`);
    }
  }

  /** Ends the line on a terminal, so what follows starts on a line of its own. */
  end(): void {
    if (!this.io.interactive || !this.last) return;
    this.draw();
    this.io.stdout('\n');
    this.last = null;
  }

  private draw(): void {
    if (!this.last) return;
    this.drawn = this.now();
    const { done, total } = this.last;
    const filled = total === 0 ? BAR_WIDTH : Math.round((done / total) * BAR_WIDTH);
    let line = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${this.text(done, total)}`;
    const columns = this.io.columns;
    if (columns && line.length >= columns) line = line.slice(0, columns - 1);
    this.io.stdout(`\r${line}\x1b[K`);
  }

  private text(done: number, total: number): string {
    return `${this.label} ${count.format(done)}/${count.format(total)}`;
  }
}
