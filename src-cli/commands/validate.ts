/** `weightcraft validate`: exit 0 with a summary, or 1 with the validation message. */
import { layerUnits } from '../../src-shared/nn/network.ts';
import { parameterCount } from '../../src-shared/nn/layers.ts';
import { readModel } from '../read-model.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export async function validateCommand(modelPath: string | undefined, io: CommandIo): Promise<void> {
  if (!modelPath) throw new UsageError('validate needs a model file: weightcraft validate MODEL');
  const { network } = await readModel(modelPath);
  const params = network.layers.reduce((sum, layer) => sum + parameterCount(layer), 0);
  const units = layerUnits(network);
  const summary = network.layers.map((layer, i) => `${layer.type}(${units[i]})`).join(' → ');
  io.stdout(
    `${modelPath}: valid, ${network.layers.length} layers, ${params} parameters: ${summary}\n`,
  );
}
