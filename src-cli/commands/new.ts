/** `weightcraft new`: the notebook's Layer_Dense network after np.random.seed(seed). */
import { isActivation, type ActivationType } from '../../src-shared/nn/activations.ts';
import { notebookNetwork } from '../../src-shared/nn/network.ts';
import { serializeModel } from '../../src-shared/model-file/index.ts';
import { parseList, parseWhole } from '../options.ts';
import { writeText } from '../read-text.ts';
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
  if (sizes.length < 2)
    throw new UsageError('--layers: give the inputs and at least one layer, e.g. 4,3');
  const empty = sizes.findIndex((size) => size < 1);
  if (empty >= 0) {
    throw new UsageError(`--layers: every size must be at least 1, found 0 at item ${empty + 1}`);
  }
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
    const dense = sizes.length - 1;
    if (activations.length !== dense) {
      throw new UsageError(
        `--activations: ${dense} Dense layer${dense === 1 ? '' : 's'} need${dense === 1 ? 's' : ''} ${dense} activation${dense === 1 ? '' : 's'}, one each, found ${activations.length}`,
      );
    }
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
  if (options.output) await writeText(options.output, text);
  else io.stdout(text);
}
