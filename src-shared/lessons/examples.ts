/** Larger example networks beyond the notebook's cells. */
import { notebookNetwork } from '../nn/network.ts';
import { tensor } from '../tensor/tensor.ts';
import type { Lesson } from './notebook.ts';

/** A 28×28 picture of a ring (a hand-drawn zero, roughly), pixel values in [0, 1]. */
function ringImage(size = 28): number[] {
  const centre = (size - 1) / 2;
  return Array.from({ length: size * size }, (_, k) => {
    const r = Math.hypot((k % size) - centre, Math.floor(k / size) - centre);
    return Math.round(Math.exp(-((r - size * 0.3) ** 2) / 4) * 1000) / 1000;
  });
}

export const exampleLessons: readonly Lesson[] = [
  {
    id: 'image-784-128-10',
    title: 'A 28×28 image: 784-128-10',
    caption:
      'A 28×28 image is 784 input nodes. Large layers are drawn compact: heatmaps of the values and of the weights.',
    network: notebookNetwork({ seed: 0, sizes: [784, 128, 10], activations: ['relu', 'softmax'] }),
    inputs: tensor(ringImage(), [1, 784]),
  },
];
