/**
 * Learning-rate schedules: the rate an optimizer uses at its step t (0-based).
 *   constant       lr
 *   inverse-time   lr / (1 + decay·t), nnfs's `current_learning_rate`
 *   one-cycle      warm-up then a cosine fall to near zero (Smith, 2018), PyTorch's OneCycleLR
 */
import type { Schedule } from './settings.ts';

export interface ScheduleSettings {
  readonly learningRate: number;
  readonly schedule: Schedule;
  readonly decay: number;
  readonly totalSteps: number;
}

export function learningRateAt(s: ScheduleSettings, t: number): number {
  switch (s.schedule) {
    case 'constant':
      return s.learningRate;
    case 'inverse-time':
      return s.decay ? s.learningRate * (1 / (1 + s.decay * t)) : s.learningRate;
    case 'one-cycle':
      return oneCycle(t, s.totalSteps, s.learningRate);
    default:
      throw new Error(`unknown schedule ${String(s.schedule satisfies never)}`);
  }
}

export interface OneCycleOptions {
  /** Fraction of the steps spent warming up. Default 0.3 (PyTorch's OneCycleLR). */
  readonly warmup?: number;
  /** Shape of the descent: 'cos' (default) or 'linear'. */
  readonly anneal?: 'cos' | 'linear';
  /** The rate starts at maxLr / initialDiv. Default 25. */
  readonly initialDiv?: number;
  /** And ends at maxLr / (initialDiv · finalDiv), near zero. Default 1e4. */
  readonly finalDiv?: number;
}

/**
 * One-cycle learning rate (Smith, 2018) for 0-based `step` of `totalSteps`: linear warm-up
 * from maxLr / initialDiv to maxLr, then a cosine (or linear) fall to maxLr / (initialDiv ·
 * finalDiv) at the last step. Warm-up lets BatchNorm's statistics settle before large steps;
 * the long fall to near zero is where most of the final accuracy comes from.
 */
export function oneCycle(
  step: number,
  totalSteps: number,
  maxLr: number,
  { warmup = 0.3, anneal = 'cos', initialDiv = 25, finalDiv = 1e4 }: OneCycleOptions = {},
): number {
  const initial = maxLr / initialDiv;
  const final = initial / finalDiv;
  const warmSteps = Math.max(1, Math.round(warmup * totalSteps));
  if (step < warmSteps) return initial + ((maxLr - initial) * step) / warmSteps;
  const span = Math.max(1, totalSteps - 1 - warmSteps);
  const t = Math.min(1, (step - warmSteps) / span);
  if (anneal === 'linear') return maxLr + (final - maxLr) * t;
  return final + ((maxLr - final) * (1 + Math.cos(Math.PI * t))) / 2;
}
