/**
 * nnfs's Optimizer_SGD and Optimizer_Adam, formula for formula and in the same order of
 * operations, so a step gives nnfs's numbers:
 *
 *   learning rate   lr_t = lr · (1 / (1 + decay · t))                     t = updates so far
 *   SGD             u = momentum · m − lr_t · g;  m ← u;  w ← w + u       (u = −lr_t · g without momentum)
 *   Adam            m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *                   w ← w + (−lr_t · m / (1 − β1^(t+1))) / (√(v / (1 − β2^(t+1))) + ε)
 *
 * (β^(t+1) is JavaScript's `**`, which can differ from C's `pow` in the last bit.)
 *
 * Each step is computed out of place into spare buffers and committed by swapping them in
 * only when every new weight and moment is finite, so a step that blows up leaves the last
 * good weights and state untouched. The state is plain arrays, to save and to resume.
 */

export type OptimizerConfig =
  | { type: 'sgd'; learningRate?: number; decay?: number; momentum?: number }
  | {
      type: 'adam';
      learningRate?: number;
      decay?: number;
      epsilon?: number;
      beta1?: number;
      beta2?: number;
    };

/** The settings with nnfs's defaults filled in. */
export type OptimizerSettings =
  | { type: 'sgd'; learningRate: number; decay: number; momentum: number }
  | {
      type: 'adam';
      learningRate: number;
      decay: number;
      epsilon: number;
      beta1: number;
      beta2: number;
    };

/** One trainable array and its gradient; the optimizer replaces `value` on each commit. */
export interface Parameter {
  value: Float64Array;
  readonly grad: Float64Array;
}

/** A Dense layer's parameters. */
export interface LayerParameters {
  readonly weights: Parameter;
  readonly biases: Parameter;
}

/** nnfs's per-layer optimizer arrays: `weight_momentums`, `weight_cache`, and the biases'. */
export interface MomentState {
  momentums?: number[];
  cache?: number[];
}

export interface OptimizerState {
  type: 'sgd' | 'adam';
  /** Updates done so far (nnfs's `iterations`). */
  iterations: number;
  layers: { weights: MomentState; biases: MomentState }[];
}

export type UpdateOutcome =
  | { ok: true }
  | {
      ok: false;
      /** The Dense layer, counted from 0 among Dense layers. */
      layer: number;
      parameter: 'weights' | 'biases';
      /** Which array went bad: the parameter itself or one of the optimizer's moments. */
      array: 'value' | 'momentums' | 'cache';
      index: number;
      value: number;
    };

type UpdateArray = 'value' | 'momentums' | 'cache';

export function optimizerSettings(config: OptimizerConfig): OptimizerSettings {
  const check = (name: string, value: number, ok: boolean, expected: string) => {
    if (!Number.isFinite(value) || !ok) {
      throw new Error(`${config.type}: ${name} must be ${expected}, found ${value}`);
    }
    return value;
  };
  const lr = config.learningRate ?? (config.type === 'sgd' ? 1 : 0.001);
  check('learningRate', lr, lr > 0, 'a number > 0');
  const decay = config.decay ?? 0;
  check('decay', decay, decay >= 0, 'a number ≥ 0');
  switch (config.type) {
    case 'sgd': {
      const momentum = config.momentum ?? 0;
      check('momentum', momentum, momentum >= 0 && momentum < 1, 'in [0, 1)');
      return { type: 'sgd', learningRate: lr, decay, momentum };
    }
    case 'adam': {
      const { epsilon = 1e-7, beta1 = 0.9, beta2 = 0.999 } = config;
      check('epsilon', epsilon, epsilon > 0, 'a number > 0');
      check('beta1', beta1, beta1 >= 0 && beta1 < 1, 'in [0, 1)');
      check('beta2', beta2, beta2 >= 0 && beta2 < 1, 'in [0, 1)');
      return { type: 'adam', learningRate: lr, decay, epsilon, beta1, beta2 };
    }
    default:
      throw new Error(`unknown optimizer ${(config satisfies never as { type: string }).type}`);
  }
}

/** A parameter's moments and the spare buffers the next step is written into. */
interface Slot {
  param: Parameter;
  next: Float64Array;
  momentums: Float64Array;
  nextMomentums: Float64Array;
  cache: Float64Array;
  nextCache: Float64Array;
}

const EMPTY = new Float64Array(0);

export class Optimizer {
  readonly settings: OptimizerSettings;
  private iterationCount = 0;
  private readonly slots: Slot[] = [];

  constructor(config: OptimizerConfig, layers: readonly LayerParameters[], state?: OptimizerState) {
    this.settings = optimizerSettings(config);
    const momentums = this.settings.type === 'adam' || this.settings.momentum > 0;
    const cache = this.settings.type === 'adam';
    for (const layer of layers) {
      for (const param of [layer.weights, layer.biases]) {
        const n = param.value.length;
        this.slots.push({
          param,
          next: new Float64Array(n),
          momentums: momentums ? new Float64Array(n) : EMPTY,
          nextMomentums: momentums ? new Float64Array(n) : EMPTY,
          cache: cache ? new Float64Array(n) : EMPTY,
          nextCache: cache ? new Float64Array(n) : EMPTY,
        });
      }
    }
    if (state) this.restore(state, layers.length);
  }

  /** Updates done so far. */
  get iterations(): number {
    return this.iterationCount;
  }

  /** nnfs's `pre_update_params`: the learning rate the next step uses. */
  currentLearningRate(): number {
    const { learningRate, decay } = this.settings;
    return decay ? learningRate * (1 / (1 + decay * this.iterationCount)) : learningRate;
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
      if (s.type === 'adam') {
        const { beta1, beta2, epsilon } = s;
        const c1 = 1 - beta1 ** (this.iterationCount + 1);
        const c2 = 1 - beta2 ** (this.iterationCount + 1);
        for (let i = 0; i < n; i++) {
          const gi = g[i]!;
          const mi = beta1 * m[i]! + (1 - beta1) * gi;
          const vi = beta2 * v[i]! + (1 - beta2) * (gi * gi);
          const wi = w[i]! + (-lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
          nm[i] = mi;
          nv[i] = vi;
          next[i] = wi;
          check += mi * 0 + vi * 0 + wi * 0;
        }
      } else if (s.momentum > 0) {
        for (let i = 0; i < n; i++) {
          const u = s.momentum * m[i]! - lr * g[i]!;
          const wi = w[i]! + u;
          nm[i] = u;
          next[i] = wi;
          check += wi * 0 + u * 0;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const wi = w[i]! + -lr * g[i]!;
          next[i] = wi;
          check += wi * 0;
        }
      }
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

  /** The state as plain arrays, to save or to resume with (`new Optimizer(config, layers, state)`). */
  state(): OptimizerState {
    const moments = (slot: Slot): MomentState => ({
      ...(slot.momentums !== EMPTY ? { momentums: Array.from(slot.momentums) } : {}),
      ...(slot.cache !== EMPTY ? { cache: Array.from(slot.cache) } : {}),
    });
    const layers: OptimizerState['layers'] = [];
    for (let i = 0; i < this.slots.length; i += 2) {
      layers.push({ weights: moments(this.slots[i]!), biases: moments(this.slots[i + 1]!) });
    }
    return { type: this.settings.type, iterations: this.iterationCount, layers };
  }

  private restore(state: OptimizerState, layerCount: number): void {
    if (state.type !== this.settings.type) {
      throw new Error(`the saved optimizer state is ${state.type}'s, not ${this.settings.type}'s`);
    }
    if (!Number.isInteger(state.iterations) || state.iterations < 0) {
      throw new Error(`the saved optimizer state has ${state.iterations} iterations`);
    }
    if (state.layers.length !== layerCount) {
      throw new Error(
        `the saved optimizer state has ${state.layers.length} layers, the network ${layerCount}`,
      );
    }
    this.iterationCount = state.iterations;
    this.slots.forEach((slot, i) => {
      const layer = state.layers[i >> 1]!;
      const name = i % 2 === 0 ? 'weights' : 'biases';
      const saved = layer[name];
      const load = (target: Float64Array, values: number[] | undefined, what: string) => {
        if (target === EMPTY) return;
        const where = `layer ${i >> 1} ${name} ${what}`;
        if (!values || values.length !== target.length) {
          throw new Error(
            `the saved optimizer state needs ${target.length} ${where}, found ${values?.length ?? 0}`,
          );
        }
        values.forEach((v, j) => {
          if (!Number.isFinite(v))
            throw new Error(`the saved optimizer state's ${where}[${j}] is ${v}`);
          target[j] = v;
        });
      };
      load(slot.momentums, saved.momentums, 'momentums');
      load(slot.cache, saved.cache, 'cache');
    });
  }

  /** The first non-finite new value, a weight before a moment. */
  private findTrouble(): UpdateOutcome {
    const arrays = { next: 'value', nextMomentums: 'momentums', nextCache: 'cache' } as const;
    for (const [key, array] of Object.entries(arrays) as [keyof typeof arrays, UpdateArray][]) {
      for (let s = 0; s < this.slots.length; s++) {
        const values = this.slots[s]![key];
        const bad = values.findIndex((v) => !Number.isFinite(v));
        if (bad >= 0) {
          return {
            ok: false,
            layer: s >> 1,
            parameter: s % 2 === 0 ? 'weights' : 'biases',
            array,
            index: bad,
            value: values[bad]!,
          };
        }
      }
    }
    throw new Error('an optimizer step found a non-finite value it then could not find');
  }
}
