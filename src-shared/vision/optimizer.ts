/**
 * Optimizers that update a network's parameter arrays in place from its gradient arrays, and
 * the one-cycle learning-rate schedule. Updates follow PyTorch's formulas so its settings carry
 * over. Weight decay skips the parameters marked `decay: false` (biases, BatchNorm gamma/beta).
 */

/** What an optimizer updates: `TrainableNet` is one. */
export interface ParamSet {
  readonly params: readonly Float32Array[];
  readonly grads: readonly Float32Array[];
  /** decay[i]: whether weight decay applies to params[i]; all when absent. */
  readonly decay?: readonly boolean[];
}

export interface Optimizer {
  /** One update with learning rate `lr`, from the gradients as they are now. */
  step(lr: number): void;
}

export interface SgdOptions {
  /** Default 0.9. */
  readonly momentum?: number;
  /** Nesterov momentum: step along g + μ·v instead of v. */
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
  /** true: p ← p − lr·wd·p apart from the gradient (Loshchilov & Hutter); false: g ← g + wd·p (L2). */
  readonly decoupled?: boolean;
}

/** v ← μ·v + g; p ← p − lr·v (or − lr·(g + μ·v) with Nesterov), PyTorch's SGD. */
export class Sgd implements Optimizer {
  private readonly velocity: Float32Array[];
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;
  private readonly decoupled: boolean;

  constructor(
    private readonly set: ParamSet,
    { momentum = 0.9, nesterov = false, weightDecay = 0, decoupled = false }: SgdOptions = {},
  ) {
    this.velocity = set.params.map((p) => new Float32Array(p.length));
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  step(lr: number): void {
    const { params, grads, decay } = this.set;
    const mu = this.momentum;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const g = grads[i]!;
      const v = this.velocity[i]!;
      const wd = decay?.[i] === false ? 0 : this.weightDecay;
      const l2 = this.decoupled ? 0 : wd;
      const shrink = this.decoupled ? 1 - lr * wd : 1;
      for (let j = 0; j < p.length; j++) {
        const grad = g[j]! + l2 * p[j]!;
        const vel = mu * v[j]! + grad;
        v[j] = vel;
        p[j] = shrink * p[j]! - lr * (this.nesterov ? grad + mu * vel : vel);
      }
    }
  }
}

export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  readonly weightDecay?: number;
  /** true (default): AdamW's decoupled decay; false: L2 added to the gradient. */
  readonly decoupled?: boolean;
}

/** Adam with bias correction (Kingma & Ba, 2015); AdamW when the decay is decoupled. */
export class Adam implements Optimizer {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;
  private readonly decoupled: boolean;

  constructor(
    private readonly set: ParamSet,
    {
      beta1 = 0.9,
      beta2 = 0.999,
      epsilon = 1e-8,
      weightDecay = 0,
      decoupled = true,
    }: AdamOptions = {},
  ) {
    this.m = set.params.map((p) => new Float32Array(p.length));
    this.v = set.params.map((p) => new Float32Array(p.length));
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
  }

  step(lr: number): void {
    const { params, grads, decay } = this.set;
    const { beta1, beta2, epsilon } = this;
    this.t++;
    const correct1 = 1 - beta1 ** this.t;
    const correct2 = 1 - beta2 ** this.t;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      const g = grads[i]!;
      const m = this.m[i]!;
      const v = this.v[i]!;
      const wd = decay?.[i] === false ? 0 : this.weightDecay;
      const l2 = this.decoupled ? 0 : wd;
      const shrink = this.decoupled ? 1 - lr * wd : 1;
      for (let j = 0; j < p.length; j++) {
        const grad = g[j]! + l2 * p[j]!;
        const mj = beta1 * m[j]! + (1 - beta1) * grad;
        const vj = beta2 * v[j]! + (1 - beta2) * grad * grad;
        m[j] = mj;
        v[j] = vj;
        p[j] = shrink * p[j]! - (lr * (mj / correct1)) / (Math.sqrt(vj / correct2) + epsilon);
      }
    }
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
