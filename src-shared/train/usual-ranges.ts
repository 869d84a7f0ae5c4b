/**
 * The ranges settings usually take, in one place: the Train tab asks before training with a value
 * far outside them, and the trainer's hints (divergence, stagnation, exploding gradients, dead
 * ReLUs) name the range and a value to try. "Far" is more than ten times beyond either end: a
 * rate a little off the usual range is a choice, one a thousand times off is almost always a slip.
 */
import type { OptimizerType, TrainingSettings } from './settings.ts';

export interface UsualRange {
  low: number;
  high: number;
  /** A value to suggest instead. */
  typical: number;
}

/**
 * SGD steps by lr·g, so its rate depends on the gradients' scale: 1e-4 to 1 covers the book's
 * spiral (1.0) and CNNs (0.1). Adam's steps are about lr per weight whatever the gradient, so
 * its rates are smaller: 1e-3 is Kingma & Ba's default, the book's spiral takes 0.05.
 */
const LEARNING_RATES: Record<OptimizerType, UsualRange> = {
  sgd: { low: 1e-4, high: 1, typical: 0.1 },
  adam: { low: 1e-4, high: 0.1, typical: 0.001 },
  adamw: { low: 1e-4, high: 0.1, typical: 0.001 },
};

const WEIGHT_DECAY: UsualRange = { low: 0, high: 0.01, typical: 5e-4 };
/** Inverse-time decay per step: the book uses 1e-3 to 1e-7. */
const DECAY: UsualRange = { low: 0, high: 0.01, typical: 1e-5 };

/** How many times beyond an end of its range a value is "far" outside. */
const FAR = 10;

const OPTIMIZER_NAMES: Record<OptimizerType, string> = { sgd: 'SGD', adam: 'Adam', adamw: 'AdamW' };

export function usualLearningRate(optimizer: OptimizerType): UsualRange {
  return LEARNING_RATES[optimizer];
}

/** 1e6 → "1e6", 0.05 → "0.05", 2.5e-7 → "2.5e-7": as a person would type the setting. */
export function formatSetting(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const magnitude = Math.abs(x);
  if (magnitude >= 1e-3 && magnitude < 1e4) return String(Number(x.toPrecision(4)));
  const [mantissa, exponent] = Number(x.toPrecision(3)).toExponential().split('e') as [
    string,
    string,
  ];
  return `${mantissa}e${Number(exponent)}`;
}

const rangeText = (r: UsualRange) => `${formatSetting(r.low)}..${formatSetting(r.high)}`;

export interface UnusualSetting {
  /** The setting's field in `TrainingSettings`. */
  setting: 'learningRate' | 'weightDecay' | 'decay';
  value: number;
  /** "Train with learning rate 1e6? The usual range for Adam is 1e-4..0.1." */
  question: string;
}

/** Where a value stands against its range: far below, far above, or null when not far out. */
function farSide(value: number, range: UsualRange): 'below' | 'above' | null {
  if (value > range.high * FAR) return 'above';
  if (range.low > 0 && value < range.low / FAR) return 'below';
  return null;
}

/** The settings far outside their usual ranges, each with the question to ask before training. */
export function unusualSettings(s: TrainingSettings): UnusualSetting[] {
  const found: UnusualSetting[] = [];
  const name = OPTIMIZER_NAMES[s.optimizer];
  const rate = LEARNING_RATES[s.optimizer];
  if (farSide(s.learningRate, rate)) {
    found.push({
      setting: 'learningRate',
      value: s.learningRate,
      question: `Train with learning rate ${formatSetting(s.learningRate)}? The usual range for ${name} is ${rangeText(rate)}; ${formatSetting(rate.typical)} is a good start.`,
    });
  }
  if (farSide(s.weightDecay, WEIGHT_DECAY)) {
    found.push({
      setting: 'weightDecay',
      value: s.weightDecay,
      question: `Train with weight decay ${formatSetting(s.weightDecay)}? The usual range is ${rangeText(WEIGHT_DECAY)}; larger values pull every weight to 0.`,
    });
  }
  if (s.schedule === 'inverse-time' && farSide(s.decay, DECAY)) {
    found.push({
      setting: 'decay',
      value: s.decay,
      question: `Train with decay ${formatSetting(s.decay)}? The usual range is ${rangeText(DECAY)}; larger values shrink the learning rate to almost nothing within a few steps.`,
    });
  }
  return found;
}

/** Whether the learning rate is far outside its optimizer's usual range. */
export function learningRateFarOut(
  s: Pick<TrainingSettings, 'optimizer' | 'learningRate'>,
): boolean {
  return farSide(s.learningRate, LEARNING_RATES[s.optimizer]) !== null;
}

/**
 * What to do about the learning rate when a run goes wrong: name the usual range when the rate
 * is far outside it, else suggest a tenth of it (`lower`) or ten times it (`higher`).
 */
export function learningRateAdvice(
  s: Pick<TrainingSettings, 'optimizer' | 'learningRate'>,
  direction: 'lower' | 'higher',
): string {
  const rate = LEARNING_RATES[s.optimizer];
  const name = OPTIMIZER_NAMES[s.optimizer];
  const now = formatSetting(s.learningRate);
  const side = farSide(s.learningRate, rate);
  if (side === 'above' || (side === 'below' && direction === 'higher')) {
    return `learning rate ${now} is far ${side} the usual ${rangeText(rate)} for ${name}; try ${formatSetting(rate.typical)}`;
  }
  const next = direction === 'lower' ? s.learningRate / 10 : s.learningRate * 10;
  return `${direction === 'lower' ? 'lower' : 'raise'} the learning rate (now ${now}); try ${formatSetting(next)}`;
}
