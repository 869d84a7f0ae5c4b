/**
 * Runs that cannot learn, told apart from runs that are slow: the trainer feeds every step's
 * loss, accuracy, gradient norm and which ReLU units gave a non-zero output, and the watch
 * raises each kind of hint once per run (per layer for dead ReLUs), with the likely cause and a
 * setting to try. The detectors are pure functions of the recent history, so they are tested on
 * made-up histories; `HealthWatch` only keeps those histories.
 *
 *   stagnant             the loss stays flat at what guessing gives (ln k for k classes) and the
 *                        accuracy at the largest class's share: nothing is being learned
 *   exploding-gradients  the gradient's norm jumps far above its recent level
 *   dead-relu            most units of a ReLU layer output 0 for every sample of recent batches,
 *                        so no gradient reaches the weights before them
 */
import { formatPythonFloat } from '../numpy/format.ts';
import type { TrainingSettings } from './settings.ts';
import { learningRateAdvice, learningRateFarOut } from './usual-ranges.ts';

export type HealthKind = 'stagnant' | 'exploding-gradients' | 'dead-relu';

export interface HealthHint {
  kind: HealthKind;
  /** The step the hint was raised at. */
  step: number;
  /** What was seen, the likely cause and what to try, in one sentence or two. */
  message: string;
}

/** Four significant digits, for numbers in messages. */
const short = (x: number) => formatPythonFloat(Number(x.toPrecision(4)));
const percent = (x: number) => `${Math.round(100 * x)}%`;

/** Flat: the two halves of the window differ by less than this share of the chance loss. */
const FLAT = 0.01;
/** At chance: the loss within this share of the chance loss. */
const NEAR_CHANCE = 0.05;
/** At chance: accuracy at most this far above the largest class's share. */
const ACCURACY_MARGIN = 0.1;

export interface StagnationInput {
  /** The window's losses and accuracies, oldest first (accuracies: null for regression). */
  losses: ArrayLike<number>;
  accuracies: ArrayLike<number> | null;
  /** The loss of a guess (ln k for cross-entropy over k classes). */
  chanceLoss: number;
  /** The largest class's share of the training data: a guess's accuracy. */
  chanceAccuracy: number | null;
}

/**
 * The window's mean loss and accuracy when the loss is flat at chance (its halves' means differ
 * by less than 1% of the chance loss, both within 5% of it) and the accuracy no better than
 * guessing; otherwise null.
 */
export function stagnation(
  input: StagnationInput,
): { loss: number; accuracy: number | null } | null {
  const { losses, accuracies, chanceLoss, chanceAccuracy } = input;
  const n = losses.length;
  if (n < 2 || !(chanceLoss > 0)) return null;
  const half = Math.floor(n / 2);
  const mean = (values: ArrayLike<number>, from: number, to: number) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i]!;
    return sum / (to - from);
  };
  const early = mean(losses, 0, half);
  const late = mean(losses, half, n);
  if (Math.abs(late - early) > FLAT * chanceLoss) return null;
  if (Math.abs(late - chanceLoss) > NEAR_CHANCE * chanceLoss) return null;
  const accuracy = accuracies ? mean(accuracies, 0, n) : null;
  if (accuracy !== null && chanceAccuracy !== null && accuracy > chanceAccuracy + ACCURACY_MARGIN)
    return null;
  return { loss: late, accuracy };
}

/** A jump this many times above the recent median norm counts as exploding. */
const SPIKE = 100;
/**
 * Norms below this do not explode, however far they rose: a mean loss's gradient starts near 0
 * where the classes balance (or every ReLU is silent), so its first rise is a large ratio of
 * nothing.
 */
const SPIKE_FLOOR = 1;

/** The ratio of `norm` to the median of `recent` norms when it is a spike, else null. */
export function gradientSpike(norm: number, recent: ArrayLike<number>): number | null {
  if (recent.length === 0 || !(norm >= SPIKE_FLOOR)) return null;
  const sorted = Float64Array.from(recent).sort();
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  if (!(median > 0)) return null;
  const ratio = norm / median;
  return ratio >= SPIKE ? ratio : null;
}

/** A ReLU layer with more than this share of dead units gets a hint. */
export const DEAD_SHARE = 0.5;

/**
 * The share of units that gave no non-zero output in the last `window` steps: `lastAlive[u]` is
 * the step unit u last did (0: never), `step` the current one.
 */
export function deadShare(lastAlive: ArrayLike<number>, step: number, window: number): number {
  if (lastAlive.length === 0) return 0;
  let dead = 0;
  for (let u = 0; u < lastAlive.length; u++) if (step - lastAlive[u]! >= window) dead++;
  return dead / lastAlive.length;
}

/** Which units of each ReLU layer gave a non-zero output on a batch: 1 alive, 0 not. */
export interface ReluActivity {
  /** The layer's index in the network. */
  layer: number;
  alive: Uint8Array;
}

export interface HealthStep {
  step: number;
  loss: number;
  accuracy: number;
  /** The L2 norm of the whole gradient, before the update. */
  gradientNorm: number;
  relus: readonly ReluActivity[];
}

export interface HealthWatchOptions {
  settings: Pick<TrainingSettings, 'optimizer' | 'learningRate'>;
  chanceLoss: number;
  /** Null for regression. */
  chanceAccuracy: number | null;
  classes: number | null;
  /** Steps the stagnation check looks back over. */
  window: number;
  /** Steps a ReLU unit must stay silent to count as dead (enough to cover a few hundred samples). */
  deadWindow: number;
  /** How messages name layer i, e.g. "Dense 2 → ReLU"; default "layers[i] (relu)". */
  layerName?: (layer: number) => string;
  /**
   * The Dense layers whose all-zero W blocked learning as the run began (zero-weights.ts), each
   * with the ReLUs that read it: then the likely cause of dead ReLUs and of a stuck loss, not
   * the learning rate.
   */
  zeroWeights?: readonly { layer: number; relus: readonly number[] }[];
}

/** How many recent gradient norms the spike check compares with. */
const NORMS = 20;

export class HealthWatch {
  private readonly losses: Float64Array;
  private readonly accuracies: Float64Array;
  private count = 0;
  private readonly norms = new Float64Array(NORMS);
  private normCount = 0;
  private readonly lastAlive = new Map<number, Int32Array>();
  private readonly raised = new Set<string>();
  /** Layers with mostly dead ReLUs, for the stagnation hint's cause. */
  private readonly deadLayers = new Map<number, number>();

  constructor(private readonly options: HealthWatchOptions) {
    this.losses = new Float64Array(options.window);
    this.accuracies = new Float64Array(options.window);
  }

  /** Adds one step; returns the hints raised at it (each kind once per run, per layer for ReLUs). */
  add(s: HealthStep): HealthHint[] {
    const hints: HealthHint[] = [];
    const raise = (key: string, kind: HealthKind, message: string) => {
      if (this.raised.has(key)) return;
      this.raised.add(key);
      hints.push({ kind, step: s.step, message });
    };
    this.checkGradient(s, raise);
    this.checkRelus(s, raise);
    this.checkStagnation(s, raise);
    return hints;
  }

  /** Layer i as the messages name it: the caller's name, else "layers[i] (type)". */
  private name(layer: number, type: string): string {
    return this.options.layerName?.(layer) ?? `layers[${layer}] (${type})`;
  }

  private checkGradient(s: HealthStep, raise: Raise): void {
    const recent = this.norms.subarray(0, Math.min(this.normCount, NORMS));
    const ratio = gradientSpike(s.gradientNorm, recent);
    this.norms[this.normCount % NORMS] = s.gradientNorm;
    this.normCount++;
    if (ratio === null) return;
    const level = s.gradientNorm / ratio;
    raise(
      'exploding-gradients',
      'exploding-gradients',
      `Exploding gradients: at step ${s.step} the gradient's norm jumped to ${short(s.gradientNorm)}, ${short(ratio)}× its recent level (${short(level)}), so the next step overshoots. Likely cause: a learning rate too large for this network; ${learningRateAdvice(this.options.settings, 'lower')}.`,
    );
  }

  private checkRelus(s: HealthStep, raise: Raise): void {
    const { deadWindow } = this.options;
    for (const { layer, alive } of s.relus) {
      let last = this.lastAlive.get(layer);
      if (!last) {
        last = new Int32Array(alive.length).fill(s.step - 1);
        this.lastAlive.set(layer, last);
      }
      for (let u = 0; u < alive.length; u++) if (alive[u]) last[u] = s.step;
      const share = deadShare(last, s.step, deadWindow);
      if (share <= DEAD_SHARE) {
        this.deadLayers.delete(layer);
        continue;
      }
      this.deadLayers.set(layer, share);
      const name = this.name(layer, 'relu');
      const zero = this.options.zeroWeights?.find((z) => z.relus.includes(layer));
      const cause = zero
        ? `the W of ${this.name(zero.layer, 'dense')} before them is all zeros, so they get relu(b) = 0 from the first step; ${RANDOMISE}`
        : `a step too large pushed them below 0, or biases far below 0; ${learningRateAdvice(this.options.settings, 'lower')}, and Reset weights (or use Leaky ReLU)`;
      raise(
        `dead-relu:${layer}`,
        'dead-relu',
        `Dead ReLUs: ${percent(share)} of the units of ${name} output 0 for every sample of the last ${deadWindow} step${deadWindow === 1 ? '' : 's'}, so no gradient reaches the weights before them and they stop learning. Likely cause: ${cause}.`,
      );
    }
  }

  private checkStagnation(s: HealthStep, raise: Raise): void {
    const { window, chanceLoss, chanceAccuracy, classes } = this.options;
    const slot = this.count % window;
    this.losses[slot] = s.loss;
    this.accuracies[slot] = s.accuracy;
    this.count++;
    if (this.count < window || this.raised.has('stagnant')) return;
    // The ring buffer in time order.
    const ordered = (values: Float64Array) => {
      const start = this.count % window;
      return Float64Array.from({ length: window }, (_, i) => values[(start + i) % window]!);
    };
    const found = stagnation({
      losses: ordered(this.losses),
      accuracies: chanceAccuracy === null ? null : ordered(this.accuracies),
      chanceLoss,
      chanceAccuracy,
    });
    if (!found) return;
    const guess = classes ? `ln ${classes} = ${short(chanceLoss)}` : short(chanceLoss);
    const accuracy =
      found.accuracy === null ? '' : ` and the accuracy at ${percent(found.accuracy)}`;
    const dead = [...this.deadLayers.keys()][0];
    const zero = this.options.zeroWeights?.[0];
    const cause = zero
      ? `the W of ${this.name(zero.layer, 'dense')} is all zeros, so its units learn nothing or all the same; ${RANDOMISE}`
      : dead !== undefined
        ? `most ReLUs of ${this.name(dead, 'relu')} are dead; ${learningRateAdvice(this.options.settings, 'lower')}, and Reset weights`
        : learningRateFarOut(this.options.settings)
          ? learningRateAdvice(this.options.settings, 'higher')
          : `${learningRateAdvice(this.options.settings, 'higher')}; if that does not help, the network may need more units or scaled inputs`;
    raise(
      'stagnant',
      'stagnant',
      `Not learning: the loss has stayed at ${short(found.loss)} for ${window} steps, what guessing gives (${guess}),${accuracy}. Likely cause: ${cause}.`,
    );
  }
}

type Raise = (key: string, kind: HealthKind, message: string) => void;

/** What to do about weights that started all zero. */
const RANDOMISE = 'give it random weights (Reset weights)';

/**
 * Which units of a ReLU output (batch × … × units, units last) were above 0 for some sample.
 * Each row of `units` values checks only the units not yet seen alive, and the scan ends when
 * none is left: a healthy layer is settled within its first few rows, so the watch costs next to
 * nothing per step, and only a layer with silent units is read through (those units alone).
 */
export function aliveUnits(output: ArrayLike<number>, units: number): Uint8Array {
  const alive = new Uint8Array(units);
  // pending[0..left) are the units not yet seen above 0, in no particular order.
  const pending = Int32Array.from({ length: units }, (_, u) => u);
  let left = units;
  for (let row = 0; row < output.length && left > 0; row += units) {
    let k = 0;
    while (k < left) {
      const u = pending[k]!;
      if (output[row + u]! > 0) {
        alive[u] = 1;
        pending[k] = pending[--left]!;
      } else k++;
    }
  }
  return alive;
}

/** The L2 norm of a list of gradient arrays. */
export function gradientNorm(grads: readonly ArrayLike<number>[]): number {
  let sum = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  return Math.sqrt(sum);
}
