/** `weightcraft new`: the notebook's Layer_Dense network after np.random.seed(seed). */
import { writeFile } from 'node:fs/promises';
import { isActivation, type ActivationType } from '../../src-shared/nn/activations.ts';
import { notebookNetwork } from '../../src-shared/nn/network.ts';
import { serializeModel } from '../../src-shared/model-file/index.ts';
import { parseList, parseWhole } from '../options.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export interface NewOptions {
  seed: string;
  layers?: string;
  activations?: string;
  output?: string;
}

export async function newCommand(options: NewOptions, io: CommandIo): Promise<void> {
  if (!options.layers) throw new UsageError('new needs --layers, e.g. --layers 4,5,2');
  const sizes = parseList(options.layers, '--layers').map((s) => parseWhole(s, '--layers'));
  const seed = parseWhole(options.seed, '--seed', 2 ** 32 - 1);
  let activations: ActivationType[] | undefined;
  if (options.activations) {
    activations = parseList(options.activations, '--activations').map((name) => {
      if (!isActivation(name)) {
        throw new UsageError(
          `--activations: unknown activation "${name}", expected relu, sigmoid, tanh, softmax or linear`,
        );
      }
      return name;
    });
  }
  const network = notebookNetwork({ seed, sizes, activations });
  const text = serializeModel({
    network,
    examples: [],
    metadata: {
      name: `Dense ${sizes.join('-')}`,
      created: new Date().toISOString(),
      seed,
    },
  });
  if (options.output) await writeFile(options.output, text);
  else io.stdout(text);
}
