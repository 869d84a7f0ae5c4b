/** Does a model fit a data set, and how well does it do on it (loss, accuracy, confusion). */
import { layerUnits, precisionOf, type Network } from '../src-shared/net/network.ts';
import type { Tensor } from '../src-shared/tensor/tensor.ts';
import { evaluateOn, type Evaluation } from '../src-shared/train/evaluate.ts';
import { localReplica } from '../src-shared/train/replica.ts';
import { featureSamples } from '../src-shared/train/samples.ts';
import { lossFor } from '../src-shared/worker/train-handler.ts';

/**
 * Refuses, in one line naming the model file, data the network cannot take: another number of
 * features than its input layer, or of classes than its output (softmax: one unit per class;
 * sigmoid: one unit, two classes). Other last layers are not classifiers.
 */
export function checkFits(
  network: Network,
  data: { x: Tensor; classes: number },
  modelPath: string,
): void {
  const first = network.layers[0];
  const features = data.x.shape[1] as number;
  if (first?.type === 'input' && first.units !== features) {
    throw new Error(
      `${modelPath}: the data has ${features} feature${features === 1 ? '' : 's'}, but the Input layer takes ${first.units}`,
    );
  }
  const units = layerUnits(network).at(-1)!;
  const last = network.layers.at(-1)!.type;
  switch (lossFor(network)) {
    case 'categorical-crossentropy':
      if (units !== data.classes) {
        throw new Error(
          `${modelPath}: the data has ${data.classes} classes, but the network's softmax puts out ${units} (one per class)`,
        );
      }
      return;
    case 'binary-crossentropy':
      if (units !== 1 || data.classes > 2) {
        throw new Error(
          `${modelPath}: a sigmoid output tells 2 classes apart with 1 unit; the data has ${data.classes} classes and the network puts out ${units}: end it in softmax with ${data.classes} units`,
        );
      }
      return;
    case 'mse':
      throw new Error(
        `${modelPath}: the network ends in a ${last} layer, so it is not a classifier: end it in softmax (one unit per class) or sigmoid (two classes)`,
      );
    default:
      throw new Error(`unknown loss for a ${last} layer`);
  }
}

/** Loss (the one training uses), accuracy and confusion matrix of the network on (x, y). */
export async function evaluateNetwork(
  network: Network,
  x: Tensor,
  y: Int32Array,
): Promise<Evaluation> {
  const replica = localReplica();
  await replica.load(network, precisionOf(network));
  const units = layerUnits(network);
  return evaluateOn([replica], featureSamples(x, y), {
    loss: lossFor(network),
    outputs: units.at(-1)!,
    endsWithSoftmax: network.layers.at(-1)?.type === 'softmax',
    testFlip: false,
  });
}
