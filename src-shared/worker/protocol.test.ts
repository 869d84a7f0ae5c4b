import { describe, expect, it } from 'vitest';
import { copiedForTransfer } from './protocol.ts';

describe('copiedForTransfer', () => {
  it('sends copies of typed arrays, leaving the caller its own and moving only what it lists', async () => {
    const x = new Float64Array([1, 2, 3, 4]);
    const y = new Int32Array([0, 1]);
    const moved = new Float32Array([5, 6]);
    const when = new Date(0);
    const args = { data: { x: { data: x, shape: [2, 2] }, y }, list: [moved], when };
    const sent = copiedForTransfer(args, [moved.buffer]);
    expect(sent.transfer).toHaveLength(3);
    expect(sent.transfer).toContain(moved.buffer);
    expect(sent.transfer).not.toContain(x.buffer);

    const { port1, port2 } = new MessageChannel();
    const received = new Promise<typeof args>((resolve) => {
      port2.onmessage = (event: MessageEvent<typeof args>) => resolve(event.data);
    });
    port1.postMessage(sent.args, sent.transfer);
    const got = await received;
    port1.close();
    port2.close();

    expect(Array.from(got.data.x.data)).toEqual([1, 2, 3, 4]);
    expect(got.data.x.shape).toEqual([2, 2]);
    expect(Array.from(got.data.y)).toEqual([0, 1]);
    expect(Array.from(got.list[0]!)).toEqual([5, 6]);
    expect(got.when.getTime()).toBe(0);
    // The caller's arrays are intact (not detached); the listed one moved.
    expect(Array.from(x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(y)).toEqual([0, 1]);
    expect(moved.length).toBe(0);
    expect(args.data.x.data).toBe(x);
  });
});
