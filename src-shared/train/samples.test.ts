import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../data/image-set.ts';
import { fromNested } from '../tensor/tensor.ts';
import { featureSamples, pictureSamples } from './samples.ts';

/** Four 1×2 grey pictures whose pixels name them (10·i, 10·i + 1), labels i % 2. */
const set: ImageSet = {
  height: 1,
  width: 2,
  channels: 1,
  classNames: ['a', 'b'],
  pixels: Uint8Array.of(0, 1, 10, 11, 20, 21, 30, 31),
  labels: Int32Array.of(0, 1, 0, 1),
  files: ['a/0.png', 'b/1.png', 'a/2.png', 'b/3.png'],
};

describe('Samples.gather', () => {
  it('packs each batch into the same buffers, so a step allocates nothing', () => {
    const samples = pictureSamples(set, Int32Array.of(3, 2, 1, 0));
    const first = samples.gather([0, 1]);
    expect([...first.inputs]).toEqual([30, 31, 20, 21]);
    expect([...first.labels]).toEqual([1, 0]);
    const second = samples.gather([3]);
    expect([...second.inputs]).toEqual([0, 1]);
    expect(second.inputs.buffer).toBe(first.inputs.buffer);
    expect(second.labels.buffer).toBe(first.labels.buffer);
  });

  it('packs into new buffers once a batch was transferred to a worker', () => {
    const samples = featureSamples(
      fromNested([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      Int32Array.of(0, 1, 2),
    );
    const sent = samples.gather([2, 0]);
    const received = structuredClone(sent.inputs, { transfer: [sent.inputs.buffer] });
    expect([...received]).toEqual([5, 6, 1, 2]);
    const next = samples.gather([1, 2]);
    expect([...next.inputs]).toEqual([3, 4, 5, 6]);
    expect([...next.labels]).toEqual([1, 2]);
    // What the worker received is untouched by the next batch.
    expect([...received]).toEqual([5, 6, 1, 2]);
  });
});
