/** `weightcraft validate`: exit 0 with a summary and the compute estimate, or 1 with the validation message. */
import { layerShapes } from '../../src-shared/net/network.ts';
import { parameterCount } from '../../src-shared/layers/index.ts';
import {
  checkBudget,
  estimateCompute,
  formatBytes,
  formatFlops,
} from '../../src-shared/net/budget.ts';
import { IMAGE_DEFAULTS } from '../../src-shared/train/settings.ts';
import { isImageNetwork } from '../../src-shared/net/network.ts';
import { memoryLimit } from '../memory-limit.ts';
import { readModel, runnable } from '../read-model.ts';
import { overflowWarning } from '../overflow-probe.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export async function validateCommand(
  modelPath: string | undefined,
  options: { 'memory-limit'?: string },
  io: CommandIo,
): Promise<void> {
  if (!modelPath) throw new UsageError('validate needs a model file: weightcraft validate MODEL');
  const limit = memoryLimit(options['memory-limit']);
  const model = runnable(await readModel(modelPath), modelPath);
  const { network, nodeIds } = model;
  const params = network.layers.reduce((sum, layer) => sum + parameterCount(layer), 0);
  // Each layer's output per sample: dense(5), conv2d(32, 32, 16).
  const shapes = layerShapes(network);
  const summary = network.layers
    .map((layer, i) => `${layer.type}(${shapes[i]!.join(', ')})`)
    .join(' → ');
  io.stdout(
    `${modelPath}: valid, ${network.layers.length} layers, ${params} parameters: ${summary}\n`,
  );
  // A training step at the batch the model was trained with (0: all its training samples), else
  // the pictures' default; rows default to the whole set, unknown here, so one sample.
  const { training } = model;
  const trainBatch =
    training?.settings.batchSize ||
    training?.data.training ||
    (isImageNetwork(network) ? IMAGE_DEFAULTS.batchSize : 1);
  const passes = [
    { batch: 1, mode: 'forward' as const, nodeIds },
    { batch: trainBatch, mode: 'train' as const, nodeIds },
  ];
  const [one, step] = passes.map((pass) => estimateCompute(network, pass)) as [
    ReturnType<typeof estimateCompute>,
    ReturnType<typeof estimateCompute>,
  ];
  io.stdout(
    `compute: a forward pass of 1 sample holds ${formatBytes(one.peakBytes)} and takes ${formatFlops(one.flops)}; ` +
      `a training step at batch ${trainBatch} holds ${formatBytes(step.peakBytes)} and takes ${formatFlops(step.flops)}\n`,
  );
  for (const pass of passes) {
    const refused = checkBudget(network, { ...pass, limit });
    if (refused !== null) io.warn?.(`${modelPath}: ${refused}`);
  }
  const warning = overflowWarning(model, modelPath);
  if (warning !== null) io.warn(warning);
}
