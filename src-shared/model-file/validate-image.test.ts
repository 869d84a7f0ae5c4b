import { describe, expect, it } from 'vitest';
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
    expect(model.network.layers.map((layer) => layer.type)).toEqual(
      cnnDoc().layers.map((layer) => layer.type),
    );
    const conv = model.network.layers[1]!;
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
      'in channels that differ from the layer before',
      withDoc((d) => (d.layers[1]!.weights = filled([3, 3, 3, 2], 0.1))),
      'layers[1].weights',
      'expected a 3×3×1×2 array (kernel height × kernel width × in channels × out channels), found 3×3×3×2 — layers[0] (image-input) gives (batch, 4, 4, 1): 1 in channels',
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
      'a Dense layer after a conv without Flatten',
      withDoc((d) =>
        d.layers.splice(2, 7, { type: 'dense', weights: filled([2, 2], 1), biases: [0, 0] }),
      ),
      'layers[2]',
      'dense needs (batch, features); layers[1] (conv2d) gives (batch, 4, 4, 2) — add Flatten or global average pooling',
    ],
    [
      'Dense weights that do not fit the flattened size',
      withDoc((d) => (d.layers[7]!.weights = filled([16, 2], 0.5))),
      'layers[7].weights',
      'expected a 8×2 matrix (n_inputs × n_neurons), found 16×2',
    ],
    [
      'a conv after Flatten',
      withDoc((d) => d.layers.splice(7, 0, d.layers[1]!)),
      'layers[7]',
      'conv2d needs a picture (batch, height, width, channels); layers[6] (flatten) gives (batch, 8)',
    ],
    [
      'softmax on pictures',
      withDoc((d) => d.layers.splice(2, 0, { type: 'softmax' })),
      'layers[2]',
      'softmax needs (batch, features), found (batch, 4, 4, 2) — add Flatten or global average pooling; layers[1] (conv2d) gives (batch, 4, 4, 2)',
    ],
    [
      'a pooling window larger than the picture',
      withDoc((d) => (d.layers[4]!.size = 5)),
      'layers[4]',
      'maxpool2d: a 5×5 window does not fit 4×4 — use a pool size of at most 4; layers[3] (relu) gives (batch, 4, 4, 2)',
    ],
    [
      'batchnorm arrays of another length than the channels',
      withDoc((d) => (d.layers[2]!.gamma = [1, 1, 1])),
      'layers[2].gamma',
      'expected 2 numbers, one per channel of the values arriving (layers[1] (conv2d) gives (batch, 4, 4, 2)), found 3',
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
      'unknown key "padding", allowed keys are type, size, stride, position',
    ],
    [
      'an image input after the first layer',
      withDoc((d) => d.layers.splice(1, 0, d.layers[0]!)),
      'layers[1].type',
      'found a second input layer, only layers[0] may be the input layer',
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

  it('refuses NaN in a conv weight with its path, line and column', () => {
    const text = JSON.stringify(cnnDoc(), null, 2).replace('0.1', 'NaN');
    const error = refusal(text);
    expect(error.path).toBe('layers[1].weights[0][0][0][0]');
    expect(error.message).toMatch(
      /^layers\[1\]\.weights\[0\]\[0\]\[0\]\[0\]: expected a finite number, found NaN at line \d+, column \d+ — non-finite numbers are not allowed$/,
    );
  });
});
