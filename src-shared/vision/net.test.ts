import { describe, expect, it } from 'vitest';
import { referenceKernels } from '../kernels/reference.ts';
import { RandomState } from '../rng/random-state.ts';
import { freshBatchNorm, heConv, heDense, smallCnn } from './init.ts';
import { countCorrect, softmaxCrossEntropy } from './loss.ts';
import { TrainableNet, type VisionLayer } from './net.ts';
import { Sgd } from './optimizer.ts';
import { maxRelativeError, numericGradient } from './test-support.ts';

function tinyNet(seed: number): VisionLayer[] {
  const rng = new RandomState(seed);
  return [
    {
      type: 'image-input',
      height: 6,
      width: 5,
      channels: 3,
      mean: [0.5, 0.4, 0.45],
      std: [0.3, 0.2, 0.25],
    },
    heConv(rng, { inChannels: 3, outChannels: 3 }),
    freshBatchNorm(3),
    { type: 'relu' },
    { type: 'maxpool2d', size: 2, stride: 2 },
    { ...heConv(rng, { inChannels: 3, outChannels: 4 }), stride: 2 },
    { type: 'globalavgpool' },
    { type: 'dropout', rate: 0.3 },
    heDense(rng, 4, 3),
    { type: 'softmax' },
  ];
}

function pixels(length: number, seed: number): Float32Array {
  const rng = new RandomState(seed);
  return Float32Array.from({ length }, () => rng.randint(0, 256));
}

describe('TrainableNet', () => {
  it('lists its parameters with names, decay flags and a count', () => {
    const net = new TrainableNet(tinyNet(1), referenceKernels);
    expect(net.names).toEqual([
      'layers[1].weights',
      'layers[1].biases',
      'layers[2].gamma',
      'layers[2].beta',
      'layers[5].weights',
      'layers[5].biases',
      'layers[8].weights',
      'layers[8].biases',
    ]);
    expect(net.decay).toEqual([true, false, false, false, true, false, true, false]);
    expect(net.parameterCount).toBe(81 + 3 + 6 + 108 + 4 + 12 + 3);
    expect(net.outputSize).toBe(3);
    expect(net.endsWithSoftmax).toBe(true);
  });

  it('every parameter gradient of the whole network matches central differences', () => {
    const net = new TrainableNet(tinyNet(2), referenceKernels);
    const batch = 3;
    const x = pixels(batch * 90, 3);
    const labels = [0, 2, 1];
    const loss = () => {
      const logits = net.forward(x, batch, true, new RandomState(5));
      return softmaxCrossEntropy(logits, labels, null, { batch, classes: 3, smoothing: 0.1 });
    };
    const logits = net.forward(x, batch, true, new RandomState(5));
    const d = new Float32Array(batch * 3);
    softmaxCrossEntropy(logits, labels, d, { batch, classes: 3, smoothing: 0.1 });
    net.backward(d);
    const analytic = net.grads.map((g) => Float64Array.from(g));
    net.params.forEach((p, i) => {
      const error = maxRelativeError(analytic[i]!, numericGradient(p, loss, 1e-3), 1e-2);
      expect(error, net.names[i]).toBeLessThan(5e-3);
    });
  });

  it('saves its weights and running statistics and rebuilds to the same outputs', () => {
    const net = new TrainableNet(tinyNet(3), referenceKernels);
    const x = pixels(2 * 90, 4);
    net.forward(x, 2, true, new RandomState(1));
    const again = new TrainableNet(net.toLayers(), referenceKernels);
    expect(Array.from(again.forward(x, 2, false))).toEqual(Array.from(net.forward(x, 2, false)));
    expect(net.toLayers().map((l) => l.type)).toEqual(tinyNet(3).map((l) => l.type));
  });

  it('reuses its buffers for batches of the same size', () => {
    const net = new TrainableNet(tinyNet(4), referenceKernels);
    const a = net.forward(pixels(180, 1), 2, false);
    const b = net.forward(pixels(180, 2), 2, false);
    expect(b).toBe(a);
    expect(net.forward(pixels(90, 3), 1, false).length).toBe(3);
  });

  it('explains layers that do not fit', () => {
    const [input, conv] = tinyNet(5);
    expect(() => new TrainableNet([input!, { type: 'flatten' }, conv!])).toThrow(
      /layers\[2\] \(conv2d\): conv2d expects a picture .* found 90 features — add Flatten after it, not before/,
    );
    expect(() => new TrainableNet([input!, heDense(new RandomState(0), 90, 2)])).toThrow(
      /takes 90 features, found a 6×5×3 picture — add Flatten or GlobalAvgPool before it/,
    );
    expect(() => new TrainableNet([input!, { type: 'softmax' }, { type: 'flatten' }])).toThrow(
      /softmax may only be the last layer/,
    );
    expect(() => new TrainableNet([{ type: 'flatten' }])).toThrow(/starts with an image input/);
    expect(() => new TrainableNet([input!, { type: 'relu' }])).toThrow(/ends with a 6×5×3 picture/);
    const net = new TrainableNet(tinyNet(6));
    expect(() => net.forward(new Float32Array(10), 1, false)).toThrow(
      /1 pictures of 6×5×3 are 90 values, found 10/,
    );
  });
});

/** Bright versus dark 8×8 grey pictures with pixel noise: class 1 is bright. */
function brightOrDark(count: number, rng: RandomState): { x: Float32Array; labels: Int32Array } {
  const x = new Float32Array(count * 64);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    const base = labels[i] === 1 ? 170 : 60;
    for (let p = 0; p < 64; p++) x[i * 64 + p] = base + rng.randint(-50, 51);
  }
  return { x, labels };
}

function train(seed: number): { losses: number[]; accuracy: number } {
  const layers = smallCnn({
    size: 8,
    channels: 1,
    classes: 2,
    seed,
    widths: [4, 8],
    convsPerStage: [1, 1],
  });
  const net = new TrainableNet(layers, referenceKernels);
  const rng = new RandomState(seed);
  const data = brightOrDark(64, rng);
  const optimizer = new Sgd(net, { momentum: 0.9, weightDecay: 1e-4 });
  const batch = 16;
  const d = new Float32Array(batch * 2);
  const losses: number[] = [];
  for (let step = 0; step < 50; step++) {
    const start = (step * batch) % 64;
    const x = data.x.subarray(start * 64, (start + batch) * 64);
    const y = data.labels.subarray(start, start + batch);
    const logits = net.forward(x, batch, true, rng);
    losses.push(softmaxCrossEntropy(logits, y, d, { batch, classes: 2 }));
    net.backward(d);
    optimizer.step(0.05);
  }
  const test = brightOrDark(64, new RandomState(seed + 1));
  const logits = net.forward(test.x, 64, false);
  return { losses, accuracy: countCorrect(logits, test.labels, 64, 2) / 64 };
}

describe('training', () => {
  it('learns bright versus dark pictures perfectly in 50 steps', () => {
    const { losses, accuracy } = train(11);
    expect(accuracy).toBe(1);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]! / 4);
  });

  it('is repeatable: the same seed gives the same losses', () => {
    expect(train(12).losses).toEqual(train(12).losses);
  });
});
