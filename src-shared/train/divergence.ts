/**
 * Tells a run that diverges from one that is only noisy. A loss that stays finite can still
 * run away: with a learning rate of 1e6 the spiral "trains" for thousands of epochs at a loss of
 * 10.7, ten times what guessing gives. The watch compares the mean loss of the last `window`
 * steps with a reference that no working run exceeds for long: the larger of the untrained
 * network's loss and the loss of a guess (ln k for k classes, ln 2 for each binary output, the
 * targets' variance for mean squared error). Beyond `factor` times that, the run diverges.
 *
 * It also remembers when the windowed loss was at its best, so a diverged run can go back to
 * the weights it had then (or to the start, when it never got better).
 */
export class DivergenceWatch {
  private readonly losses: Float64Array;
  private count = 0;
  private sum = 0;
  private reference = 0;
  /** The best windowed mean so far, and the step it ended at (0: the start). */
  best = Infinity;
  bestStep = 0;

  constructor(
    /** The loss of a guess for this loss and data. */
    private readonly chance: number,
    readonly window: number,
    private readonly factor = 4,
  ) {
    this.losses = new Float64Array(window);
  }

  /**
   * Adds step `step`'s loss (before its update). Returns 'diverged' when the windowed mean is far
   * above the reference, 'best' when a full window ends at a new best, otherwise null.
   */
  add(step: number, loss: number): 'diverged' | 'best' | null {
    if (this.count === 0) this.reference = Math.max(loss, this.chance);
    const slot = this.count % this.window;
    if (this.count >= this.window) this.sum -= this.losses[slot]!;
    this.losses[slot] = loss;
    this.sum += loss;
    this.count++;
    if (this.count < this.window) return null;
    const mean = this.sum / this.window;
    if (mean > this.factor * this.reference) return 'diverged';
    if (this.count % this.window === 0 && mean < this.best) {
      this.best = mean;
      this.bestStep = step;
      return 'best';
    }
    return null;
  }

  /** The mean loss of the last window. */
  get mean(): number {
    return this.sum / Math.min(this.count, this.window);
  }

  /** What the windowed loss is held against: the untrained network's loss or a guess's. */
  get baseline(): number {
    return this.reference;
  }
}

/**
 * The loss of a guess: ln k for cross-entropy over k classes, ln 2 per binary output, and for
 * mean squared error the targets' variance (what predicting their mean scores).
 */
export function chanceLoss(
  loss: 'categorical-crossentropy' | 'binary-crossentropy' | 'mse',
  outputs: number,
  targets: { kind: 'classes'; classes: Int32Array } | { kind: 'values'; values: Float64Array },
): number {
  if (loss === 'categorical-crossentropy') return Math.log(Math.max(2, outputs));
  if (loss === 'binary-crossentropy') return Math.log(2);
  // Mean over outputs of each output's variance; class labels stand for one-hot rows.
  let total = 0;
  if (targets.kind === 'classes') {
    const n = targets.classes.length;
    const counts = new Float64Array(outputs);
    for (const c of targets.classes) counts[c]!++;
    for (const k of counts) total += (k / n) * (1 - k / n);
    return total / outputs;
  }
  const n = targets.values.length / outputs;
  for (let j = 0; j < outputs; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += targets.values[i * outputs + j]!;
    mean /= n;
    let sq = 0;
    for (let i = 0; i < n; i++) sq += (targets.values[i * outputs + j]! - mean) ** 2;
    total += sq / n;
  }
  return total / outputs;
}
