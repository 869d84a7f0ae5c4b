/**
 * NumPy's legacy `np.random.RandomState`: the same seed gives the same numbers, bit for bit.
 * `randn` uses the polar Box–Muller method and keeps the second value of each pair for the
 * next call, exactly as NumPy's `legacy_gauss` does.
 */
import { MT19937 } from './mt19937.ts';
import type { Shape, Tensor } from '../tensor/tensor.ts';
import { sizeOf } from '../tensor/tensor.ts';
import { log } from './log.ts';

export type Seed = number | readonly number[];

export class RandomState {
  private readonly mt = new MT19937(0);
  private gauss: number | null = null;

  constructor(seed: Seed = 0) {
    this.seed(seed);
  }

  /** `np.random.seed(seed)`: an integer in [0, 2^32 - 1] or a list of them. */
  seed(seed: Seed): void {
    if (typeof seed === 'number') {
      checkSeedWord(seed, 'seed');
      this.mt.seed(seed);
    } else {
      if (seed.length === 0) throw new RangeError('Seed must be non-empty');
      seed.forEach((word, i) => checkSeedWord(word, `seed[${i}]`));
      this.mt.seedByArray(seed);
    }
    this.gauss = null;
  }

  /** `random_sample()`: a double in [0, 1) from 53 random bits. */
  randomSample(): number {
    const a = this.mt.nextUint32() >>> 5;
    const b = this.mt.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** One standard normal draw (NumPy's `legacy_gauss`). */
  gaussian(): number {
    if (this.gauss !== null) {
      const cached = this.gauss;
      this.gauss = null;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * log(r2)) / r2);
    this.gauss = f * x1;
    return f * x2;
  }

  /** `randn(*shape)` as a float64 tensor, filled in row-major order. */
  randn(...shape: number[]): Tensor {
    return this.fill(shape, () => this.gaussian());
  }

  /** `random_sample(shape)`. */
  random(...shape: number[]): Tensor {
    return this.fill(shape, () => this.randomSample());
  }

  private fill(shape: Shape, draw: () => number): Tensor {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0)
        throw new RangeError(`negative or fractional dimension ${d}`);
    }
    const data = new Float64Array(sizeOf(shape));
    for (let i = 0; i < data.length; i++) data[i] = draw();
    return { shape: [...shape], dtype: 'float64', data };
  }
}

function checkSeedWord(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`${name}: Seed must be between 0 and 2**32 - 1, found ${value}`);
  }
}
