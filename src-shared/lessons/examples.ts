/** Larger example networks beyond the notebook's cells. */
import { notebookNetwork } from '../net/init.ts';
import { digitsData } from '../data/generated.ts';
import { tensor } from '../tensor/tensor.ts';
import { initNetwork } from '../train/init.ts';
import type { Lesson } from './notebook.ts';

/** The lesson's data set: drawn digits, 50 of each (see data/digits.ts). */
const DIGITS = 'digits:10x50';

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
      'A 28×28 image is 784 input nodes. Large layers are drawn compact: heatmaps of the values and of the weights. The Train tab has 500 drawn digits to learn from.',
    network: notebookNetwork({ seed: 0, sizes: [784, 128, 10], activations: ['relu', 'softmax'] }),
    // The first drawn 0 of the data set: what the untrained network sees first.
    inputs: tensor(digitsData(1, 1).x.data, [1, 784]),
    training: {
      dataset: DIGITS,
      // Mini-batches of 50 and a fifth held out, so validation shows what generalises.
      settings: {
        optimizer: 'adam',
        learningRate: 0.002,
        schedule: 'constant',
        batchSize: 50,
        epochs: 20,
        validationSplit: 0.2,
        precision: 'float32',
      },
    },
  },
];
