/**
 * `weightcraft predict MODEL IMAGE...`: the class and its probability for each picture, decoded
 * and resized as training decoded the data set. A file that is not a picture gets its own
 * message line and the exit code 1, after the others are done.
 */
import { decodeImageFile, PictureError } from '../images/decode.ts';
import { forward } from '../../src-shared/net/forward.ts';
import { testFlipOf } from '../../src-shared/model-file/training-record.ts';
import { tensor } from '../../src-shared/tensor/tensor.ts';
import { applyTransform } from '../../src-shared/vision/augment.ts';
import { argmaxRows } from '../../src-shared/train/metrics.ts';
import { readModel, runnable, type Runnable } from '../read-model.ts';
import { readPreprocessing } from '../trained.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export interface PredictOptions {
  json: boolean;
}

export interface Prediction {
  file: string;
  class: string;
  probability: number;
  /** Every class's probability, by name. */
  probabilities: Record<string, number>;
}

export async function predictCommand(
  modelPath: string | undefined,
  files: string[],
  options: PredictOptions,
  io: CommandIo,
): Promise<void> {
  if (!modelPath || files.length === 0) {
    throw new UsageError(
      'predict needs a model and at least one picture: weightcraft predict MODEL IMAGE...',
    );
  }
  const model = runnable(await readModel(modelPath), modelPath);
  const input = model.network.layers[0];
  if (input?.type !== 'image-input') {
    throw new UsageError(
      `${modelPath} does not take pictures: its first layer is ${input?.type ?? 'missing'}, not an image input`,
    );
  }
  const classNames = classNamesOf(model, modelPath);
  const failed: string[] = [];
  for (const file of files) {
    let pixels: Uint8Array;
    try {
      pixels = await decodeImageFile(file, input);
    } catch (error) {
      if (!(error instanceof PictureError)) throw error;
      failed.push(error.message);
      io.stdout(
        options.json ? `${JSON.stringify({ file, error: error.message })}\n` : `${error.message}\n`,
      );
      continue;
    }
    const p = predictPixels(model, pixels, classNames, file);
    io.stdout(
      options.json
        ? `${JSON.stringify(p)}\n`
        : `${file}: ${p.class} ${(p.probability * 100).toFixed(1)}%\n`,
    );
  }
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} of ${files.length} file${files.length === 1 ? ' is' : 's are'} not pictures the model could read`,
    );
  }
}

/**
 * The model's answer for one picture. A model trained with test-time flips (the default) was
 * scored on the average of each picture and its mirror image, so predict answers the same way.
 */
export function predictPixels(
  model: Runnable,
  pixels: Uint8Array,
  classNames: string[],
  file: string,
): Prediction {
  const input = model.network.layers[0] as { height: number; width: number; channels: number };
  const shape = [1, input.height, input.width, input.channels];
  const run = (values: Float32Array) => forward(model.network, tensor(values, shape)).at(-1)!.data;
  const probabilities = Float32Array.from(run(Float32Array.from(pixels)));
  if (testFlipOf(model.training)) {
    const mirrored = new Float32Array(pixels.length);
    applyTransform(pixels, mirrored, 0, input, { dy: 0, dx: 0, flip: true });
    run(mirrored).forEach((p, k) => (probabilities[k] = (probabilities[k]! + p) / 2));
  }
  const best = argmaxRows(probabilities, 1, probabilities.length)[0]!;
  return {
    file,
    class: classNames[best]!,
    probability: probabilities[best]!,
    probabilities: Object.fromEntries(classNames.map((name, k) => [name, probabilities[k]!])),
  };
}

/** The class names `train` stored, else "class 0", "class 1"... */
export function classNamesOf(model: Runnable, path: string): string[] {
  const last = model.network.layers.at(-1);
  const outputs = model.network.layers.findLast((l) => l.type === 'dense')?.biases.data.length ?? 0;
  let stored: string[] | null;
  try {
    stored = readPreprocessing(model.training, 0).classNames;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
  if (last?.type !== 'softmax')
    throw new UsageError(
      `${path}: the last layer is ${last?.type}; a classifier ends with softmax`,
    );
  if (stored && stored.length !== outputs) {
    throw new Error(
      `${path}: the training record names ${stored.length} classes, but the network has ${outputs} outputs`,
    );
  }
  return stored ?? Array.from({ length: outputs }, (_, k) => `class ${k}`);
}
