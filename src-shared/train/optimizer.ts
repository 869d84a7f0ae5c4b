/**
 * One optimizer family for every network and either precision, formula for formula as nnfs
 * writes Optimizer_SGD and Optimizer_Adam (so the book's numbers come out exactly):
 *
 *   learning rate   constant lr; inverse-time lr / (1 + decay·t); or one-cycle (schedule.ts)
 *   SGD             u ← μ·u − lr·g;  w ← w + u                 Nesterov: w ← w + μ·u − lr·g
 *   Adam            m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *                   w ← w + (−lr · m / (1 − β1^(t+1))) / (√(v / (1 − β2^(t+1))) + ε)
 *   weight decay    SGD and Adam: L2, g ← g + wd·w;  AdamW: w ← w·(1 − lr·wd) first (decoupled)
 *
 * With a constant rate, SGD's u is PyTorch's −lr·v, so PyTorch's settings carry over. Weight
 * decay skips parameters marked `decay: false` (biases, BatchNorm's gamma and beta).
 *
 * Each step is computed out of place into spare buffers and committed by swapping them in only
 * when every new value is finite, so a step that blows up leaves the last good weights and state.
 */
import type { TypedArray } from '../tensor/tensor.ts';
import { learningRateAt } from './schedule.ts';
import type { OptimizerType, Schedule } from './settings.ts';

export interface OptimizerConfig {
  type: OptimizerType;
  learningRate?: number;
  /** Default 'inverse-time' (with decay 0: constant). */
  schedule?: Schedule;
  /** inverse-time's decay. */
  decay?: number;
  /** SGD only. */
  momentum?: number;
  nesterov?: boolean;
  /** Adam and AdamW; ε defaults to nnfs's 1e-7. */
  epsilon?: number;
  beta1?: number;
  beta2?: number;
  weightDecay?: number;
  /** The run's length in steps, which one-cycle needs. */
  totalSteps?: number;
}

export type OptimizerSettings = Required<OptimizerConfig>;

/** One trainable array and its gradient; the optimizer replaces `value` on each commit. */
export interface Parameter {
  value: TypedArray;
  readonly grad: TypedArray;
  /** Whether weight decay applies (default true). */
  readonly decay?: boolean;
}

/**
 * nnfs's per-parameter optimizer arrays: `weight_momentums`, `weight_cache`. Copies in typed
 * arrays, so a checkpoint crosses to another thread as transferred buffers (as plain arrays,
 * Adam's moments of 784-128-10 took longer to build, clone and read back than 20 training
 * steps); `restore` also takes plain arrays.
 */
export interface MomentState {
  momentums?: TypedArray | number[];
  cache?: TypedArray | number[];
}

export interface OptimizerState {
  type: OptimizerType;
  /** Updates done so far (nnfs's `iterations`). */
  iterations: number;
  /** One entry per parameter, in order. */
  params: MomentState[];
}

export type UpdateOutcome =
  | { ok: true }
  | {
      ok: false;
      /** The parameter's index in the list given. */
      param: number;
      /** Which array went bad: the parameter itself or one of the optimizer's moments. */
      array: 'value' | 'momentums' | 'cache';
      index: number;
      value: number;
    };

export function optimizerSettings(config: OptimizerConfig): OptimizerSettings {
  const check = (name: string, value: number, ok: boolean, expected: string) => {
    if (!Number.isFinite(value) || !ok) {
      throw new Error(`${config.type}: ${name} must be ${expected}, found ${value}`);
    }
    return value;
  };
  if (!['sgd', 'adam', 'adamw'].includes(config.type)) {
    throw new Error(`unknown optimizer "${String(config.type)}": choose sgd, adam or adamw`);
  }
  const sgd = config.type === 'sgd';
  const s: OptimizerSettings = {
    type: config.type,
    learningRate: config.learningRate ?? (sgd ? 1 : 0.001),
    schedule: config.schedule ?? 'inverse-time',
    decay: config.decay ?? 0,
    momentum: config.momentum ?? 0,
    nesterov: config.nesterov ?? false,
    epsilon: config.epsilon ?? 1e-7,
    beta1: config.beta1 ?? 0.9,
    beta2: config.beta2 ?? 0.999,
    weightDecay: config.weightDecay ?? 0,
    totalSteps: config.totalSteps ?? 0,
  };
  check('learningRate', s.learningRate, s.learningRate > 0, 'a number > 0');
  check('decay', s.decay, s.decay >= 0, 'a number ≥ 0');
  check('weightDecay', s.weightDecay, s.weightDecay >= 0, 'a number ≥ 0');
  if (sgd) check('momentum', s.momentum, s.momentum >= 0 && s.momentum < 1, 'in [0, 1)');
  else {
    check('epsilon', s.epsilon, s.epsilon > 0, 'a number > 0');
    check('beta1', s.beta1, s.beta1 >= 0 && s.beta1 < 1, 'in [0, 1)');
    check('beta2', s.beta2, s.beta2 >= 0 && s.beta2 < 1, 'in [0, 1)');
  }
  if (s.schedule === 'one-cycle' && !(s.totalSteps >= 1)) {
    throw new Error(`${config.type}: the one-cycle schedule needs the run's length in steps`);
  }
  return s;
}

/** A parameter's moments and the spare buffers the next step is written into. */
interface Slot {
  param: Parameter;
  decays: boolean;
  next: TypedArray;
  momentums: TypedArray;
  nextMomentums: TypedArray;
  cache: TypedArray;
  nextCache: TypedArray;
}

/** 0 when every stored value is finite, NaN otherwise. */
function storedTrouble(...arrays: TypedArray[]): number {
  let check = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) check += a[i]! * 0;
  return check;
}

const like = (a: TypedArray, n: number): TypedArray =>
  a instanceof Float32Array ? new Float32Array(n) : new Float64Array(n);
const EMPTY = new Float64Array(0);

export class Optimizer {
  readonly settings: OptimizerSettings;
  private iterationCount = 0;
  private readonly slots: Slot[];

  constructor(config: OptimizerConfig, params: readonly Parameter[], state?: OptimizerState) {
    this.settings = optimizerSettings(config);
    const { type, momentum } = this.settings;
    const momentums = type !== 'sgd' || momentum > 0;
    const cache = type !== 'sgd';
    this.slots = params.map((param) => {
      const n = param.value.length;
      const make = (wanted: boolean) => (wanted ? like(param.value, n) : EMPTY);
      return {
        param,
        decays: param.decay !== false,
        next: like(param.value, n),
        momentums: make(momentums),
        nextMomentums: make(momentums),
        cache: make(cache),
        nextCache: make(cache),
      };
    });
    if (state) this.restore(state);
  }

  /** Updates done so far. */
  get iterations(): number {
    return this.iterationCount;
  }

  /** nnfs's `pre_update_params`: the learning rate the next step uses. */
  currentLearningRate(): number {
    return learningRateAt(this.settings, this.iterationCount);
  }

  /**
   * One update from the parameters' current gradients. Commits it only when every new value
   * is finite; otherwise leaves everything as it was and says which value went bad.
   */
  step(): UpdateOutcome {
    const lr = this.currentLearningRate();
    const s = this.settings;
    let check = 0; // x · 0 is 0 for finite x and NaN otherwise, so NaN here means trouble.
    for (const slot of this.slots) {
      const { next, momentums: m, nextMomentums: nm, cache: v, nextCache: nv } = slot;
      const w = slot.param.value;
      const g = slot.param.grad;
      const n = w.length;
      const wd = slot.decays ? s.weightDecay : 0;
      // L2 adds wd·w to the gradient; AdamW shrinks the weight apart from it.
      const l2 = s.type === 'adamw' ? 0 : wd;
      const shrink = s.type === 'adamw' ? 1 - lr * wd : 1;
      if (s.type !== 'sgd') {
        const { beta1, beta2, epsilon } = s;
        const c1 = 1 - beta1 ** (this.iterationCount + 1);
        const c2 = 1 - beta2 ** (this.iterationCount + 1);
        for (let i = 0; i < n; i++) {
          const gi = l2 ? g[i]! + l2 * w[i]! : g[i]!;
          const mi = beta1 * m[i]! + (1 - beta1) * gi;
          const vi = beta2 * v[i]! + (1 - beta2) * (gi * gi);
          const wi =
            (shrink === 1 ? w[i]! : w[i]! * shrink) +
            (-lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
          nm[i] = mi;
          nv[i] = vi;
          next[i] = wi;
          check += mi * 0 + vi * 0 + wi * 0;
        }
      } else if (s.momentum > 0) {
        const mu = s.momentum;
        for (let i = 0; i < n; i++) {
          const gi = l2 ? g[i]! + l2 * w[i]! : g[i]!;
          const u = mu * m[i]! - lr * gi;
          const wi = w[i]! + (s.nesterov ? mu * u - lr * gi : u);
          nm[i] = u;
          next[i] = wi;
          check += wi * 0 + u * 0;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const gi = l2 ? g[i]! + l2 * w[i]! : g[i]!;
          const wi = w[i]! + -lr * gi;
          next[i] = wi;
          check += wi * 0;
        }
      }
      // A value finite in float64 may still be too large for float32: check what was stored.
      if (next instanceof Float32Array) check += storedTrouble(next, nm, nv);
    }
    if (check !== 0) return this.findTrouble();
    for (const slot of this.slots) {
      [slot.param.value, slot.next] = [slot.next, slot.param.value];
      [slot.momentums, slot.nextMomentums] = [slot.nextMomentums, slot.momentums];
      [slot.cache, slot.nextCache] = [slot.nextCache, slot.cache];
    }
    this.iterationCount++;
    return { ok: true };
  }

  /** The state as plain arrays, to save or to resume with (`new Optimizer(config, params, state)`). */
  state(): OptimizerState {
    return {
      type: this.settings.type,
      iterations: this.iterationCount,
      params: this.slots.map((slot) => ({
        ...(slot.momentums !== EMPTY ? { momentums: slot.momentums.slice() } : {}),
        ...(slot.cache !== EMPTY ? { cache: slot.cache.slice() } : {}),
      })),
    };
  }

  private restore(state: OptimizerState): void {
    if (state.type !== this.settings.type) {
      throw new Error(`the saved optimizer state is ${state.type}'s, not ${this.settings.type}'s`);
    }
    if (!Number.isInteger(state.iterations) || state.iterations < 0) {
      throw new Error(`the saved optimizer state has ${state.iterations} iterations`);
    }
    if (!Array.isArray(state.params) || state.params.length !== this.slots.length) {
      throw new Error(
        `the saved optimizer state has ${state.params?.length ?? 0} parameters, the network ${this.slots.length}`,
      );
    }
    this.iterationCount = state.iterations;
    this.slots.forEach((slot, i) => {
      const saved = state.params[i]!;
      const load = (target: TypedArray, values: ArrayLike<number> | undefined, what: string) => {
        if (target === EMPTY) return;
        const where = `parameter ${i} ${what}`;
        if (!values || values.length !== target.length) {
          throw new Error(
            `the saved optimizer state needs ${target.length} ${where}, found ${values?.length ?? 0}`,
          );
        }
        for (let j = 0; j < values.length; j++) {
          const v = values[j]!;
          if (!Number.isFinite(v))
            throw new Error(`the saved optimizer state's ${where}[${j}] is ${v}`);
          target[j] = v;
        }
      };
      load(slot.momentums, saved.momentums, 'momentums');
      load(slot.cache, saved.cache, 'cache');
    });
  }

  /** The first non-finite new value, a weight before a moment. */
  private findTrouble(): UpdateOutcome {
    const arrays = { next: 'value', nextMomentums: 'momentums', nextCache: 'cache' } as const;
    for (const [key, array] of Object.entries(arrays) as [keyof typeof arrays, 'value'][]) {
      for (let p = 0; p < this.slots.length; p++) {
        const values = this.slots[p]![key];
        const bad = values.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) return { ok: false, param: p, array, index: bad, value: values[bad]! };
      }
    }
    throw new Error('an optimizer step found a non-finite value it then could not find');
  }
}
