/** `weightcraft validate`: exit 0 with a summary, or 1 with the validation message. */
import { layerShapes } from '../../src-shared/net/network.ts';
import { parameterCount } from '../../src-shared/layers/index.ts';
import { readModel, runnable } from '../read-model.ts';
import { overflowWarning } from '../overflow-probe.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export async function validateCommand(modelPath: string | undefined, io: CommandIo): Promise<void> {
  if (!modelPath) throw new UsageError('validate needs a model file: weightcraft validate MODEL');
  const model = runnable(await readModel(modelPath), modelPath);
  const { network } = model;
  const params = network.layers.reduce((sum, layer) => sum + parameterCount(layer), 0);
  // Each layer's output per sample: dense(5), conv2d(32, 32, 16).
  const shapes = layerShapes(network);
  const summary = network.layers
    .map((layer, i) => `${layer.type}(${shapes[i]!.join(', ')})`)
    .join(' → ');
  io.stdout(
    `${modelPath}: valid, ${network.layers.length} layers, ${params} parameters: ${summary}\n`,
  );
  const warning = overflowWarning(model, modelPath);
  if (warning !== null) io.warn?.(warning);
}
