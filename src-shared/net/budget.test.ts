import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { chain, MEASURED, picture } from '../../scripts/budget-measure.ts';
import { checkBudget, dataBytes, estimateCompute, formatBytes, parseByteSize } from './budget.ts';
import type { Network } from './network.ts';

const GiB = 2 ** 30;

/** Issue 13's 958-byte model: a 4096×4096 RGB picture, then a 1×1 convolution. */
const huge = (filters: number) =>
  chain(picture(4096, 4096, 3), ['conv2d', { filters, kernel: 1, stride: 1, padding: 0 }]);

const limit = (bytes: number) => ({ bytes, source: '--memory-limit' });

describe('the compute budget', () => {
  it('refuses the 1,024-channel picture model: its output is past what an array holds', () => {
    const network = huge(1024);
    const started = performance.now();
    const message = checkBudget(network, {
      batch: 1,
      mode: 'forward',
      nodeIds: ['n1', 'n2'],
      limit: limit(6 * GiB),
    });
    expect(message).toBe(
      'layers[1] (Conv2D, node "n2") needs 64 GiB for its output 4096×4096×1024 float32 at batch 1: 17,179,869,184 values, more than the 4,294,967,296 one array can hold — use smaller pictures, fewer channels or a smaller batch',
    );
    // From the shapes alone: nothing the size of a picture is made.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses the 16-channel model past a limit, naming the layer, its shape and the bytes', () => {
    const message = checkBudget(huge(16), { batch: 1, mode: 'forward', limit: limit(2 * GiB) });
    // Its output, 4096·4096·16 float32 = 1 GiB, kept and copied to be sent back; the kernels hold
    // the picture (192 MiB), the output (1 GiB) and the padded picture (192 MiB): 1.38 GiB.
    expect(message).toBe(
      'layers[1] (Conv2D) needs 3.38 GiB for its output 4096×4096×16 float32 at batch 1, with 1.38 GiB of kernel memory; the limit is 2 GiB (--memory-limit)',
    );
    const estimate = estimateCompute(huge(16), { batch: 1, mode: 'forward' });
    expect(estimate.peakBytes / GiB).toBeGreaterThan(3.5);
    expect(estimate.peakBytes / GiB).toBeLessThan(4.5);
    expect(checkBudget(huge(16), { batch: 1, mode: 'forward', limit: limit(8 * GiB) })).toBeNull();
  });

  it('names the layer that takes the total past the limit when its own part fits', () => {
    const network = chain(
      picture(256, 256, 3),
      ['conv2d', { filters: 32 }],
      ['relu'],
      ['conv2d', { filters: 32 }],
      ['relu'],
    );
    const estimate = estimateCompute(network, { batch: 8, mode: 'forward' });
    const third = estimate.layers[3]!;
    // A limit just under the total after layers[3]: layers[3] is the one named.
    const bytes = third.totalBytes - 1;
    expect(estimate.layers[2]!.totalBytes).toBeLessThan(bytes);
    expect(checkBudget(network, { batch: 8, mode: 'forward', limit: limit(bytes) })).toBe(
      `layers[3] (Conv2D) needs ${formatBytes(third.outputBytes + third.kernelBytes)} for its output 256×256×32 float32 at batch 8, with ${formatBytes(third.kernelBytes)} of kernel memory, which brings the forward pass to ${formatBytes(third.totalBytes)}; the limit is ${formatBytes(bytes)} (--memory-limit)`,
    );
  });

  it('counts a training step: gradients, the optimizer, the replicas, and the data set', () => {
    const network = chain(
      picture(64, 64, 3),
      ['conv2d', { filters: 16 }],
      ['relu'],
      ['maxpool2d'],
      ['flatten'],
      ['dense', { units: 10 }],
      ['softmax'],
    );
    const forwardPass = estimateCompute(network, { batch: 64, mode: 'forward' });
    const step = estimateCompute(network, { batch: 64, mode: 'train' });
    expect(step.peakBytes).toBeGreaterThan(forwardPass.peakBytes);
    expect(step.flops).toBe(3 * forwardPass.flops);
    // conv: 2 · 64·64 outputs · 16 channels · 3·3·3 weights per sample; dense: 2 · 16384 · 10.
    expect(forwardPass.layers[1]!.flops).toBe(64 * 2 * 64 * 64 * 16 * 27);
    expect(forwardPass.layers[5]!.flops).toBe(64 * 2 * 16384 * 10);
    const pictures = { kind: 'pictures', count: 50_000, shape: [64, 64, 3] } as const;
    expect(dataBytes(pictures)).toBe(50_000 * 64 * 64 * 3);
    expect(dataBytes({ kind: 'rows', count: 1000, features: 4 })).toBe(32_000);
    const message = checkBudget(network, {
      batch: 64,
      mode: 'train',
      data: pictures,
      limit: limit(512 * 2 ** 20),
    });
    expect(message).toBe(
      'the data set needs 586 MiB (50,000 pictures of 64×64×3 as bytes); the limit is 512 MiB (--memory-limit)',
    );
    const two = estimateCompute(network, { batch: 64, mode: 'train', replicas: 2 });
    expect(two.peakBytes).toBeGreaterThan(step.peakBytes);
  });

  it('gives the network ShapeError for shapes that disagree', () => {
    const network = huge(8);
    const bad: Network = { layers: [picture(8, 8, 1), network.layers[1]!] };
    expect(() => estimateCompute(bad, { batch: 1, mode: 'forward' })).toThrow(
      /conv2d takes 3 channels, found 1/,
    );
  });
});

describe('the estimate against what a pass holds', () => {
  const cases = Object.keys(MEASURED).flatMap((name) =>
    (['forward', 'train'] as const).map((mode) => [name, mode] as const),
  );
  const taken = new Map<string, number>();

  // Each measured in a fresh process, another test's buffers and kernels would blur the reading;
  // all at once, as each waits mostly for its start.
  beforeAll(async () => {
    const script = fileURLToPath(new URL('../../scripts/budget-measure.ts', import.meta.url));
    await Promise.all(
      cases.map(async ([name, mode]) => {
        const args = ['--expose-gc', '--import', 'tsx', script, name, mode];
        const { stdout } = await promisify(execFile)('node', args, { encoding: 'utf8' });
        taken.set(`${name} ${mode}`, Number(stdout));
      }),
    );
  }, 180_000);

  it.each(cases)('%s, %s: an upper bound within 1.5×', (name, mode) => {
    const { network, batch } = MEASURED[name]!;
    const held = taken.get(`${name} ${mode}`)!;
    const estimate = estimateCompute(network, { batch, mode }).peakBytes;
    expect(held).toBeGreaterThan(10 * 2 ** 20);
    expect(estimate).toBeGreaterThanOrEqual(held);
    expect(estimate).toBeLessThan(1.5 * held);
  });
});

describe('sizes', () => {
  it('reads the sizes people write, and nothing else', () => {
    expect(parseByteSize('2GB')).toBe(2e9);
    expect(parseByteSize('512MiB')).toBe(512 * 2 ** 20);
    expect(parseByteSize('6G')).toBe(6 * GiB);
    expect(parseByteSize('1.5 GiB')).toBe(1.5 * GiB);
    expect(parseByteSize('4096')).toBe(4096);
    for (const bad of ['', 'GB', '-1GB', '2 gallons', '0', '1e9', '0x10']) {
      expect(parseByteSize(bad)).toBeNull();
    }
  });

  it('prints bytes in binary units', () => {
    expect(formatBytes(64 * GiB)).toBe('64 GiB');
    expect(formatBytes(1.5 * GiB)).toBe('1.5 GiB');
    expect(formatBytes(2e9)).toBe('1.86 GiB');
    expect(formatBytes(12 * GiB - 2 ** 28)).toBe('11.8 GiB');
    expect(formatBytes(512 * 2 ** 20)).toBe('512 MiB');
    expect(formatBytes(100)).toBe('100 bytes');
  });
});
