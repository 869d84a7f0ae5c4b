/**
 * `weightcraft train MODEL --data DATA -o OUT`: trains any network on data of its kind (rows of
 * features from a CSV file or a generated set, or a folder of class subfolders) with the one
 * trainer, prints its progress, and writes the model with its training record (settings,
 * curves, figures, class names, preprocessing, data). The trained chain's layers replace their
 * nodes; every other node and wire stays.
 *
 * OUT is written after every epoch (at most once a second), so a long run that is stopped
 * keeps its last epoch; after the last one the record's figures are the final weights' own on
 * the training data. A run whose loss or weights stop being finite exits with the trainer's
 * message (which says to lower the learning rate), code 1, and says what OUT holds. A run that
 * cannot learn (a loss flat at chance, exploding gradients, dead ReLUs) prints the trainer's hint
 * once, with its likely cause and a setting to try; a Dense layer whose all-zero weights would
 * keep it from learning is named in a warning before the run, which goes on (a file may start
 * that way on purpose). Ctrl-C or SIGTERM lets the current step
 * finish, writes OUT as it then is and exits 130, saying so.
 */
import { setImmediate } from 'node:timers/promises';
import { serializeModel } from '../../src-shared/model-file/index.ts';
import { withLayers } from '../../src-shared/document/model-io.ts';
import type { Layer } from '../../src-shared/layers/index.ts';
import type { FinalFigures, Model } from '../../src-shared/nn/model.ts';
import { TrainHistory } from '../../src-shared/train/history.ts';
import type { TrainingSettings } from '../../src-shared/train/settings.ts';
import {
  createTrainer,
  type EpochReport,
  type Evaluation,
  type Trainer,
} from '../../src-shared/train/trainer.ts';
import { engineReplica } from '../../src-shared/worker/replica-ops.ts';
import { startNodeEngine } from '../engine-node.ts';
import { formatAccuracy, formatLoss, formatSeconds, TrainProgressPrinter } from '../progress.ts';
import { readModel, runnable } from '../read-model.ts';
import { Interrupted, onInterrupt } from '../interrupt.ts';
import { isFolder, prepareOutput, writeText } from '../read-text.ts';
import { picturesForTraining, rowsForTraining, type TrainingSet } from '../train-data.ts';
import {
  describeSettings,
  parseTrainingSettings,
  parseWorkers,
  type TrainOptions,
} from '../train-settings.ts';
import { trainingRecord } from '../trained.ts';
import { memoryLimit, requireBudget } from '../memory-limit.ts';
import { layerName, type DataSize } from '../../src-shared/net/budget.ts';
import { zeroWeightLayers, zeroWeightProblem } from '../../src-shared/train/zero-weights.ts';
import { layerShapes } from '../../src-shared/net/network.ts';
import { UsageError, type CommandIo } from '../usage.ts';

export type { TrainOptions };

/** Epoch ends closer together than this are not all written (a spiral's take a millisecond). */
const SAVE_MS = 1000;
/** How long a run on this thread computes before letting signals and pipes be handled. */
const YIELD_MS = 20;

export async function trainCommand(
  modelPath: string | undefined,
  options: TrainOptions,
  io: CommandIo,
): Promise<void> {
  if (!modelPath) {
    throw new UsageError('train needs a model file: weightcraft train MODEL --data DATA -o OUT');
  }
  const { data: source, output } = options;
  if (!source) {
    throw new UsageError(
      'train needs --data: a folder of class subfolders, a CSV file, or a data set such as spiral:3x100',
    );
  }
  if (!output) throw new UsageError('train needs -o OUT, the file to write the result to');
  // Now, not after the run: a link to nothing is refused, a killed run's leftovers go.
  await prepareOutput(output);
  const model = await readModel(modelPath);
  const chain = runnable(model, modelPath);
  const { layers } = chain.network;
  for (const found of zeroWeightLayers(chain.network)) {
    const name = layerName(layers, found.layer, chain.nodeIds);
    io.warn(`${modelPath}: ${zeroWeightProblem(found, name)} Training it as it is.`);
  }
  const kind = (await isFolder(source)) ? 'pictures' : 'rows';
  const settings = parseTrainingSettings(options, kind, chain.network);
  const workers = parseWorkers(options.workers, kind);
  const limit = memoryLimit(options['memory-limit']);
  // A step at the batch, shared by the workers, with the whole data set held: refused before
  // the pictures are read, or once the rows are.
  const budget = (data: DataSize) =>
    requireBudget(modelPath, chain.network, {
      batch: Math.min(settings.batchSize || data.count, data.count),
      mode: 'train',
      replicas: Math.max(1, workers),
      optimizerSlots: settings.optimizer === 'sgd' ? 1 : 2,
      data,
      nodeIds: chain.nodeIds,
      limit,
    });
  const shape = layerShapes(chain.network)[0]!;
  if (kind === 'pictures') {
    for (const flag of ['label', 'labels', 'normalize'] as const) {
      if (options[flag] !== undefined) {
        throw new UsageError(`--${flag} applies to CSV files and generated data sets only`);
      }
    }
  }
  const set =
    kind === 'pictures'
      ? await picturesForTraining(source, modelPath, chain.network, settings, io, (count) =>
          budget({ kind: 'pictures', count, shape }),
        )
      : await rowsForTraining(source, modelPath, chain.network, settings, options);
  if (kind === 'rows') {
    const count = set.train.count + (set.validation?.count ?? 0);
    budget({ kind: 'rows', count, features: shape[0]! });
  }

  // From here on a signal lets the current step finish; the loop then writes OUT and stops.
  let interrupted = false;
  const stopListening = onInterrupt(() => (interrupted = true));
  const engines = Array.from({ length: workers }, () => startNodeEngine());
  try {
    const trainer = await createTrainer({
      network: chain.network,
      data: set.train,
      ...(set.validation ? { validation: set.validation } : {}),
      settings,
      testFlip: set.testFlip,
      ...(workers ? { replicas: engines.map((e) => engineReplica(e.client)) } : {}),
    });
    const n = set.train.count;
    const batch = Math.min(settings.batchSize || n, n);
    io.stdout(
      `training ${modelPath} on ${source}: ${set.description}; ${describeSettings(settings)}; ` +
        `${settings.epochs} epoch${settings.epochs === 1 ? '' : 's'} of ${trainer.stepsPerEpoch} ` +
        `step${trainer.stepsPerEpoch === 1 ? '' : 's'} (batch ${batch})` +
        ` on ${workers ? `${workers} worker${workers === 1 ? '' : 's'}` : 'this thread'}\n`,
    );
    const run: Run = {
      model,
      nodeIds: chain.nodeIds,
      settings,
      set,
      started: new Date(),
      curves: new TrainHistory(),
      output,
    };
    const printer = new TrainProgressPrinter({
      io,
      epochs: settings.epochs,
      totalSteps: trainer.totalSteps,
    });
    let saved = 0;
    let savedAt = -Infinity;
    let validation: Evaluation | null = null;
    let lastEpoch: EpochReport | null = null;
    let turnedAt = performance.now();
    while (!trainer.done) {
      // A step on this thread resolves without giving the event loop a turn, and a signal's
      // handler runs only on one: let it run every few milliseconds, or Ctrl-C waits a save.
      if (performance.now() - turnedAt > YIELD_MS) {
        await setImmediate();
        turnedAt = performance.now();
      }
      if (interrupted) {
        printer.end();
        throw await stopInterrupted({ run, trainer, lastEpoch, validation });
      }
      const point = await trainer.step();
      if ('stopped' in point) {
        printer.end();
        // A run that diverged has gone back to its best weights; a file written since then
        // would hold worse ones, so it gets the best ones back.
        if (saved && point.stopped === 'diverged') {
          const best = await trainer.evaluate(set.train);
          const figures = { epochs: point.keptEpoch ?? 0, steps: trainer.steps, ...best };
          await save(run, (await trainer.network()).layers, finalFigures(figures, validation));
        }
        const kept = !saved
          ? '; nothing was written'
          : point.stopped === 'diverged'
            ? `; ${output} holds the weights kept`
            : `; ${output} holds the model after epoch ${saved}`;
        throw new Error(`training stopped: ${point.message}${kept}`);
      }
      run.curves.add({ points: [point], validation: [] });
      printer.step(point);
      // The trainer raises each hint once: a run that cannot learn says why as it happens.
      for (const hint of point.hints ?? []) {
        printer.end();
        io.stdout(`hint: ${hint.message}\n`);
      }
      const end = point.epochEnd;
      if (!end) continue;
      lastEpoch = end;
      if (end.validation) {
        validation = end.validation;
        run.curves.add({ points: [], validation: [{ step: point.step, ...end.validation }] });
      }
      // The last epoch is written below, with the final weights' own figures.
      if (point.done || performance.now() - savedAt < SAVE_MS) continue;
      const figures = {
        epochs: end.epoch,
        steps: point.step,
        loss: end.loss,
        accuracy: end.accuracy,
      };
      await save(run, (await trainer.network()).layers, finalFigures(figures, validation));
      saved = end.epoch;
      savedAt = performance.now();
    }
    printer.end();
    const seconds = printer.seconds;
    const final = await trainer.evaluate(set.train);
    const figures = {
      epochs: settings.epochs,
      steps: trainer.steps,
      loss: final.loss,
      accuracy: final.accuracy,
    };
    await save(run, (await trainer.network()).layers, finalFigures(figures, validation));
    io.stdout(
      `done: ${settings.epochs} epochs, ${trainer.steps} steps in ${formatSeconds(seconds)}\n` +
        figuresLine('training', final, set.train.count) +
        (validation && set.validation
          ? figuresLine('validation', validation, set.validation.count)
          : '') +
        `wrote ${output}\n`,
    );
  } finally {
    stopListening();
    await Promise.all(engines.map((e) => e.close()));
  }
}

/**
 * Ctrl-C or SIGTERM between two steps: writes the model as it is after the last step (through
 * the atomic save, so OUT is never half written) and returns the error that says so.
 */
async function stopInterrupted(at: {
  run: Run;
  trainer: Trainer;
  lastEpoch: EpochReport | null;
  validation: Evaluation | null;
}): Promise<Interrupted> {
  const { run, trainer, lastEpoch } = at;
  const { steps, stepsPerEpoch, totalSteps } = trainer;
  if (steps === 0) return new Interrupted('interrupted before the first step; nothing was written');
  const figures = {
    epochs: Math.floor(steps / stepsPerEpoch),
    steps,
    loss: lastEpoch?.loss ?? null,
    accuracy: lastEpoch?.accuracy ?? null,
  };
  await save(run, (await trainer.network()).layers, finalFigures(figures, at.validation));
  return new Interrupted(
    `interrupted at step ${steps} of ${totalSteps} (epoch ${Math.ceil(steps / stepsPerEpoch)} of ${run.settings.epochs}); ${run.output} holds the model after that step`,
  );
}

/** What one run writes besides the layers. */
interface Run {
  model: Model;
  /** The nodes the trained layers go back to. */
  nodeIds: readonly string[];
  settings: TrainingSettings;
  set: TrainingSet;
  started: Date;
  curves: TrainHistory;
  output: string;
}

/** The training figures with the latest validation figures. */
function finalFigures(
  training: Pick<FinalFigures, 'epochs' | 'steps' | 'loss' | 'accuracy'>,
  v: Evaluation | null,
): FinalFigures {
  return {
    ...training,
    validationLoss: v ? v.loss : null,
    validationAccuracy: v ? v.accuracy : null,
    validationRight: v?.confusion ? v.confusion.reduce((sum, row, i) => sum + row[i]!, 0) : null,
    validationTotal: v?.predicted ? v.predicted.length : null,
  };
}

/** Writes the model with these layers and a training record that replaces the old one. */
async function save(run: Run, layers: readonly Layer[], final: FinalFigures): Promise<void> {
  const { model, set } = run;
  const training = trainingRecord({
    settings: run.settings,
    curves: run.curves.snapshot(),
    final,
    classNames: set.classNames,
    preprocessing: set.preprocessing,
    data: set.data,
    started: run.started,
    ended: new Date(),
  });
  const trained = withLayers(model, run.nodeIds, [...layers]);
  await writeText(
    run.output,
    serializeModel({
      ...trained,
      metadata: { ...model.metadata, modified: new Date().toISOString() },
      training,
    }),
  );
}

function figuresLine(
  name: string,
  figures: { loss: number; accuracy: number },
  samples: number,
): string {
  return `${name.padEnd(10)}  loss ${formatLoss(figures.loss)}  accuracy ${formatAccuracy(figures.accuracy)}  (${samples} samples)\n`;
}
