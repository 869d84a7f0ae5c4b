/** `weightcraft forward`: every layer's output for a batch of inputs, computed in the engine worker. */
import { formatArray } from '../../src-shared/numpy/format.ts';
import { layerShapes } from '../../src-shared/net/network.ts';
import { sizeOf, toNested } from '../../src-shared/tensor/tensor.ts';
import { startNodeEngine } from '../engine-node.ts';
import { readModel, runnable } from '../read-model.ts';
import { checkFinite } from '../finite-outputs.ts';
import { memoryLimit, requireBudget } from '../memory-limit.ts';
import { parseInputs, sayReading } from '../read-input.ts';
import { readText } from '../read-text.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export interface ForwardOptions {
  input?: string;
  numpy: boolean;
  'memory-limit'?: string;
}

export async function forwardCommand(
  modelPath: string | undefined,
  options: ForwardOptions,
  io: CommandIo,
): Promise<void> {
  if (!modelPath)
    throw new UsageError('forward needs a model file: weightcraft forward MODEL --input FILE');
  if (!options.input)
    throw new UsageError('forward needs --input FILE (a JSON array or a CSV file)');
  const limit = memoryLimit(options['memory-limit']);
  const model = runnable(await readModel(modelPath), modelPath);
  const { network, nodeIds } = model;
  const parsed = parseInputs(await readText(options.input, 'input'), options.input);
  sayReading(options.input, parsed, io);
  const inputs = parsed.tensor;
  const batch = Math.ceil(inputs.data.length / sizeOf(layerShapes(network)[0]!)) || 1;
  requireBudget(modelPath, network, { batch, mode: 'forward', nodeIds, limit });
  const engine = startNodeEngine();
  try {
    const { outputs } = await engine.client.call('forward', { network, inputs });
    checkFinite(outputs, model, options.input);
    if (options.numpy) io.stdout(outputs.map((t) => formatArray(t)).join('\n') + '\n');
    else io.stdout(JSON.stringify({ outputs: outputs.map(toNested) }) + '\n');
  } finally {
    await engine.close();
  }
}
