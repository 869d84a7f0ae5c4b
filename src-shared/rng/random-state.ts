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

  /**
   * `randint(low, high)`: an integer in [low, high), or in [0, low) when `high` is left out.
   * NumPy's legacy int64 path: masked rejection sampling on 32-bit words when the range fits.
   * `randint(low, high, size)` in NumPy gives the same numbers as `size` calls of this.
   */
  randint(low: number, high?: number): number {
    const [lo, hi] = high === undefined ? [0, low] : [low, high];
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
      throw new RangeError(`randint takes whole numbers, found low=${lo}, high=${hi}`);
    }
    if (lo >= hi) throw new RangeError('low >= high');
    return lo + this.interval(hi - lo - 1);
  }

  /**
   * `uniform(low, high)`: low + (high - low) · random_sample(), NumPy's legacy formula.
   * `uniform(low, high, size)` in NumPy gives the same numbers as `size` calls of this.
   */
  uniform(low = 0, high = 1): number {
    const range = high - low;
    if (!Number.isFinite(range)) throw new RangeError('Range exceeds valid bounds');
    return low + range * this.randomSample();
  }

  /**
   * `shuffle(x)` in place along the first axis: Fisher–Yates from the last index down,
   * swapping i with `random_interval(i)` (NumPy's `_shuffle_raw`). NumPy draws the same
   * numbers whatever the row width, so shuffling row indices shuffles a matrix as NumPy does.
   */
  shuffle<T>(items: { length: number; [i: number]: T }): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
  }

  /** `permutation(n)`: `arange(n)` shuffled, the order NumPy gives for the same seed. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
      throw new RangeError(`permutation takes a whole number of items ≥ 0, found ${n}`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /** NumPy's `random_interval(max)`: a uniform integer in [0, max] by masked rejection. */
  private interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      // The smallest all-ones mask ≥ max; draws above max are thrown away.
      let mask = max >>> 0;
      mask |= mask >>> 1;
      mask |= mask >>> 2;
      mask |= mask >>> 4;
      mask |= mask >>> 8;
      mask |= mask >>> 16;
      let value: number;
      do value = (this.mt.nextUint32() & mask) >>> 0;
      while (value > max);
      return value;
    }
    // 64-bit words, high word first (NumPy's `next_uint64`), for max < 2^53.
    const highMax = Math.floor(max / 4294967296);
    let highMask = 1;
    while (highMask < highMax) highMask = highMask * 2 + 1;
    let value: number;
    do {
      const high = (this.mt.nextUint32() & highMask) >>> 0;
      value = high * 4294967296 + this.mt.nextUint32();
    } while (value > max);
    return value;
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
