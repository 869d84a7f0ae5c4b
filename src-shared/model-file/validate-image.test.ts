import { describe, expect, it } from 'vitest';
import { runnableNetwork } from '../document/model-io.ts';
import { ModelFileError, parseModelFile } from './index.ts';

type Doc = Record<string, unknown> & { layers: Record<string, unknown>[] };

const filled = (shape: number[], value: number): unknown =>
  shape.length === 0
    ? value
    : Array.from({ length: shape[0]! }, () => filled(shape.slice(1), value));

/** image-input 4×4×1 → conv2d 3×3×1×2 → batchnorm → relu → maxpool2d → dropout → flatten → dense 8×2 → softmax. */
function cnnDoc(): Doc {
  return {
    format: 'weightcraft-model',
    version: 3,
    layers: [
      { type: 'image-input', height: 4, width: 4, channels: 1, mean: [0.5], std: [0.25] },
      {
        type: 'conv2d',
        weights: filled([3, 3, 1, 2], 0.1),
        biases: [0, 0.1],
        stride: 1,
        padding: 1,
      },
      {
        type: 'batchnorm',
        gamma: [1, 1],
        beta: [0, 0],
        runningMean: [0, 0],
        runningVar: [1, 1],
        epsilon: 0.001,
        momentum: 0.1,
      },
      { type: 'relu' },
      { type: 'maxpool2d', size: 2, stride: 2 },
      { type: 'dropout', rate: 0.25 },
      { type: 'flatten' },
      { type: 'dense', weights: filled([8, 2], 0.5), biases: [0, 0] },
      { type: 'softmax' },
    ],
  };
}

function withDoc(change: (doc: Doc) => void): Doc {
  const doc = cnnDoc();
  change(doc);
  return doc;
}

function refusal(input: string | object): ModelFileError {
  try {
    parseModelFile(typeof input === 'string' ? input : JSON.stringify(input));
  } catch (error) {
    if (error instanceof ModelFileError) return error;
    throw error;
  }
  throw new Error('the file was accepted');
}

describe('image layers in model files', () => {
  it('accepts the CNN, with float32 tensors', () => {
    const model = parseModelFile(JSON.stringify(cnnDoc()));
    expect(runnableNetwork(model).layers.map((layer) => layer.type)).toEqual(
      cnnDoc().layers.map((layer) => layer.type),
    );
    const conv = runnableNetwork(model).layers[1]!;
    expect(conv.type === 'conv2d' && conv.weights.shape).toEqual([3, 3, 1, 2]);
    expect(conv.type === 'conv2d' && conv.weights.dtype).toBe('float32');
  });

  it.each([
    [
      'a kernel with the wrong number of out channels',
      withDoc((d) => (d.layers[1]!.weights = filled([3, 3, 1, 3], 0.1))),
      'layers[1].weights',
      'expected a 3×3×1×2 array (kernel height × kernel width × in channels × out channels), found 3×3×1×3 — or should biases have 3 numbers?',
    ],
    [
      'a kernel that is not 4-D',
      withDoc((d) => (d.layers[1]!.weights = filled([3, 3, 2], 0.1))),
      'layers[1].weights',
      'expected a 4-D array (kernel height × kernel width × in channels × out channels), found 3×3×2',
    ],
    [
      'a ragged kernel',
      withDoc((d) => ((d.layers[1]!.weights as number[][][][])[2]![1]![0] = [0.1])),
      'layers[1].weights[2][1][0]',
      'expected 2 items like the first at this level, found 1 (ragged)',
    ],
    [
      'a stride of 0',
      withDoc((d) => (d.layers[1]!.stride = 0)),
      'layers[1].stride',
      'expected a whole number of pixels per step from 1 to 4096, found number 0',
    ],
    [
      'a fractional stride',
      withDoc((d) => (d.layers[4]!.stride = 1.5)),
      'layers[4].stride',
      'expected a whole number of pixels per step from 1 to 4096, found number 1.5',
    ],
    [
      'padding as large as the kernel',
      withDoc((d) => (d.layers[1]!.padding = 3)),
      'layers[1].padding',
      'expected a whole number from 0 to 2 (less than the 3×3 kernel), found number 3',
    ],
    [
      'negative padding',
      withDoc((d) => (d.layers[1]!.padding = -1)),
      'layers[1].padding',
      'expected a whole number from 0 to 2 (less than the 3×3 kernel), found number -1',
    ],
    [
      'a dropout rate of 1',
      withDoc((d) => (d.layers[5]!.rate = 1)),
      'layers[5].rate',
      'expected a number from 0 up to but not including 1, found number 1',
    ],
    [
      'a std of 0',
      withDoc((d) => (d.layers[0]!.std = [0])),
      'layers[0].std[0]',
      'expected a number above 0, found 0',
    ],
    [
      'a mean per channel of the wrong length',
      withDoc((d) => (d.layers[0]!.mean = [0.5, 0.5, 0.5])),
      'layers[0].mean',
      'expected a list of 1 numbers, one per channel, found 3',
    ],
    [
      '2 channels',
      withDoc((d) => (d.layers[0]!.channels = 2)),
      'layers[0].channels',
      'expected 1 (grey) or 3 (RGB), found number 2',
    ],
    [
      'a height of 0',
      withDoc((d) => (d.layers[0]!.height = 0)),
      'layers[0].height',
      'expected a whole number of pixels from 1 to 4096, found number 0',
    ],
    [
      'a batchnorm list shorter than gamma',
      withDoc((d) => (d.layers[2]!.runningMean = [0])),
      'layers[2].runningMean',
      'expected a list of 2 numbers like gamma, one per channel, found 1',
    ],
    [
      'a negative running variance',
      withDoc((d) => (d.layers[2]!.runningVar = [1, -0.5])),
      'layers[2].runningVar[1]',
      'expected a variance of 0 or more, found -0.5',
    ],
    [
      'an epsilon of 0',
      withDoc((d) => (d.layers[2]!.epsilon = 0)),
      'layers[2].epsilon',
      'expected a number above 0 (such as 0.001), found number 0',
    ],
    [
      'a momentum of 0',
      withDoc((d) => (d.layers[2]!.momentum = 0)),
      'layers[2].momentum',
      'expected a number above 0 and at most 1 (such as 0.1), found number 0',
    ],
    [
      'a momentum above 1',
      withDoc((d) => (d.layers[2]!.momentum = 1.5)),
      'layers[2].momentum',
      'expected a number above 0 and at most 1 (such as 0.1), found number 1.5',
    ],
    [
      'a weight too large for float32',
      withDoc((d) => ((d.layers[1]!.weights as number[][][][])[0]![0]![0]![1] = 1e39)),
      'layers[1].weights[0][0][0][1]',
      'expected a float32 number (at most 3.4028235e+38 in size), found 1e+39',
    ],
    [
      'a key of another layer type',
      withDoc((d) => (d.layers[4]!.padding = 0)),
      'layers[4].padding',
      'unknown key "padding", allowed keys are type, id, position, size, stride',
    ],
    [
      'an image input wired after the first layer',
      withDoc((d) => d.layers.splice(1, 0, d.layers[0]!)),
      'wires[0].to',
      '"n2" is an input layer (image-input), which takes no wires in',
    ],
    [
      'examples in an image model',
      withDoc((d) => (d.examples = [{ name: 'x', inputs: [[1]] }])),
      'examples',
      "expected an empty list (an image model's inputs are pictures from a data set), found a list of 1",
    ],
  ])('refuses %s', (_, doc, path, detail) => {
    const error = refusal(doc);
    expect(error.message).toBe(`${path}: ${detail}`);
    expect(error.path).toBe(path);
  });

  // Shapes that do not fit are a red wire, work in progress: the file opens as drawn, and the
  // network says why it cannot run when it is run, naming both shapes.
  it.each([
    [
      'in channels that differ from the layer before',
      withDoc((d) => (d.layers[1]!.weights = filled([3, 3, 3, 2], 0.1))),
      'the network cannot run: the wire into Conv2D n2 does not fit: Conv2D cannot take what Image input gives, (batch, 4, 4, 1): conv2d takes 3 channels, found 1 (a 4×4×1 picture) — set its input channels to 1',
    ],
    [
      'a Dense layer after a conv without Flatten',
      withDoc((d) =>
        d.layers.splice(2, 7, { type: 'dense', weights: filled([2, 2], 1), biases: [0, 0] }),
      ),
      'the network cannot run: the wire into Dense n3 does not fit: dense needs (batch, features); Conv2D gives (batch, 4, 4, 2) — add Flatten or global average pooling',
    ],
    [
      'Dense weights that do not fit the flattened size',
      withDoc((d) => (d.layers[7]!.weights = filled([16, 2], 0.5))),
      'the network cannot run: the wire into Dense n8 does not fit: Dense expects 16 inputs per sample (W (16, 2)), but Flatten gives 8: shapes (1,8) and (16,2) not aligned: 8 (dim 1) != 16 (dim 0) — W needs shape (8, 2): one row per input',
    ],
    [
      'a conv after Flatten',
      withDoc((d) => d.layers.splice(7, 0, d.layers[1]!)),
      'the network cannot run: the wire into Conv2D n8 does not fit: Conv2D cannot take what Flatten gives, (batch, 8): conv2d expects a picture (height, width, channels), found 8 features — add Flatten after it, not before',
    ],
    [
      'softmax on pictures',
      withDoc((d) => d.layers.splice(2, 0, { type: 'softmax' })),
      'the network cannot run: the wire into Softmax n3 does not fit: Softmax cannot take what Conv2D gives, (batch, 4, 4, 2): softmax needs (batch, features), found (batch, 4, 4, 2) — add Flatten or global average pooling',
    ],
    [
      'a pooling window larger than the picture',
      withDoc((d) => (d.layers[4]!.size = 5)),
      'the network cannot run: the wire into MaxPool2D n5 does not fit: MaxPool2D cannot take what ReLU gives, (batch, 4, 4, 2): maxpool2d: a 5×5 window does not fit 4×4',
    ],
    [
      'batchnorm arrays of another length than the channels',
      withDoc((d) => {
        for (const key of ['gamma', 'beta', 'runningMean', 'runningVar'])
          d.layers[2]![key] = [1, 1, 1];
      }),
      'the network cannot run: the wire into BatchNorm n3 does not fit: BatchNorm cannot take what Conv2D gives, (batch, 4, 4, 2): batchnorm normalises 3 channels, found a 4×4×2 picture',
    ],
  ])('opens %s, and running it says why not', (_, doc, message) => {
    const model = parseModelFile(JSON.stringify(doc));
    expect(model.nodes).toHaveLength(doc.layers.length);
    expect(() => runnableNetwork(model)).toThrow(message);
  });

  it('refuses NaN in a conv weight with its path, line and column', () => {
    const text = JSON.stringify(cnnDoc(), null, 2).replace('0.1', 'NaN');
    const error = refusal(text);
    expect(error.path).toBe('layers[1].weights[0][0][0][0]');
    expect(error.message).toMatch(
      /^layers\[1\]\.weights\[0\]\[0\]\[0\]\[0\]: expected a finite number, found NaN at line \d+, column \d+ — non-finite numbers are not allowed$/,
    );
  });
});
