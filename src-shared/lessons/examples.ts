/** Larger example networks beyond the notebook's cells. */
import { notebookNetwork } from '../net/init.ts';
import { tensor } from '../tensor/tensor.ts';
import { initNetwork } from '../train/init.ts';
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
    id: 'spiral-2-64-3',
    title: 'Train: spiral, 2-64-3',
    caption:
      'Three spiral arms, 100 points each (the book’s spiral_data). Press Train in the Train tab and watch the regions form.',
    // nnfs's chapter 10: 0.01·randn weights, Adam(0.05, decay 5e-7), one full batch per epoch.
    network: initNetwork({ seed: 0, sizes: [2, 64, 3], activations: ['relu', 'softmax'] }),
    inputs: tensor([0, 0, 0.5, 0.5, -0.5, 0.25], [3, 2]),
    training: {
      dataset: 'spiral:3x100',
      settings: { optimizer: 'adam', learningRate: 0.05, decay: 5e-7, batchSize: 0, epochs: 10000 },
    },
  },
  {
    id: 'image-784-128-10',
    title: 'A 28×28 image: 784-128-10',
    caption:
      'A 28×28 image is 784 input nodes. Large layers are drawn compact: heatmaps of the values and of the weights.',
    network: notebookNetwork({ seed: 0, sizes: [784, 128, 10], activations: ['relu', 'softmax'] }),
    inputs: tensor(ringImage(), [1, 784]),
  },
];
