/** `weightcraft new`: the notebook's Layer_Dense network after np.random.seed(seed). */
import { isActivation, type ActivationType } from '../../src-shared/layers/index.ts';
import { notebookNetwork } from '../../src-shared/net/init.ts';
import { serializeModel } from '../../src-shared/model-file/index.ts';
import { chainModel } from '../../src-shared/nn/model.ts';
import { denseOnly, smallCnn } from '../../src-shared/vision/init.ts';
import { parseChoice, parseList, parseWhole } from '../options.ts';
import { writeText } from '../read-text.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export interface NewOptions {
  seed: string;
  template?: string;
  size?: string;
  channels?: string;
  classes?: string;
  widths?: string;
  hidden?: string;
  layers?: string;
  activations?: string;
  output?: string;
}

export async function newCommand(options: NewOptions, io: CommandIo): Promise<void> {
  if (options.template) return newImageModel(options, io);
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
  const text = serializeModel(
    chainModel({
      network,
      examples: [],
      metadata: {
        name: `Dense ${sizes.join('-')}`,
        created: new Date().toISOString(),
        seed,
      },
    }),
  );
  if (options.output) await writeText(options.output, text);
  else io.stdout(text);
}

const TEMPLATES = ['small-cnn', 'dense-only'] as const;

/** `new --template small-cnn|dense-only`: an image classifier, He-initialised from --seed. */
async function newImageModel(options: NewOptions, io: CommandIo): Promise<void> {
  const template = parseChoice(options.template!, '--template', TEMPLATES);
  const seed = parseWhole(options.seed, '--seed', 2 ** 32 - 1);
  const size = parseWhole(options.size ?? '64', '--size', 512);
  if (size < 4) throw new UsageError(`--size: pictures need at least 4×4 pixels, found ${size}`);
  const channels =
    parseChoice(options.channels ?? '3', '--channels', ['1', '3'] as const) === '1' ? 1 : 3;
  const classes = parseWhole(options.classes ?? '2', '--classes', 1000);
  if (classes < 2)
    throw new UsageError(`--classes: a classifier needs at least 2, found ${classes}`);
  const common = { size, channels, classes, seed } as const;
  const layers =
    template === 'small-cnn'
      ? smallCnn({
          ...common,
          ...(options.widths
            ? {
                widths: parseList(options.widths, '--widths').map((w) =>
                  parseWhole(w, '--widths', 4096),
                ),
              }
            : {}),
        })
      : denseOnly({ ...common, hidden: parseWhole(options.hidden ?? '128', '--hidden', 65536) });
  const text = serializeModel(
    chainModel({
      network: { layers },
      examples: [],
      metadata: {
        name: `${template === 'small-cnn' ? 'Small CNN' : 'Dense only'} ${size}×${size}×${channels}`,
        created: new Date().toISOString(),
        seed,
      },
    }),
  );
  if (options.output) await writeText(options.output, text);
  else io.stdout(text);
}
